import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { describeJobs, type JobDescription } from '@majorana/jdl';
import { explicitTags, taskQueueDefinitionOf, taskQueueKey, type TaskQueueDefinition } from './task-queue-definition.js';

const owner = { owner: 'alice', ownerGroup: 'km3net_user', vo: 'km3net' };

function job(body: string): JobDescription {
  const [described] = describeJobs(`[ Executable = "run.sh"; ${body} ]`);
  if (described === undefined) {
    throw new Error('the JDL describes no job');
  }
  return described.description;
}

describe(taskQueueDefinitionOf.name, () => {
  it('reads a plain job with DIRAC`s defaults', () => {
    expect(taskQueueDefinitionOf(job(''), owner)).toEqual({
      owner: 'alice',
      ownerGroup: 'km3net_user',
      vo: 'km3net',
      cpuTime: 86_400,
      sites: [],
      bannedSites: [],
      platforms: [],
      tags: [],
      jobTypes: ['User'],
      minProcessors: 1,
      maxProcessors: 1,
      wholeNode: false,
      maxRAM: null,
      gridCEs: [],
    });
  });

  it('puts the CPU-time segment, sorted unique lists and the platform in the definition', () => {
    const definition = taskQueueDefinitionOf(
      job(`CPUTime = 5000; Site = {"LCG.NIKHEF.nl", "LCG.CNAF.it", "LCG.NIKHEF.nl"}; BannedSites = "LCG.IN2P3.fr";
           Platform = "EL9"; Tags = {"GPU", "CVMFS", "GPU"}; JobType = "MCSimulation"; GridCE = "ce01.cnaf.it"; MaxRAM = 4096`),
      owner,
    );
    expect(definition).toMatchObject({
      cpuTime: 21_600,
      sites: ['LCG.CNAF.it', 'LCG.NIKHEF.nl'],
      bannedSites: ['LCG.IN2P3.fr'],
      platforms: ['EL9'],
      tags: ['CVMFS', 'GPU'],
      jobTypes: ['MCSimulation'],
      gridCEs: ['ce01.cnaf.it'],
      maxRAM: 4096,
    });
  });

  it('reads NumberOfProcessors as an exact count, over Min and Max', () => {
    const definition = taskQueueDefinitionOf(job('NumberOfProcessors = 4; MinNumberOfProcessors = 2; MaxNumberOfProcessors = 8'), owner);
    expect([definition.minProcessors, definition.maxProcessors, definition.tags]).toEqual([4, 4, ['4Processors', 'MultiProcessor']]);
  });

  it('reads MinNumberOfProcessors alone as unbounded above', () => {
    const definition = taskQueueDefinitionOf(job('MinNumberOfProcessors = 2'), owner);
    expect([definition.minProcessors, definition.maxProcessors, definition.tags]).toEqual([2, null, ['MultiProcessor']]);
  });

  it('reads MaxNumberOfProcessors alone as a range from one core', () => {
    const definition = taskQueueDefinitionOf(job('MaxNumberOfProcessors = 8'), owner);
    expect([definition.minProcessors, definition.maxProcessors, definition.tags]).toEqual([1, 8, []]);
  });

  it('tags a whole-node job', () => {
    const definition = taskQueueDefinitionOf(job('WholeNode = true; Tags = "GPU"'), owner);
    expect([definition.wholeNode, definition.tags]).toEqual([true, ['GPU', 'MultiProcessor', 'WholeNode']]);
  });

  it('accepts a plain object with the scheduling fields', () => {
    const input = {
      cpuTime: 100,
      sites: [],
      bannedSites: [],
      platform: null,
      tags: [],
      jobType: 'User',
      numberOfProcessors: null,
      minNumberOfProcessors: null,
      maxNumberOfProcessors: null,
      wholeNode: false,
      maxRAM: null,
      gridCE: null,
    };
    expect(taskQueueDefinitionOf(input, owner).cpuTime).toBe(360);
  });
});

describe(explicitTags.name, () => {
  it('leaves out the tags derived from processors', () => {
    expect(explicitTags(taskQueueDefinitionOf(job('NumberOfProcessors = 4; Tags = {"GPU"}'), owner))).toEqual(['GPU']);
  });
});

describe(taskQueueKey.name, () => {
  const base = taskQueueDefinitionOf(job('Site = {"LCG.CNAF.it", "LCG.NIKHEF.nl"}; Tags = {"GPU", "CVMFS"}'), owner);

  it('is the sha-256 of the canonical JSON, fields in a fixed order', () => {
    const canonical =
      '{"owner":"alice","ownerGroup":"km3net_user","vo":"km3net","cpuTime":86400,"sites":[],"bannedSites":[],"platforms":[],' +
      '"tags":[],"jobTypes":["User"],"minProcessors":1,"maxProcessors":1,"wholeNode":false,"maxRAM":null,"gridCEs":[]}';
    expect(taskQueueKey(taskQueueDefinitionOf(job(''), owner))).toBe(createHash('sha256').update(canonical).digest('hex'));
  });

  it('is the same for CPU times in one segment', () => {
    expect(taskQueueKey(taskQueueDefinitionOf(job('CPUTime = 50000'), owner))).toBe(taskQueueKey(taskQueueDefinitionOf(job(''), owner)));
  });

  it('is the same for jobs that list sites and tags in another order', () => {
    const other = taskQueueDefinitionOf(job('Site = {"LCG.NIKHEF.nl", "LCG.CNAF.it"}; Tags = {"CVMFS", "GPU", "GPU"}'), owner);
    expect(taskQueueKey(other)).toBe(taskQueueKey(base));
  });

  it('does not depend on the order of the definition`s fields or lists', () => {
    const reordered: TaskQueueDefinition = {
      ...base,
      gridCEs: [],
      tags: ['GPU', 'CVMFS'],
      sites: [...base.sites].reverse(),
      owner: 'alice',
    };
    expect(taskQueueKey(reordered)).toBe(taskQueueKey(base));
  });

  it('differs when any scheduling field differs', () => {
    const keys = new Set([
      taskQueueKey(base),
      taskQueueKey({ ...base, owner: 'bob' }),
      taskQueueKey({ ...base, ownerGroup: 'km3net_prod' }),
      taskQueueKey({ ...base, cpuTime: 3600 }),
      taskQueueKey({ ...base, sites: ['LCG.CNAF.it'] }),
      taskQueueKey({ ...base, platforms: ['EL9'] }),
      taskQueueKey({ ...base, minProcessors: 2 }),
      taskQueueKey({ ...base, maxProcessors: null }),
      taskQueueKey({ ...base, wholeNode: true }),
      taskQueueKey({ ...base, maxRAM: 2048 }),
      taskQueueKey({ ...base, gridCEs: ['ce01.cnaf.it'] }),
    ]);
    expect(keys.size).toBe(11);
  });
});
