/** Words any POSIX shell reads back unchanged without quotes (no `=`: `A=b` in command position is an assignment). */
const PLAIN_WORD = /^[A-Za-z0-9_/.,:@%+-]+$/;

/**
 * One word as a POSIX shell (`sh`, `dash`, `bash`, `zsh`, `ksh`) reads it back verbatim: the word in
 * single quotes, each `'` inside written as `'\''`. Inside single quotes nothing is special — not `$`,
 * backquotes, `\`, `!` or a newline — so this is the whole rule. Plain words stay unquoted to keep logs
 * readable. A NUL byte cannot be passed to a program at all, so it is refused rather than cut short.
 *
 * ssh hands the remote login shell one string, so every argv word a runner sends is quoted with this;
 * that is what keeps a CE name, path or environment value from ever becoming a command.
 */
export function shellQuote(word: string): string {
  if (word.includes('\0')) {
    throw new TypeError('A shell word cannot contain a NUL byte.');
  }
  if (PLAIN_WORD.test(word)) {
    return word;
  }
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/** An argv array as one command line for a POSIX shell: each word quoted, joined by spaces. */
export function shellCommandLine(argv: readonly string[]): string {
  return argv.map(shellQuote).join(' ');
}
