import { describe, expect, it } from '@jest/globals';
import type { TaskQueueDefinition } from '../task-queues/task-queue-definition.js';
import type { ResourceDescription } from './resource-description.js';
import { taskQueueMatchesResource } from './task-queue-matches-resource.js';

const definition: TaskQueueDefinition = {
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
};

const resource: ResourceDescription = {
  site: 'LCG.CNAF.it',
  ce: 'ce01.cnaf.it',
  platforms: ['EL9', 'EL8'],
  cpuTimeLeft: 172_800,
  processors: 8,
  wholeNode: false,
  ramMB: 16_000,
  tags: ['CVMFS'],
  requiredTags: [],
};

const NONE: ReadonlySet<string> = new Set();

function reasons(d: Partial<TaskQueueDefinition>, r: Partial<ResourceDescription> = {}, banned = NONE): string[] {
  return taskQueueMatchesResource({ ...definition, ...d }, { ...resource, ...r }, banned).reasons;
}

describe(taskQueueMatchesResource.name, () => {
  it('matches a plain task queue to an open slot', () => {
    expect(taskQueueMatchesResource(definition, resource, NONE)).toEqual({ matched: true, reasons: [] });
  });

  it('refuses a site banned in the site mask', () => {
    const result = taskQueueMatchesResource(definition, resource, new Set(['LCG.CNAF.it']));
    expect(result).toEqual({ matched: false, reasons: ['Site LCG.CNAF.it is banned in the site mask.'] });
  });

  it('refuses a site outside the job`s Site list, comparing names exactly', () => {
    expect(reasons({ sites: ['LCG.NIKHEF.nl', 'LCG.IN2P3.fr'] })).toEqual([
      'The job may only run at LCG.NIKHEF.nl or LCG.IN2P3.fr (Site), not at LCG.CNAF.it.',
    ]);
    expect(reasons({ sites: ['lcg.cnaf.it'] })).toEqual(['The job may only run at lcg.cnaf.it (Site), not at LCG.CNAF.it.']);
    expect(reasons({ sites: ['LCG.CNAF.it'] })).toEqual([]);
  });

  it('refuses a site in the job`s BannedSites', () => {
    expect(reasons({ bannedSites: ['LCG.CNAF.it'] })).toEqual(['The job bans site LCG.CNAF.it (BannedSites).']);
  });

  it('refuses a platform the slot does not offer, and takes any when the job names none', () => {
    expect(reasons({ platforms: ['EL7'] })).toEqual(['The job needs platform EL7; the resource offers EL9 and EL8.']);
    expect(reasons({ platforms: ['EL8'] })).toEqual([]);
    expect(reasons({ platforms: ['EL9'] }, { platforms: [] })).toEqual(['The job needs platform EL9; the resource offers no platform.']);
  });

  it('refuses a CPU-time segment longer than the slot has left', () => {
    expect(reasons({ cpuTime: 259_200 })).toEqual([
      "The job's CPU-time segment of 259200 HS06·s is more than the 172800 HS06·s the slot has left.",
    ]);
    expect(reasons({ cpuTime: 172_800 })).toEqual([]);
  });

  it('refuses more processors than the slot has', () => {
    expect(reasons({ minProcessors: 16, maxProcessors: 16, tags: ['16Processors', 'MultiProcessor'] })).toEqual([
      'The job needs at least 16 processors; the slot has 8.',
    ]);
    expect(reasons({ minProcessors: 8, maxProcessors: 8, tags: ['8Processors', 'MultiProcessor'] })).toEqual([]);
  });

  it('refuses a whole-node job on a slot that is not a whole node', () => {
    expect(reasons({ wholeNode: true, tags: ['MultiProcessor', 'WholeNode'] })).toEqual([
      'The job asks for a whole node (WholeNode); the slot is not a whole node.',
    ]);
    expect(reasons({ wholeNode: true, tags: ['MultiProcessor', 'WholeNode'] }, { wholeNode: true })).toEqual([]);
  });

  it('refuses more memory than the slot has, when both are known', () => {
    expect(reasons({ maxRAM: 32_000 })).toEqual(['The job needs 32000 MB of memory (MaxRAM); the slot has 16000 MB.']);
    expect(reasons({ maxRAM: 32_000 }, { ramMB: null })).toEqual([]);
  });

  it('refuses a job tag the slot lacks', () => {
    expect(reasons({ tags: ['GPU', 'CVMFS', 'Singularity'] })).toEqual([
      'The resource lacks the tags GPU and Singularity the job asks for.',
    ]);
    expect(reasons({ tags: ['CVMFS'] })).toEqual([]);
  });

  it('counts a processor tag the job wrote itself as offered by a big enough slot', () => {
    expect(reasons({ tags: ['MultiProcessor'] })).toEqual([]);
    expect(reasons({ tags: ['MultiProcessor'] }, { processors: 1 })).toEqual([
      'The resource lacks the tag MultiProcessor the job asks for.',
    ]);
  });

  it('refuses a job without a tag the slot requires', () => {
    expect(reasons({}, { requiredTags: ['MultiProcessor'] })).toEqual([
      'The resource only takes jobs tagged MultiProcessor (RequiredTag); the job lacks it.',
    ]);
    expect(reasons({ minProcessors: 2, maxProcessors: null, tags: ['MultiProcessor'] }, { requiredTags: ['MultiProcessor'] })).toEqual([]);
  });

  it('refuses a job of another VO, owner or group when the slot is reserved', () => {
    expect(reasons({}, { vo: 'lhcb' })).toEqual(['The resource only takes jobs of VO lhcb, not km3net.']);
    expect(reasons({}, { owner: 'bob' })).toEqual(['The resource only takes jobs of bob, not alice.']);
    expect(reasons({}, { ownerGroup: 'km3net_prod' })).toEqual(['The resource only takes jobs of group km3net_prod, not km3net_user.']);
    expect(reasons({}, { vo: 'km3net', owner: 'alice', ownerGroup: 'km3net_user' })).toEqual([]);
  });

  it('refuses a computing element outside the job`s GridCE', () => {
    expect(reasons({ gridCEs: ['ce02.cnaf.it'] })).toEqual(['The job must run on ce02.cnaf.it (GridCE), not on ce01.cnaf.it.']);
    expect(reasons({ gridCEs: ['ce02.cnaf.it'] }, { ce: undefined })).toEqual([
      'The job must run on ce02.cnaf.it (GridCE), not on a resource that names no computing element.',
    ]);
    expect(reasons({ gridCEs: ['ce01.cnaf.it'] })).toEqual([]);
  });

  it('reports every failed condition, in order', () => {
    const result = taskQueueMatchesResource(
      { ...definition, sites: ['LCG.NIKHEF.nl'], cpuTime: 259_200, maxRAM: 32_000 },
      resource,
      new Set(['LCG.CNAF.it']),
    );
    expect(result).toEqual({
      matched: false,
      reasons: [
        'Site LCG.CNAF.it is banned in the site mask.',
        'The job may only run at LCG.NIKHEF.nl (Site), not at LCG.CNAF.it.',
        "The job's CPU-time segment of 259200 HS06·s is more than the 172800 HS06·s the slot has left.",
        'The job needs 32000 MB of memory (MaxRAM); the slot has 16000 MB.',
      ],
    });
  });
});
