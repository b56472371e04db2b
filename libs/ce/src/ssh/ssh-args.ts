import type { ResolvedSshConnectionOptions } from './ssh-connection-options.js';

/**
 * The `ssh` options every call shares. BatchMode makes ssh fail instead of prompting (nobody is there
 * to answer); IdentitiesOnly stops it offering every key of an agent first, which makes sshd close the
 * door after MaxAuthTries; ServerAlive notices a dead connection instead of hanging on it; LogLevel
 * ERROR keeps warnings out of the commands' stderr while keeping the reasons for a refusal.
 */
export function sshCommonArgs(options: ResolvedSshConnectionOptions, controlPath: string): string[] {
  const args = ['-F', options.configFile ?? 'none', '-p', String(options.port), '-l', options.user];
  const set = (name: string, value: string): void => {
    args.push('-o', `${name}=${value}`);
  };
  set('BatchMode', 'yes');
  if (options.identityFile !== null) {
    args.push('-i', options.identityFile);
    set('IdentitiesOnly', 'yes');
  }
  if (options.strictHostKeyChecking) {
    set('StrictHostKeyChecking', 'yes');
    if (options.knownHostsFile !== null) {
      set('UserKnownHostsFile', options.knownHostsFile);
    }
  } else {
    set('StrictHostKeyChecking', 'no');
    set('UserKnownHostsFile', '/dev/null');
  }
  set('ConnectTimeout', String(options.connectTimeoutSeconds));
  set('ServerAliveInterval', '15');
  set('ServerAliveCountMax', '3');
  set('LogLevel', 'ERROR');
  // ssh expands %-tokens in ControlPath.
  set('ControlPath', controlPath.replaceAll('%', '%%'));
  return args;
}

/** Starts the shared connection and goes to the background once logged in (exit 0), or fails (255). */
export function sshMasterArgs(options: ResolvedSshConnectionOptions, controlPath: string): string[] {
  return [
    ...sshCommonArgs(options, controlPath),
    '-o',
    'ControlMaster=yes',
    '-o',
    `ControlPersist=${options.controlPersistSeconds}`,
    '-N',
    '-f',
    '--',
    options.host,
  ];
}

/**
 * Runs one command line through the shared connection. ControlMaster=no: a missing master makes ssh
 * connect on its own rather than become a master whose lifetime nobody manages.
 */
export function sshRunArgs(options: ResolvedSshConnectionOptions, controlPath: string, commandLine: string): string[] {
  return [...sshCommonArgs(options, controlPath), '-o', 'ControlMaster=no', '-T', '--', options.host, commandLine];
}

/** Asks the shared connection to end. */
export function sshExitArgs(options: ResolvedSshConnectionOptions, controlPath: string): string[] {
  return [...sshCommonArgs(options, controlPath), '-O', 'exit', '--', options.host];
}
