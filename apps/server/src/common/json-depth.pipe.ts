import { BadRequestException, Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';

/**
 * Refuses request bodies nested deeper than any real request (a 10 KB `[[[[…]]]]` would otherwise
 * overflow the stack in class-transformer and come back as a 500). Runs before the ValidationPipe;
 * measures iteratively, so the measuring itself cannot overflow.
 */
@Injectable()
export class JsonDepthPipe implements PipeTransform {
  constructor(private readonly maxDepth = 32) {}

  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'body' && depthOf(value) > this.maxDepth) {
      throw new BadRequestException(`the request body nests more than ${this.maxDepth} levels deep: no Majorana request does`);
    }
    return value;
  }
}

function depthOf(root: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[root, 1]];
  for (let entry = stack.pop(); entry; entry = stack.pop()) {
    const [value, depth] = entry;
    if (value === null || typeof value !== 'object') {
      continue;
    }
    deepest = Math.max(deepest, depth);
    for (const child of Array.isArray(value) ? value : Object.values(value)) {
      stack.push([child, depth + 1]);
    }
  }
  return deepest;
}
