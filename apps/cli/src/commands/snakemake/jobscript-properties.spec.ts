import { describe, expect, it } from '@jest/globals';
import { defaultJobName, readJobscriptProperties } from './jobscript-properties.js';

/** A jobscript as Snakemake 7.21 writes it (its jobscript.sh template). */
const JOBSCRIPT = `#!/bin/sh
# properties = {"type": "single", "rule": "process", "local": false, "input": ["sim/2.txt"], "output": ["proc/2.txt"], "wildcards": {"run": "2"}, "params": {}, "log": [], "threads": 4, "resources": {"mem_mb": 1000}, "jobid": 5, "cluster": {}}
cd '/work/flow' && /usr/bin/python3 -m snakemake --snakefile '/work/flow/Snakefile' 'proc/2.txt'
`;

describe(readJobscriptProperties.name, () => {
  it("reads the rule, Snakemake's job id and the threads", () => {
    expect(readJobscriptProperties(JOBSCRIPT)).toEqual({ type: 'single', rule: 'process', jobid: '5', threads: 4 });
  });

  it('reads a group job', () => {
    const group = '#!/bin/sh\n# properties = {"type": "group", "groupid": "g1", "threads": 1, "jobid": "9b2c"}\n';
    expect(readJobscriptProperties(group)).toEqual({ type: 'group', groupid: 'g1', jobid: '9b2c', threads: 1 });
  });

  it('gives nothing for a jobscript without the line, or with a broken one', () => {
    expect(readJobscriptProperties('#!/bin/sh\necho hi\n')).toEqual({});
    expect(readJobscriptProperties('#!/bin/sh\n# properties = {"rule": \n')).toEqual({});
    expect(readJobscriptProperties('# properties = {"threads": "many", "rule": 3}')).toEqual({ rule: '3' });
  });
});

describe(defaultJobName.name, () => {
  it('names a job <rule>.<jobid>, a group job group.<groupid>', () => {
    expect(defaultJobName({ rule: 'process', jobid: '5' })).toBe('process.5');
    expect(defaultJobName({ rule: 'process' })).toBe('process');
    expect(defaultJobName({ type: 'group', groupid: 'g1', jobid: '9b2c' })).toBe('group.g1');
    expect(defaultJobName({})).toBeUndefined();
  });
});
