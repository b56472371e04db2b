import { isAbsolute } from 'node:path';
import { CeErrorCode, CeException } from '../errors/ce.exception.js';

/**
 * How to reach a remote host with the system `ssh` client: what a site admin declares for an SSH CE
 * (and for Slurm over SSH). Only key authentication in batch mode: an agent never answers a prompt.
 */
export interface SshConnectionOptions {
  /** Host name or address of the remote machine (the login node). */
  readonly host: string;
  /** @default 22 */
  readonly port?: number;
  /** The remote account the pilots run as. */
  readonly user: string;
  /** The private key to log in with (absolute path, mode 0600). @default ssh's own choice (~/.ssh/id_*, an agent) */
  readonly identityFile?: string;
  /** A known_hosts file holding the host's key (absolute path). @default ssh's (~/.ssh/known_hosts) */
  readonly knownHostsFile?: string;
  /**
   * Refuse a host whose key is not in `knownHostsFile`. `false` accepts any key and remembers none: only
   * for throw-away test hosts, since it lets anyone on the path pose as the host. @default true
   */
  readonly strictHostKeyChecking?: boolean;
  /** How long to wait for the TCP connection and the SSH handshake, in seconds. @default 10 */
  readonly connectTimeoutSeconds?: number;
  /**
   * How long the shared connection stays open with nothing running, in seconds; the next call opens a
   * new one. Keeps a crashed agent from leaving a connection open for ever. @default 300
   */
  readonly controlPersistSeconds?: number;
  /** An ssh_config file to read (ProxyJump, ciphers…). @default none: only these options apply, whatever ~/.ssh/config says */
  readonly configFile?: string;
  /** The ssh client. @default 'ssh' (found on PATH) */
  readonly sshPath?: string;
}

export interface ResolvedSshConnectionOptions {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly identityFile: string | null;
  readonly knownHostsFile: string | null;
  readonly strictHostKeyChecking: boolean;
  readonly connectTimeoutSeconds: number;
  readonly controlPersistSeconds: number;
  readonly configFile: string | null;
  readonly sshPath: string;
}

// Neither may start with "-": ssh would read it as an option.
const HOST_PATTERN = /^[A-Za-z0-9_.:[\]][A-Za-z0-9_.:[\]-]*$/;
const USER_PATTERN = /^[A-Za-z0-9_.][A-Za-z0-9_.-]*$/;

/** The options with their defaults, or `invalid-configuration` naming the first bad one. */
export function resolveSshConnectionOptions(options: SshConnectionOptions): ResolvedSshConnectionOptions {
  const invalid = (option: string, value: unknown, expected: string): CeException =>
    new CeException(CeErrorCode.InvalidConfiguration, `SSH option ${option} is ${JSON.stringify(value)}; expected ${expected}.`, {
      option,
    });
  if (typeof options.host !== 'string' || !HOST_PATTERN.test(options.host)) {
    throw invalid('host', options.host, 'a host name or address');
  }
  if (typeof options.user !== 'string' || !USER_PATTERN.test(options.user)) {
    throw invalid('user', options.user, 'a user name (letters, digits, ".", "_", "-")');
  }
  const port = options.port ?? 22;
  if (!Number.isSafeInteger(port) || port < 1 || port > 65_535) {
    throw invalid('port', port, 'a TCP port (1–65535)');
  }
  for (const option of ['identityFile', 'knownHostsFile', 'configFile'] as const) {
    const path = options[option];
    if (path !== undefined && (typeof path !== 'string' || !isAbsolute(path) || path.includes('\0'))) {
      throw invalid(option, path, 'an absolute path');
    }
  }
  const resolved: ResolvedSshConnectionOptions = {
    host: options.host,
    port,
    user: options.user,
    identityFile: options.identityFile ?? null,
    knownHostsFile: options.knownHostsFile ?? null,
    strictHostKeyChecking: options.strictHostKeyChecking ?? true,
    connectTimeoutSeconds: options.connectTimeoutSeconds ?? 10,
    controlPersistSeconds: options.controlPersistSeconds ?? 300,
    configFile: options.configFile ?? null,
    sshPath: options.sshPath ?? 'ssh',
  };
  for (const option of ['connectTimeoutSeconds', 'controlPersistSeconds'] as const) {
    if (!Number.isSafeInteger(resolved[option]) || resolved[option] < 1) {
      throw invalid(option, resolved[option], 'a whole number of seconds ≥ 1');
    }
  }
  if (resolved.sshPath === '' || resolved.sshPath.includes('\0')) {
    throw invalid('sshPath', resolved.sshPath, 'the ssh client program');
  }
  return resolved;
}

/** `ssh://user@host:port`, for logs and error messages. */
export function describeSshTarget(options: Pick<ResolvedSshConnectionOptions, 'user' | 'host' | 'port'>): string {
  return `ssh://${options.user}@${options.host}:${options.port}`;
}
