import { describe, expect, it } from '@jest/globals';
import { splitCommandLine } from './command-line.util.js';
import { ExecutionError } from './execution.error.js';

describe(splitCommandLine.name, () => {
  it('splits on blanks, any number of them', () => {
    expect(splitCommandLine('  runstuff.sh \t inputfile.txt\n-v ')).toEqual(['runstuff.sh', 'inputfile.txt', '-v']);
  });

  it('gives no words for an empty or blank line', () => {
    expect(splitCommandLine('')).toEqual([]);
    expect(splitCommandLine('   ')).toEqual([]);
  });

  it('keeps single-quoted text literally, backslashes and double quotes included', () => {
    expect(splitCommandLine(`-c 'echo "$HOME" \\n'`)).toEqual(['-c', 'echo "$HOME" \\n']);
  });

  it('unescapes only \\" \\\\ \\$ and \\` inside double quotes', () => {
    expect(splitCommandLine(String.raw`"a \"b\" \$x \\ \n"`)).toEqual([String.raw`a "b" $x \ \n`]);
  });

  it('joins quoted and unquoted parts of one word, and keeps empty quoted words', () => {
    expect(splitCommandLine(`--name='big run'_2 "" x`)).toEqual(['--name=big run_2', '', 'x']);
  });

  it('takes the character after a backslash outside quotes literally', () => {
    expect(splitCommandLine(String.raw`a\ b \'c`)).toEqual(['a b', "'c"]);
  });

  it('never expands variables, globs or redirections', () => {
    expect(splitCommandLine('$HOME *.txt > out')).toEqual(['$HOME', '*.txt', '>', 'out']);
  });

  it.each([[`echo 'unterminated`], [`echo "unterminated`]])('refuses an unterminated quote in %s', (line) => {
    expect(() => splitCommandLine(line)).toThrow(ExecutionError);
    expect(() => splitCommandLine(line)).toThrow(/unterminated/);
  });
});
