import { describe, expect, it } from '@jest/globals';
import { PILOT_INHERITED_ENV } from '../local/local-ce-options.js';
import { CeErrorCode } from '../errors/ce.exception.js';
import { LocalCommandRunner } from '../shell/local-command-runner.js';
import { resolveSlurmCeOptions, type SlurmCeOptions } from './slurm-ce-options.js';

describe(resolveSlurmCeOptions.name, () => {
  const base: SlurmCeOptions = { name: 'hpc01', site: 'Site.example', workDir: '/scratch/majorana/', runner: new LocalCommandRunner() };

  it('fills in the documented defaults', () => {
    expect(resolveSlurmCeOptions(base)).toMatchObject({
      workDir: '/scratch/majorana',
      partition: undefined,
      timeLimitMinutes: undefined,
      maxPilots: 10,
      slotsPerPilot: 1,
      extraSbatchArgs: [],
      shipPilotScript: false,
      inheritedEnv: PILOT_INHERITED_ENV,
      commandTimeoutMs: 60_000,
    });
  });

  it.each<[string, Partial<SlurmCeOptions>]>([
    ['name', { name: '../etc' }],
    ['site', { site: ' ' }],
    ['workDir', { workDir: 'relative/dir' }],
    ['workDir', { workDir: '/scratch/%u' }],
    ['partition', { partition: 'short; rm -rf /' }],
    ['maxPilots', { maxPilots: 0 }],
    ['slotsPerPilot', { slotsPerPilot: 1.5 }],
    ['timeLimitMinutes', { timeLimitMinutes: 0 }],
    ['extraSbatchArgs', { extraSbatchArgs: ['--mem', '4G'] }],
    ['inheritedEnv', { inheritedEnv: ['PATH', 'NOT A NAME'] }],
  ])('refuses a bad %s with invalid-configuration naming it', (option, change) => {
    expect(() => resolveSlurmCeOptions({ ...base, ...change })).toThrow(
      expect.objectContaining({ code: CeErrorCode.InvalidConfiguration, details: { option } }),
    );
  });
});
