import type { PilotMessage, PilotMessageType } from '../messages/pilot-messages.schema.js';
import type { ServerMessage, ServerMessageType } from '../messages/server-messages.schema.js';

// One valid message of each type, as a real pilot and server would send them, for tests of the
// decoder and of the code on either side of the socket. Copy before changing: they are shared.

const SHA256_OF_EMPTY = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

export const samplePilotMessages: { readonly [Type in PilotMessageType]: Extract<PilotMessage, { type: Type }> } = {
  hello: {
    v: 1,
    type: 'hello',
    id: 'p-1',
    pilotRef: 'slurm://ce01.cppm.in2p3.fr/123456',
    ce: 'ce01.cppm.in2p3.fr',
    site: 'LCG.CPPM.fr',
    pilotVersion: '0.1.0',
    resources: {
      processors: 8,
      memoryMiB: 16_384,
      diskMiB: 100_000,
      timeLeftS: 172_800,
      platform: 'x86_64-el9',
      tags: ['WholeNode', 'GPU'],
      slots: 8,
    },
    runningJobs: [{ jobId: 41, attempt: 2, fencingToken: '9f86d081884c7d659a2feaa0c55ad015' }],
  },
  'request-work': {
    v: 1,
    type: 'request-work',
    id: 'p-2',
    freeSlots: 4,
    resources: { processors: 4, memoryMiB: 8192, timeLeftS: 86_400, tags: [] },
  },
  'job-started': { v: 1, type: 'job-started', id: 'p-3', jobId: 42, attempt: 1, fencingToken: 'a3f1c0de5e1f4b0c8d2e6f7a9b0c1d2e' },
  heartbeat: {
    v: 1,
    type: 'heartbeat',
    id: 'p-4',
    jobs: [
      {
        jobId: 42,
        attempt: 1,
        fencingToken: 'a3f1c0de5e1f4b0c8d2e6f7a9b0c1d2e',
        cpuTimeS: 12.5,
        wallTimeS: 30,
        memoryMiB: 512.25,
        stdoutTail: 'event 1000 of 5000\nevent 2000 of 5000 — ünïcode ✓\n',
      },
    ],
  },
  'job-finished': {
    v: 1,
    type: 'job-finished',
    id: 'p-5',
    jobId: 42,
    attempt: 1,
    fencingToken: 'a3f1c0de5e1f4b0c8d2e6f7a9b0c1d2e',
    status: 'Done',
    minorStatus: 'Execution Complete',
    applicationStatus: 'exit 0',
    exitCode: 0,
    outputSandbox: { sha256: SHA256_OF_EMPTY, bytes: 10_240 },
    cpuTimeS: 3600.75,
    wallTimeS: 3700,
  },
  'cancel-request': { v: 1, type: 'cancel-request', id: 'p-6', replyTo: 'p-2' },
  goodbye: { v: 1, type: 'goodbye', id: 'p-7', reason: 'idle', message: 'no work for 10 minutes' },
};

export const sampleServerMessages: { readonly [Type in ServerMessageType]: Extract<ServerMessage, { type: Type }> } = {
  welcome: {
    v: 1,
    type: 'welcome',
    id: 's-1',
    replyTo: 'p-1',
    pilotRef: 'slurm://ce01.cppm.in2p3.fr/123456',
    heartbeatIntervalS: 30,
    serverTime: '2025-11-25T22:27:00.000Z',
  },
  job: {
    v: 1,
    type: 'job',
    id: 's-2',
    replyTo: 'p-2',
    jobId: 42,
    attempt: 1,
    fencingToken: 'a3f1c0de5e1f4b0c8d2e6f7a9b0c1d2e',
    jdl: '[\n  Executable = "/bin/sh";\n  Arguments = "run.sh";\n  InputSandbox = {"run.sh"};\n  OutputSandbox = {"std.out", "std.err"};\n]\n',
    spec: {
      executable: 'run.sh',
      arguments: '--events 5000 "output file.root"',
      stdOutput: 'std.out',
      stdError: 'std.err',
      outputSandbox: ['std.out', 'std.err', '*.root'],
      environment: { OMP_PROC_BIND: 'true', DATASET: 'km3net/run-0042' },
      processors: 1,
      maxRamMiB: 2048,
    },
    owner: 'alice',
    ownerGroup: 'km3net_user',
    inputSandboxUrl: 'https://majorana.example.org/api/sandboxes/42/1/input',
    outputSandboxUrl: 'https://majorana.example.org/api/sandboxes/42/1/output',
    jobToken: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJqb2I6NDI6MSJ9.c2lnbmF0dXJl',
    cpuTimeLimitS: null,
    wallTimeLimitS: 86_400,
  },
  'no-work': { v: 1, type: 'no-work', id: 's-3', replyTo: 'p-2', reason: 'no-match', retryAfterS: 60 },
  kill: { v: 1, type: 'kill', id: 's-4', jobId: 42, attempt: 1, reason: 'Killed by user' },
  drain: { v: 1, type: 'drain', id: 's-5', reason: 'site banned by admin' },
  ack: { v: 1, type: 'ack', id: 's-6', replyTo: 'p-3', outcome: 'refused', reason: 'stale-attempt' },
  error: { v: 1, type: 'error', id: 's-7', replyTo: null, code: 'malformed-frame', message: 'the frame is not JSON' },
};
