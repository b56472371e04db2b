export interface SourcePosition {
  /** 1-based line number. */
  readonly line: number;
  /** 1-based column, counted in characters of the line (a TAB counts as one). */
  readonly column: number;
  /** The whole line holding the position, without its line ending. */
  readonly lineText: string;
}

/** Line, column and line text of `offset` in `source`; CRLF and LF both end a line. */
export function positionOf(source: string, offset: number): SourcePosition {
  const at = Math.max(0, Math.min(offset, source.length));
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < at; i++) {
    if (source.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  let lineEnd = source.indexOf('\n', lineStart);
  if (lineEnd === -1) {
    lineEnd = source.length;
  }
  if (lineEnd > lineStart && source.charCodeAt(lineEnd - 1) === 13) {
    lineEnd--;
  }
  return { line, column: at - lineStart + 1, lineText: source.slice(lineStart, lineEnd) };
}
