import { describe, expect, it } from '@jest/globals';
import { sshMasterArgs, sshRunArgs } from './ssh-args.js';
import { resolveSshConnectionOptions } from './ssh-connection-options.js';

const options = resolveSshConnectionOptions({
  host: 'login.example.org',
  port: 2222,
  user: 'pilots',
  identityFile: '/etc/majorana/ssh/id_ed25519',
  knownHostsFile: '/etc/majorana/ssh/known_hosts',
});

/** The value given to `-o NAME=`, or undefined. */
function option(args: readonly string[], name: string): string | undefined {
  const values = args.flatMap((arg, i) => (args[i - 1] === '-o' && arg.startsWith(`${name}=`) ? [arg.slice(name.length + 1)] : []));
  return values.at(-1);
}

describe(sshRunArgs.name, () => {
  it('logs in by key only, in batch mode, checking the host key against the given file', () => {
    const args = sshRunArgs(options, '/tmp/x/control', 'true');
    expect(args.slice(0, 6)).toEqual(['-F', 'none', '-p', '2222', '-l', 'pilots']);
    expect(args).toEqual(expect.arrayContaining(['-i', '/etc/majorana/ssh/id_ed25519']));
    expect(option(args, 'BatchMode')).toBe('yes');
    expect(option(args, 'IdentitiesOnly')).toBe('yes');
    expect(option(args, 'StrictHostKeyChecking')).toBe('yes');
    expect(option(args, 'UserKnownHostsFile')).toBe('/etc/majorana/ssh/known_hosts');
    expect(option(args, 'ConnectTimeout')).toBe('10');
  });

  it('ends with the host and the command line, after "--"', () => {
    expect(sshRunArgs(options, '/tmp/x/control', "echo 'a b'").slice(-3)).toEqual(['--', 'login.example.org', "echo 'a b'"]);
  });

  it('shares the connection through the control socket, without becoming a master itself', () => {
    const args = sshRunArgs(options, '/tmp/100%/control', 'true');
    expect(option(args, 'ControlPath')).toBe('/tmp/100%%/control');
    expect(option(args, 'ControlMaster')).toBe('no');
  });

  it('accepts any host key and remembers none only when told not to check', () => {
    const trusting = resolveSshConnectionOptions({ host: '127.0.0.1', user: 'u', strictHostKeyChecking: false });
    const args = sshRunArgs(trusting, '/tmp/x/control', 'true');
    expect(option(args, 'StrictHostKeyChecking')).toBe('no');
    expect(option(args, 'UserKnownHostsFile')).toBe('/dev/null');
    expect(args).not.toContain('-i');
  });
});

describe(sshMasterArgs.name, () => {
  it('starts a master that persists for the configured idle time and goes to the background', () => {
    const args = sshMasterArgs(options, '/tmp/x/control');
    expect(option(args, 'ControlMaster')).toBe('yes');
    expect(option(args, 'ControlPersist')).toBe('300');
    expect(args.slice(-4)).toEqual(['-N', '-f', '--', 'login.example.org']);
  });
});
