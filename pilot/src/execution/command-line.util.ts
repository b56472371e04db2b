import { ExecutionError } from './execution.error.js';

/**
 * Splits a JDL `Executable`/`Arguments` string into words the way a POSIX shell would: blanks separate
 * words, '…' is literal, "…" is literal except for backslash before `"`, `\`, `$` and `` ` ``, and a
 * backslash outside quotes keeps the next character. Nothing is expanded: DIRAC hands the line to a
 * shell, we run the program directly so that a job's arguments cannot turn into shell code by accident;
 * jobs needing `$VAR` or redirections name a script.
 */
export function splitCommandLine(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  while (i < line.length) {
    const c = line[i] as string;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      if (inWord) {
        words.push(word);
        word = '';
        inWord = false;
      }
      i += 1;
    } else if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) {
        throw unterminated(line, "'");
      }
      word += line.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (c === '"') {
      const [text, next] = readDoubleQuoted(line, i + 1);
      word += text;
      inWord = true;
      i = next;
    } else if (c === '\\' && i + 1 < line.length) {
      word += line[i + 1] as string;
      inWord = true;
      i += 2;
    } else {
      word += c;
      inWord = true;
      i += 1;
    }
  }
  if (inWord) {
    words.push(word);
  }
  return words;
}

/** Reads a "…" word part starting after its opening quote; returns the text and the index after the closing quote. */
function readDoubleQuoted(line: string, start: number): [string, number] {
  let text = '';
  let i = start;
  while (i < line.length) {
    const c = line[i] as string;
    if (c === '"') {
      return [text, i + 1];
    }
    const next = line[i + 1];
    if (c === '\\' && next !== undefined && '"\\$`'.includes(next)) {
      text += next;
      i += 2;
    } else {
      text += c;
      i += 1;
    }
  }
  throw unterminated(line, '"');
}

function unterminated(line: string, quote: string): ExecutionError {
  return new ExecutionError('invalid-job-description', `unterminated ${quote} in ${JSON.stringify(line)}: close the quote`);
}
