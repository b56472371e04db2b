import { describe, expect, it } from '@jest/globals';
import { CeErrorCode } from '../errors/ce.exception.js';
import { sshConnectionFailure } from './ssh-connection-failure.js';

const TARGET = 'ssh://pilots@login.example.org:2222';

describe(sshConnectionFailure.name, () => {
  it.each([
    ['pilots@login.example.org: Permission denied (publickey).', /refused the key/],
    ['Host key verification failed.', /host's key is unknown or changed/],
    ['ssh: connect to host login.example.org port 2222: Connection refused', /nothing answered/],
    ['ssh: Could not resolve hostname login.example.org: Name or service not known', /does not resolve/],
    ['kex_exchange_identification: Connection closed by remote host', /closed the connection during the handshake/],
  ])('explains %j', (stderr, advice) => {
    const error = sshConnectionFailure(TARGET, `${stderr}\n`);
    expect(error?.code).toBe(CeErrorCode.Unreachable);
    expect(error?.message).toContain(TARGET);
    expect(error?.message).toMatch(advice);
    expect(error?.message).toContain(stderr);
  });

  it('leaves a remote command’s own exit 255 alone', () => {
    expect(sshConnectionFailure(TARGET, 'my-tool: fatal error\n')).toBeNull();
    expect(sshConnectionFailure(TARGET, '')).toBeNull();
  });
});
