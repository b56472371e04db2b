import { describe, expect, it } from '@jest/globals';
import { describeJobs, formatValue, jobMatchAd, parseJdl, type ClassAdExpr } from '@majorana/jdl';
import { jobMatchesResource } from './job-matches-resource.js';
import type { MatchClock } from './match-clock.js';
import type { ResourceDescription } from './resource-description.js';

const clock: MatchClock = { now: () => Date.UTC(2025, 0, 1), random: () => 0.5 };

function jobAd(body: string): ClassAdExpr {
  const [job] = describeJobs(`[ Executable = "run.sh"; ${body} ]`);
  if (job === undefined) {
    throw new Error('the JDL describes no job');
  }
  return jobMatchAd(job);
}

const resource: ResourceDescription = {
  site: 'LCG.CNAF.it',
  ce: 'ce01.cnaf.it',
  platforms: ['EL9', 'EL8'],
  cpuTimeLeft: 172_800,
  processors: 8,
  wholeNode: false,
  ramMB: 16_000,
  tags: ['CVMFS', 'GPU'],
  requiredTags: [],
};

describe(jobMatchesResource.name, () => {
  it('shows the job the slot under DIRAC`s attribute names', () => {
    const ad = jobAd(`Requirements = other.Site == "LCG.CNAF.it" && other.CE == "ce01.cnaf.it" && other.Platform == "EL9"
      && member("EL8", other.Platforms) && other.CPUTime == 172800 && other.MaxCPUTime == 172800
      && other.NumberOfProcessors == 8 && other.WholeNode == false && other.MaxRAM == 16000 && member("GPU", other.Tags)`);
    const result = jobMatchesResource(ad, resource, clock);
    expect([result.matched, formatValue(result.jobRequirements), formatValue(result.resourceRequirements)]).toEqual([true, 'true', 'true']);
  });

  it('does not match when the job`s Requirements is false for the slot', () => {
    const result = jobMatchesResource(jobAd('Requirements = other.NumberOfProcessors >= 16'), resource, clock);
    expect([result.matched, formatValue(result.jobRequirements)]).toEqual([false, 'false']);
  });

  it('leaves unknown memory and CE undefined', () => {
    const ad = jobAd('Requirements = other.MaxRAM >= 1000');
    expect(formatValue(jobMatchesResource(ad, { ...resource, ramMB: null }, clock).jobRequirements)).toBe('undefined');
    const ce = jobAd('Requirements = isUndefined(other.CE)');
    expect(jobMatchesResource(ce, { ...resource, ce: undefined }, clock).matched).toBe(true);
  });

  it('applies the resource`s own Requirements to the job', () => {
    const classAd = parseJdl('[ Requirements = other.CPUTime <= 3600 && other.Owner =!= "mallory"; Queue = "short" ]').ad;
    const short = jobMatchesResource(jobAd('CPUTime = 3600'), { ...resource, classAd }, clock);
    const long = jobMatchesResource(jobAd('CPUTime = 7200'), { ...resource, classAd }, clock);
    expect([short.matched, formatValue(short.resourceRequirements)]).toEqual([true, 'true']);
    expect([long.matched, formatValue(long.resourceRequirements)]).toEqual([false, 'false']);
  });

  it('lets the resource`s own attributes win over the described ones', () => {
    const classAd = parseJdl('[ Site = "Override.Site.org"; Memory = 64000 ]').ad;
    const ad = jobAd('Requirements = other.Site == "Override.Site.org" && other.Memory == 64000');
    expect(jobMatchesResource(ad, { ...resource, classAd }, clock).matched).toBe(true);
  });

  it('ranks the slot with the job`s Rank, and 0 without one', () => {
    expect(jobMatchesResource(jobAd('Rank = other.NumberOfProcessors * 10 + other.MaxRAM / 1000'), resource, clock).rank).toBe(96);
    expect(jobMatchesResource(jobAd(''), resource, clock).rank).toBe(0);
  });

  it('evaluates time() with the given clock', () => {
    const ad = jobAd(`Requirements = time() == ${Date.UTC(2025, 0, 1) / 1000}`);
    expect(jobMatchesResource(ad, resource, clock).matched).toBe(true);
  });
});
