import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { JdlError, JdlErrorCode } from '../errors/jdl.error.js';
import { parseExpression, parseJdl } from './parse-jdl.js';
import { generateParserSource, generatedPath } from '../../../../jdl-grammar/build.mjs';

function errorOf(source: string): JdlError {
  try {
    parseJdl(source, { fileName: 'job.jdl' });
  } catch (error) {
    if (error instanceof JdlError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected a JdlError');
}

describe(parseJdl.name, () => {
  it('keeps the checked-in generated parser in step with the grammar', () => {
    expect(readFileSync(generatedPath, 'utf8')).toBe(generateParserSource());
  });

  it('parses the seed job without brackets', () => {
    const doc = parseJdl(
      'Executable="runstuff.sh inputfile.txt"; StdOutput="stdout.txt"; StdError="stderr.txt";\n' +
        'InputSandbox={"runstuff.sh","inputfile.txt"}; OutputSandbox={"stdout.txt","stderr.txt"};\n' +
        'CPUTime=10000; NumberOfProcessors=4;',
    );
    expect(doc.ad.attributes.map((a) => a.name)).toEqual([
      'Executable',
      'StdOutput',
      'StdError',
      'InputSandbox',
      'OutputSandbox',
      'CPUTime',
      'NumberOfProcessors',
    ]);
  });

  it('reads a ; inside a string as part of the string, unlike DIRAC', () => {
    const doc = parseJdl('[ A = "x;y"; B = 2 ]');
    expect(doc.ad.attributes[0]?.value).toMatchObject({ kind: 'literal', type: 'string', value: 'x;y' });
  });

  it('accepts CRLF line endings, a BOM and UTF-8 text', () => {
    const doc = parseJdl('\uFEFF[\r\n  JobName = "Détecteur ν";\r\n  Executable = "a.sh"\r\n]\r\n');
    expect(doc.ad.attributes[0]?.value).toMatchObject({ value: 'Détecteur ν' });
  });

  it('turns DIRAC bare words into strings and keeps expressions as expressions', () => {
    const doc = parseJdl('InputData = %(InputData)s;\nOutputSandbox = { *.log, /lhcb/data/x, 16Processors };\nJobGroup = dteam;');
    expect(doc.ad.attributes[0]?.value).toMatchObject({ kind: 'literal', type: 'string', value: '%(InputData)s' });
    expect(doc.ad.attributes[1]?.value).toMatchObject({
      kind: 'list',
      items: [{ value: '*.log' }, { value: '/lhcb/data/x' }, { value: '16Processors' }],
    });
    expect(doc.ad.attributes[2]?.value).toMatchObject({ kind: 'ref', scope: null, name: 'dteam' });
  });

  it('reads my., other. and target. as scopes', () => {
    expect(parseExpression('other.storage.CloseSEs')).toMatchObject({
      kind: 'select',
      base: { kind: 'ref', scope: 'other', name: 'storage' },
      name: 'CloseSEs',
    });
    expect(parseExpression('TARGET.x')).toMatchObject({ kind: 'ref', scope: 'target', name: 'x' });
  });

  it('says which ; is missing, at the attribute that follows it', () => {
    const error = errorOf('Executable = "x"\nArguments = "y";');
    expect(error.code).toBe(JdlErrorCode.Syntax);
    expect(error.format()).toBe('job.jdl:2:1: missing ";" before "Arguments": attributes are separated by ;\n    Arguments = "y";\n    ^');
  });

  it('points an unterminated string at its opening quote', () => {
    const error = errorOf('Arguments = "jobDescription.xml -o LogLevel=INFO');
    expect([error.line, error.column]).toEqual([1, 13]);
    expect(error.reason).toMatch(/unterminated string/);
  });

  it('refuses a duplicate attribute at the later one, naming the first line', () => {
    const error = errorOf('GUIDFILE = "a";\nExecutable = "x";\nguidfile = "b";');
    expect(error.code).toBe(JdlErrorCode.DuplicateAttribute);
    expect(error.message).toBe('job.jdl:3:1: guidfile is defined twice (first at line 1); names ignore case, so keep one definition');
  });

  it('refuses deep nesting before it can exhaust the stack', () => {
    const error = errorOf(`A = ${'('.repeat(5000)}1${')'.repeat(5000)};`);
    expect(error.code).toBe(JdlErrorCode.TooLarge);
    const unary = errorOf(`A = ${'!'.repeat(200000)}true;`);
    expect(unary.code).toBe(JdlErrorCode.TooLarge);
  });

  it('says a value is missing when an attribute has none', () => {
    expect(errorOf('A = ;').reason).toBe('expected a value, found ";"');
  });
});
