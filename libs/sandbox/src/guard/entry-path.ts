/**
 * Why an archive path is unsafe, or null when it is a plain relative path. Checked on the raw name
 * from the tar header, before node-tar's own sanitising, which would silently strip a leading `/`
 * rather than refuse the archive.
 */
export function unsafePathReason(path: string): string | null {
  if (path === '') {
    return 'has an empty name';
  }
  if (path.includes('\0')) {
    return 'has a NUL character in its name';
  }
  if (path.startsWith('/')) {
    return 'is an absolute path';
  }
  if (/^[A-Za-z]:/.test(path)) {
    return 'starts with a drive letter';
  }
  // A backslash is an ordinary character on Linux but a separator on Windows, where `..\\x` escapes.
  if (path.includes('\\')) {
    return 'has a backslash in its name';
  }
  if (path.split('/').includes('..')) {
    return "goes up with '..'";
  }
  return null;
}

/** The names of a relative path with empty and `.` parts dropped: `./a//b/` gives `['a', 'b']`. */
export function pathSegments(path: string): string[] {
  return path.split('/').filter((name) => name !== '' && name !== '.');
}
