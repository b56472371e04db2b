import { describe, expect, it } from '@jest/globals';
import { describeJobs, expandParametric, findAttribute, JdlError, JdlErrorCode, parseJdl, wordText } from '@majorana/jdl';
import { corpusFiles, readCorpusFile, readCorpusJson } from './corpus.js';

/**
 * Conformance against the 40 real JDL files in test/fixtures/jdl-corpus: each is accepted as a job
 * or refused with the error we mean, and parametric expansions equal what DIRAC's own code produced
 * (DIRAC-OBSERVED.json) wherever DIRAC is right. Where we deliberately differ, the row says why.
 */
type Verdict =
  | { readonly accept: number; readonly note?: string }
  | { readonly refuse: JdlErrorCode; readonly at: [line: number, column: number]; readonly note?: string };

const VERDICTS: Record<string, Verdict> = {
  '01_dirac-testWF-parametric-nobrackets.jdl': { accept: 3 },
  '02_dirac-testWFSIO-nobrackets.jdl': { accept: 1, note: 'Owner/OwnerGroup from the user are dropped: the server sets them' },
  '03_dirac-param-simple-list.jdl': { accept: 3 },
  '04_dirac-param-progression-factor.jdl': { accept: 3 },
  '05_dirac-param-multi-named.jdl': { accept: 3 },
  '06_dirac-param-multi-bad-length.jdl': { refuse: JdlErrorCode.Parametric, at: [10, 20] },
  '07_dirac-jobagent-indented.jdl': { accept: 1 },
  '08_dirac-jobdb-integration.jdl': { accept: 1 },
  '09_dirac-futureclient-nobrackets.jdl': { accept: 1 },
  '10_dirac-multivo-heredoc.jdl': { accept: 1 },
  '11_dirac-tutorial-simple.jdl': { accept: 1 },
  '12_dirac-tutorial-param-list.jdl': { accept: 5 },
  '13_dirac-tutorial-param-int.jdl': { accept: 20 },
  '14_dirac-api-toJDL-output.jdl': { accept: 1 },
  '15_dirac-jobrequirements-nested.jdl': {
    refuse: JdlErrorCode.MissingAttribute,
    at: [1, 3],
    note: 'a JobRequirements fragment, not a job: DIRAC accepts it and fails later without an Executable',
  },
  '16_diracx-test-jdl-nobrackets.jdl': { accept: 1 },
  '17_diracx-parametric-nobrackets.jdl': { accept: 3 },
  '18_diracx-large-parametric.jdl': { accept: 100, note: 'DiracX refuses more than 20 jobs; our limit is a setting, 10,000 by default' },
  '19_diracx-malformed.jdl': { refuse: JdlErrorCode.Syntax, at: [4, 1] },
  '20_diracx-openapi-example-unclosed-quote.jdl': {
    refuse: JdlErrorCode.Syntax,
    at: [1, 13],
    note: 'DIRAC keeps the broken value as text',
  },
  '21_glite-fake-hash-commented-executable.jdl': {
    refuse: JdlErrorCode.MissingAttribute,
    at: [2, 1],
    note: "# starts a comment everywhere; DIRAC's server glues it to the next attribute's name",
  },
  '22_glite-27797-parametric-comments.jdl': { accept: 2, note: "gLite's _PARAM_ placeholder is left as text, as DIRAC does" },
  '23_glite-30308-mpi-requirements.jdl': { accept: 1 },
  '24_glite-32078-hash-comment-anymatch.jdl': { accept: 1 },
  '25_glite-31669-collection-nodes.jdl': {
    refuse: JdlErrorCode.Unsupported,
    at: [2, 3],
    note: "DIRAC's ClassAd scanner hangs on this file",
  },
  '26_glite-35250-dag.jdl': { refuse: JdlErrorCode.Unsupported, at: [2, 12] },
  '27_glite-mpi-multiline-requirements.jdl': { accept: 1 },
  '28_glite-dag-descriptions.jdl': { refuse: JdlErrorCode.Unsupported, at: [2, 8] },
  '29_glite-interactive-nobrackets.jdl': { accept: 1 },
  '30_glite-100176-is-operator.jdl': { accept: 1 },
  '31_glite-70824-env-single-quotes.jdl': { accept: 1, note: "DIRAC's loadJDLAsCFG refuses the quotes inside the string" },
  '32_glite-advisory4039-missing-semicolon.jdl': {
    refuse: JdlErrorCode.Syntax,
    at: [10, 1],
    note: 'DIRAC silently glues the next attribute into the list value',
  },
  '33_glite-35250-dag-nobrackets.jdl': { refuse: JdlErrorCode.Unsupported, at: [2, 12] },
  '34_glite-77055-parametric-start-step.jdl': { accept: 10, note: 'DIRAC semantics (10 jobs: 0, 2, …, 18); gLite would make 5' },
  '35_glite-79141-parametric-isb.jdl': { accept: 1 },
  '36_glite-40982-collection-random.jdl': { refuse: JdlErrorCode.Unsupported, at: [2, 10] },
  '37_alien-pass0-duplicate-key.jdl': {
    refuse: JdlErrorCode.DuplicateAttribute,
    at: [20, 1],
    note: 'DIRAC keeps the last definition silently; gLite refuses too',
  },
  '38_alien-createLUTNT-hash-comments.jdl': { accept: 1 },
  '39_alien-templateJOB-placeholders.jdl': { accept: 1 },
  '40_condor-newclassad-escapes-isnt.jdl': { refuse: JdlErrorCode.MissingAttribute, at: [1, 5] },
};

interface ObservedPath {
  readonly getParameterVectorLength?: { readonly OK: boolean; readonly Value?: number | null };
  readonly generateParametricJobs?: { readonly OK: boolean; readonly n?: number; readonly jobs_selected_attrs?: Record<string, string>[] };
}
const observed = readCorpusJson<Record<string, Record<string, ObservedPath>>>('DIRAC-OBSERVED.json');
const SERVER_PATH = 'server_path(diracx submit_jdl_jobs / JobManagerHandler)';

/** DIRAC keeps values as raw text: outer quotes are the string's; list whitespace is layout. */
function normaliseDiracValue(raw: string): string {
  const trimmed = raw.trim();
  if (trimmed.startsWith('{')) {
    return trimmed.replace(/\s+/g, '').replace(/"/g, '');
  }
  return trimmed.startsWith('"') && trimmed.endsWith('"') ? trimmed.slice(1, -1) : trimmed;
}

function refusalOf(file: string): JdlError {
  try {
    describeJobs(readCorpusFile(file), { fileName: file });
  } catch (error) {
    if (error instanceof JdlError) {
      return error;
    }
    throw error;
  }
  throw new Error(`${file} was accepted`);
}

describe('the JDL corpus', () => {
  it('has a verdict for every corpus file', () => {
    expect(Object.keys(VERDICTS).sort()).toEqual(corpusFiles());
  });

  for (const [file, verdict] of Object.entries(VERDICTS)) {
    if ('accept' in verdict) {
      it(`accepts ${file} as ${verdict.accept} job(s)${verdict.note ? ` (${verdict.note})` : ''}`, () => {
        expect(describeJobs(readCorpusFile(file), { fileName: file })).toHaveLength(verdict.accept);
      });
    } else {
      it(`refuses ${file} with ${verdict.refuse} at ${verdict.at.join(':')}${verdict.note ? ` (${verdict.note})` : ''}`, () => {
        const error = refusalOf(file);
        expect({ code: error.code, at: [error.line, error.column] }).toEqual({ code: verdict.refuse, at: verdict.at });
        expect(error.format()).toMatch(new RegExp(`^${file}:${verdict.at[0]}:${verdict.at[1]}: .+\\n    .*\\n +\\^$`));
      });
    }
  }

  const expandedByDirac = Object.entries(observed).filter(
    ([file, paths]) => paths[SERVER_PATH]?.generateParametricJobs?.OK && VERDICTS[file] && 'accept' in VERDICTS[file],
  );
  for (const [file, paths] of expandedByDirac) {
    const dirac = paths[SERVER_PATH]?.generateParametricJobs;
    it(`expands ${file} into the jobs DIRAC makes`, () => {
      const jobs = expandParametric(parseJdl(readCorpusFile(file), { fileName: file }));
      expect(jobs).toHaveLength(dirac?.n ?? 0);
      jobs.forEach((job, index) => {
        const expected = dirac?.jobs_selected_attrs?.[index] ?? {};
        for (const [name, raw] of Object.entries(expected)) {
          const attribute = findAttribute(job.ad, name);
          expect({ job: index, name, value: attribute && normaliseDiracValue(wordText(attribute.value, job.source)) }).toEqual({
            job: index,
            name,
            value: normaliseDiracValue(raw),
          });
        }
      });
    });
  }

  it('refuses the sequence of the wrong length naming both lengths, as DIRAC does', () => {
    expect(refusalOf('06_dirac-param-multi-bad-length.jdl').reason).toBe(
      'Parameters.B has 4 values, but this JDL makes 3 jobs: every parameter sequence needs the same length',
    );
  });
});
