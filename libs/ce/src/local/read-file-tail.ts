import { open } from 'node:fs/promises';
import { errnoCode } from './errno-code.js';

/**
 * The last `maxBytes` of a UTF-8 text file ('' when it does not exist). A pilot's log can grow to
 * gigabytes over days; the end is what explains how it finished, so that is what we read, without
 * loading the rest. A cut inside a multi-byte character drops its leftover bytes instead of showing
 * a replacement character.
 */
export async function readFileTail(path: string, maxBytes: number): Promise<string> {
  let file;
  try {
    file = await open(path, 'r');
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') {
      return '';
    }
    throw error;
  }
  try {
    const { size } = await file.stat();
    const length = Math.min(size, maxBytes);
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await file.read(buffer, 0, length, size - length);
    let start = 0;
    if (length < size) {
      // UTF-8 continuation bytes are 10xxxxxx; at most 3 of them can follow a cut.
      while (start < Math.min(bytesRead, 3) && (buffer[start]! & 0xc0) === 0x80) {
        start++;
      }
    }
    return buffer.toString('utf8', start, bytesRead);
  } finally {
    await file.close();
  }
}
