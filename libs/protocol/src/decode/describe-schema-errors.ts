import type { TLocalizedValidationError } from 'typebox/error';

/** Enough to fix the first problems; a frame with hundreds of errors does not need them all listed. */
const MAX_LISTED = 3;

/**
 * A short account of why a message fails its schema, naming each JSON path (JSON Pointer, `/jobs/0/cpuTimeS`):
 * `/jobs/0/cpuTimeS must be >= 0; /extra is not a known property`.
 */
export function describeSchemaErrors(errors: readonly TLocalizedValidationError[]): string {
  // A field of a union type (`integer | null`) fails once per branch; those become one line.
  const typesAt = new Map<string, string[]>();
  const lines: (string | { path: string })[] = [];
  for (const error of errors) {
    const path = error.instancePath;
    switch (error.keyword) {
      case 'boolean': // `additionalProperties: false` also reports the property as `false`: keep the named report
      case 'anyOf': // each branch of the union was reported already
        break;
      case 'additionalProperties':
        for (const name of error.params.additionalProperties) {
          lines.push(`${child(path, name)} is not a known property`);
        }
        break;
      case 'required':
        for (const name of error.params.requiredProperties) {
          lines.push(`${child(path, name)} is required`);
        }
        break;
      case 'enum':
        lines.push(`${shown(path)} must be one of ${error.params.allowedValues.map((value) => JSON.stringify(value)).join(', ')}`);
        break;
      case 'type': {
        const types = typesAt.get(path);
        const named = Array.isArray(error.params.type) ? error.params.type : [error.params.type];
        if (types) {
          types.push(...named);
        } else {
          typesAt.set(path, [...named]);
          lines.push({ path });
        }
        break;
      }
      default:
        lines.push(`${shown(path)} ${error.message}`);
    }
  }
  const described = [
    ...new Set(
      lines.map((line) => (typeof line === 'string' ? line : `${shown(line.path)} must be ${typesAt.get(line.path)?.join(' or ')}`)),
    ),
  ];
  if (described.length === 0) {
    return 'does not match its schema';
  }
  const more = described.length > MAX_LISTED ? ` (and ${described.length - MAX_LISTED} more)` : '';
  return described.slice(0, MAX_LISTED).join('; ') + more;
}

function shown(path: string): string {
  return path === '' ? '/' : path;
}

/** The JSON Pointer of a property (RFC 6901 escapes `~` and `/` in names). */
function child(path: string, name: string): string {
  return `${path}/${name.replaceAll('~', '~0').replaceAll('/', '~1')}`;
}
