import { describe, expect, it } from '@jest/globals';
import { CliUsageError } from './cli-usage.error.js';
import { toConnectUrl } from './connect-url.js';
import { parsePilotArgs } from './parse-pilot-args.js';

describe(parsePilotArgs.name, () => {
  it('applies the documented defaults', () => {
    expect(parsePilotArgs(['--server', 'https://majorana.example.org', '--token', 't0ken'], {})).toEqual({
      kind: 'run',
      args: {
        connectUrl: 'wss://majorana.example.org/api/pilots/connect',
        token: { kind: 'value', token: 't0ken' },
        slots: undefined,
        site: undefined,
        ce: undefined,
        maxTimeS: undefined,
        idleTimeoutS: 120,
        minTimeLeftS: 300,
        reconnectTimeoutS: 600,
        workDir: undefined,
        pilotRef: undefined,
      },
    });
  });

  it('reads every option', () => {
    const argv = [
      '--server=http://127.0.0.1:8080',
      '--token-file',
      '/etc/pilot.token',
      '--slots',
      '8',
      '--site',
      'LCG.CPPM.fr',
      '--ce',
      'ce01.cppm.in2p3.fr',
      '--max-time',
      '86400',
      '--idle-timeout',
      '0.5',
      '--min-time-left',
      '600',
      '--reconnect-timeout',
      '60',
      '--work-dir',
      '/scratch',
      '--pilot-ref',
      'slurm://ce01/42',
    ];
    expect(parsePilotArgs(argv, {})).toEqual({
      kind: 'run',
      args: {
        connectUrl: 'ws://127.0.0.1:8080/api/pilots/connect',
        token: { kind: 'file', path: '/etc/pilot.token' },
        slots: 8,
        site: 'LCG.CPPM.fr',
        ce: 'ce01.cppm.in2p3.fr',
        maxTimeS: 86_400,
        idleTimeoutS: 0.5,
        minTimeLeftS: 600,
        reconnectTimeoutS: 60,
        workDir: '/scratch',
        pilotRef: 'slurm://ce01/42',
      },
    });
  });

  it('takes the credential from MAJORANA_PILOT_TOKEN when the command line has none, so ps does not show it', () => {
    const command = parsePilotArgs(['--server', 'ws://h'], { MAJORANA_PILOT_TOKEN: ' secret\n' });
    expect(command.kind === 'run' && command.args.token).toEqual({ kind: 'value', token: 'secret' });
  });

  it('answers --help and --version before checking anything else', () => {
    expect(parsePilotArgs(['--help'], {})).toEqual({ kind: 'help' });
    expect(parsePilotArgs(['-V'], {})).toEqual({ kind: 'version' });
  });

  it.each([
    [['--token', 't'], 'missing-option', '--server URL is required'],
    [['--server', 'ws://h'], 'missing-option', 'the pilot credential is required'],
    [['--server', 'ws://h', '--token', 't', '--token-file', 'f'], 'invalid-value', 'either --token or --token-file'],
    [['--server', 'ws://h', '--token', 't', '--slots', '1.5'], 'invalid-value', '--slots must be an integer ≥ 1, not "1.5"'],
    [['--server', 'ws://h', '--token', 't', '--slots', '0'], 'invalid-value', '--slots must be an integer ≥ 1'],
    [['--server', 'ws://h', '--token', 't', '--idle-timeout', 'soon'], 'invalid-value', '--idle-timeout must be a number of seconds'],
    [['--server', 'ws://h', '--token', 't', '--site', ''], 'invalid-value', '--site must not be empty'],
    [['--server', 'ws://h', '--token', 't', '--frobnicate'], 'unknown-option', "Unknown option '--frobnicate'"],
    [['--server', 'ftp://h', '--token', 't'], 'invalid-value', 'http(s):// or ws(s)://'],
    [['--server', 'majorana', '--token', 't'], 'invalid-value', 'is not a URL'],
  ])('refuses %j with a message naming what to fix', (argv, code, message) => {
    let thrown: unknown;
    try {
      parsePilotArgs(argv, {});
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(CliUsageError);
    expect(thrown).toMatchObject({ code });
    expect((thrown as Error).message).toContain(message);
  });
});

describe(toConnectUrl.name, () => {
  it('turns a web address into the pilots WebSocket URL, keeping a path prefix and not doubling the connect path', () => {
    expect(toConnectUrl('https://grid.example.org/majorana/')).toBe('wss://grid.example.org/majorana/api/pilots/connect');
    expect(toConnectUrl('ws://127.0.0.1:9000/api/pilots/connect')).toBe('ws://127.0.0.1:9000/api/pilots/connect');
  });
});
