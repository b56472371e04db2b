import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { SandboxException } from '../errors/sandbox.exception.js';
import { quote } from '../guard/sandbox-entry-guard.js';
import { normalizedMode } from '../guard/sandbox-entry.js';
import { TAR_END, tarHeader, tarPadding, type TarRecord } from './tar-header.js';

/** An entry to pack: a file is read from disk when its turn comes; directories and links are all header. */
export type PackRecord = Omit<TarRecord, 'size' | 'mode'>;

/**
 * The tar stream of `records`, block by block, reading one file at a time so memory stays flat
 * whatever the sandbox's size; the consumer's pace sets the reading pace. A file is opened without
 * following links, so one swapped for a link after it was listed is refused rather than followed,
 * and exactly the size it had when opened is read.
 */
export async function* tarBlocks(cwd: string, records: readonly PackRecord[]): AsyncGenerator<Buffer> {
  for (const record of records) {
    if (record.type !== 'file') {
      yield tarHeader({ ...record, size: 0, mode: normalizedMode(record.type, undefined) });
      continue;
    }
    yield* fileBlocks(cwd, record);
  }
  yield TAR_END;
}

async function* fileBlocks(cwd: string, record: PackRecord): AsyncGenerator<Buffer> {
  let handle;
  try {
    handle = await open(join(cwd, record.path), constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') {
      throw new SandboxException('unsafe-link', `Sandbox file ${quote(record.path)} was replaced by a symbolic link while being packed`);
    }
    if (code === 'ENOENT') {
      throw new SandboxException('missing-file', `Sandbox file ${quote(record.path)} disappeared while being packed`, {
        entry: record.path,
      });
    }
    throw error;
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) {
      throw new SandboxException('unsupported-entry', `Sandbox file ${quote(record.path)} stopped being a regular file while being packed`);
    }
    const size = stats.size;
    yield tarHeader({ ...record, size, mode: normalizedMode('file', stats.mode) });
    let read = 0;
    if (size > 0) {
      for await (const chunk of handle.createReadStream({ start: 0, end: size - 1, autoClose: false })) {
        read += (chunk as Buffer).length;
        yield chunk as Buffer;
      }
    }
    if (read !== size) {
      throw new SandboxException(
        'missing-file',
        `Sandbox file ${quote(record.path)} shrank from ${size} to ${read} bytes while being packed; pack it when nothing is writing to it`,
        { entry: record.path },
      );
    }
    yield tarPadding(size);
  } finally {
    await handle.close();
  }
}
