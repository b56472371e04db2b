import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** What a heartbeat carries of a job's stdout: enough to see where it is, small enough for a frame. */
export const TAIL_MAX_BYTES = 8 * 1024;
export const TAIL_MAX_LINES = 50;

/**
 * The last lines of a chunk read from the end of a file. When the chunk does not start at the file's
 * beginning its first line is partial (and may start inside a UTF-8 sequence), so it is dropped.
 */
export function lastLines(chunk: Buffer, startsAtFileBeginning: boolean, maxLines: number = TAIL_MAX_LINES): string {
  let text = chunk.toString('utf8');
  if (!startsAtFileBeginning) {
    const firstBreak = text.indexOf('\n');
    text = firstBreak < 0 ? '' : text.slice(firstBreak + 1);
  }
  const lines = text.split('\n');
  const endsWithBreak = lines.length > 1 && lines[lines.length - 1] === '';
  const kept = endsWithBreak ? lines.slice(0, -1) : lines;
  const tail = kept.slice(-maxLines).join('\n');
  return endsWithBreak ? `${tail}\n` : tail;
}

/**
 * The payload writes its stdout straight into a file (no pipe through the pilot), so the tail is read
 * back from the end of that file when a heartbeat asks: one small synchronous read per job every
 * heartbeat interval. A file that does not exist (yet) has an empty tail.
 */
export function readOutputTail(path: string, maxBytes: number = TAIL_MAX_BYTES, maxLines: number = TAIL_MAX_LINES): string {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return '';
  }
  try {
    const buffer = Buffer.alloc(maxBytes);
    // The file grows while we read: find its size, then read the last maxBytes of it.
    const size = fstatSync(fd).size;
    const start = Math.max(0, size - maxBytes);
    const length = readSync(fd, buffer, 0, Math.min(maxBytes, size), start);
    return lastLines(buffer.subarray(0, length), start === 0, maxLines);
  } finally {
    closeSync(fd);
  }
}
