import { describe, expect, it } from '@jest/globals';
import { CeErrorCode, CeException } from '../errors/ce.exception.js';
import { describeSshTarget, resolveSshConnectionOptions, type SshConnectionOptions } from './ssh-connection-options.js';

const base: SshConnectionOptions = { host: 'login.example.org', user: 'pilots' };

describe(resolveSshConnectionOptions.name, () => {
  it('fills in the defaults', () => {
    expect(resolveSshConnectionOptions(base)).toEqual({
      host: 'login.example.org',
      port: 22,
      user: 'pilots',
      identityFile: null,
      knownHostsFile: null,
      strictHostKeyChecking: true,
      connectTimeoutSeconds: 10,
      controlPersistSeconds: 300,
      configFile: null,
      sshPath: 'ssh',
    });
  });

  it.each<[string, Partial<SshConnectionOptions>]>([
    ['host', { host: '-oProxyCommand=touch /tmp/x' }],
    ['host', { host: 'a b' }],
    ['user', { user: '-l' }],
    ['user', { user: 'x;y' }],
    ['port', { port: 0 }],
    ['port', { port: 65_536 }],
    ['identityFile', { identityFile: 'id_ed25519' }],
    ['knownHostsFile', { knownHostsFile: '~/.ssh/known_hosts' }],
    ['connectTimeoutSeconds', { connectTimeoutSeconds: 0.5 }],
  ])('refuses a bad %s, naming it', (option, bad) => {
    let caught: unknown;
    try {
      resolveSshConnectionOptions({ ...base, ...bad });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CeException);
    expect(caught).toMatchObject({ code: CeErrorCode.InvalidConfiguration, details: { option } });
  });

  it('describes the target as an ssh URL', () => {
    expect(describeSshTarget(resolveSshConnectionOptions({ ...base, port: 2222 }))).toBe('ssh://pilots@login.example.org:2222');
  });
});
