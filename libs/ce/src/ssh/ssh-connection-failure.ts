import { CeErrorCode, CeException } from '../errors/ce.exception.js';

/** What the ssh client prints when it, not the remote command, failed; and what to check then. */
const FAILURES: readonly { readonly pattern: RegExp; readonly advice: string }[] = [
  {
    pattern: /Permission denied|Too many authentication failures|Authentication failed/i,
    advice:
      "the host refused the key: check the user, the identity file, and that the key's public half is in that user's authorized_keys (and the account is not locked)",
  },
  {
    pattern: /Host key verification failed|REMOTE HOST IDENTIFICATION HAS CHANGED|No .* host key is known/i,
    advice:
      "the host's key is unknown or changed: put the host's key in the known_hosts file (ssh-keyscan -p PORT HOST >> FILE) after checking it",
  },
  {
    pattern: /Could not resolve hostname|Name or service not known/i,
    advice: 'the host name does not resolve: check the host',
  },
  {
    pattern: /Connection refused|Connection timed out|No route to host|Network is unreachable|timed out during banner exchange/i,
    advice: 'nothing answered: check the host and port, that sshd runs there, and firewalls between',
  },
  {
    pattern: /kex_exchange_identification|Connection closed by|Connection reset by|banner exchange/i,
    advice: 'the host closed the connection during the handshake: check that the port is sshd and its MaxStartups and logs',
  },
  {
    pattern: /Identity file .* not accessible|Load key .*: (bad permissions|invalid format)|UNPROTECTED PRIVATE KEY FILE|no such identity/i,
    advice: 'the identity file cannot be used: check its path, format, and that its mode is 0600',
  },
];

/**
 * A typed `unreachable` error when a failed ssh call (exit 255) failed to connect or log in, naming the
 * target and what to check; null when the stderr does not look like the client's own failure (then the
 * remote command itself exited 255).
 */
export function sshConnectionFailure(target: string, stderr: string): CeException | null {
  const failure = FAILURES.find(({ pattern }) => pattern.test(stderr));
  if (failure === undefined) {
    return null;
  }
  const said = stderr.trim().split('\n').slice(-3).join(' / ');
  return new CeException(CeErrorCode.Unreachable, `Cannot log in to ${target}: ${failure.advice}. ssh said: ${said}`, {
    target,
    stderr: stderr.slice(-2_000),
  });
}
