import { describe, expect, it } from '@jest/globals';
import { CeErrorCode } from '../errors/ce.exception.js';
import { resolveSshCeOptions, type SshCeOptions } from './ssh-ce-options.js';
import { SshCommandRunner } from './ssh-command-runner.js';

const base: SshCeOptions = {
  name: 'ssh-unit',
  site: 'Unit.test',
  workDir: '/var/lib/majorana/ce/ssh-unit',
  connection: { host: 'login.example.org', user: 'pilots', identityFile: '/etc/majorana/id_ed25519' },
  remoteWorkDir: '/scratch/majorana/',
};

function optionRefused(options: SshCeOptions): unknown {
  try {
    resolveSshCeOptions(options);
  } catch (error) {
    return error;
  }
  return undefined;
}

describe(resolveSshCeOptions.name, () => {
  it('fills in the defaults and logs in with the ssh client', () => {
    const resolved = resolveSshCeOptions(base);
    expect(resolved).toMatchObject({
      remoteWorkDir: '/scratch/majorana',
      remote: 'ssh://pilots@login.example.org:22/scratch/majorana',
      remoteNodePath: null,
      shipPilot: true,
      maxPilots: 1,
      slotsPerPilot: 1,
      killGraceMs: 10_000,
      baseEnv: {},
    });
    expect(resolved.runner).toBeInstanceOf(SshCommandRunner);
  });

  it('needs a connection or a runner', () => {
    expect(optionRefused({ ...base, connection: undefined })).toMatchObject({
      code: CeErrorCode.InvalidConfiguration,
      details: { option: 'connection' },
    });
  });

  it.each<[string, Partial<SshCeOptions>]>([
    ['name', { name: 'a/b' }],
    ['workDir', { workDir: 'relative' }],
    ['remoteWorkDir', { remoteWorkDir: 'scratch' }],
    ['remoteNodePath', { remoteNodePath: 'node' }],
    ['baseEnv.BAD-NAME', { baseEnv: { 'BAD-NAME': 'x' } }],
    ['maxPilots', { maxPilots: 0 }],
    ['killGraceMs', { killGraceMs: -1 }],
    ['host', { connection: { host: '-oProxyCommand=x', user: 'pilots' } }],
  ])('refuses a bad %s, naming it', (option, bad) => {
    expect(optionRefused({ ...base, ...bad })).toMatchObject({ code: CeErrorCode.InvalidConfiguration, details: { option } });
  });
});
