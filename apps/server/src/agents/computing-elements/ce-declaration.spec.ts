import { describe, expect, it } from '@jest/globals';
import { CeDeclarationError, parseCeDeclaration, parseCeDeclarations } from './ce-declaration.js';

const slurm = {
  name: 'hpc01.example.org',
  site: 'LCG.Example.org',
  type: 'slurm',
  connection: {
    host: 'login.example.org',
    user: 'majorana',
    keyFile: '/etc/majorana/id_ed25519',
    knownHostsFile: '/etc/majorana/known_hosts',
  },
  workDir: '/scratch/majorana/pilots',
  limits: { maxPilotsWaiting: 5, maxPilots: 100, maxPilotsPerCycle: 10 },
  queue: { platform: 'Linux_x86_64_glibc-2.36', cpuTimeLimitS: 172800, cpuNormalization: 12.5, cores: 8, ramMiB: 16384, tags: ['GPU'] },
  pilot: { slots: 8, maxTimeS: 172800 },
  slurm: { partition: 'grid', sbatchArgs: ['--account=km3net'] },
};

const errorOf = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(CeDeclarationError);
    return (error as Error).message;
  }
  throw new Error('expected a CeDeclarationError');
};

describe(parseCeDeclaration.name, () => {
  it('accepts a Slurm CE driven over SSH and fills the defaults', () => {
    const declaration = parseCeDeclaration(slurm);
    expect(declaration.connection?.port).toBe(22);
    expect(declaration.slurm).toEqual({ partition: 'grid', sbatchArgs: ['--account=km3net'] });
    expect(declaration.queue.tags).toEqual(['GPU']);
  });

  it('names the field that is wrong, with the entry it is in', () => {
    const bad = { ...slurm, limits: { ...slurm.limits, maxPilots: 0 } };
    expect(errorOf(() => parseCeDeclarations([slurm, { ...bad, name: 'other' }]))).toMatch(
      /^computingElements\[1\]\.limits\.maxPilots: .*1/,
    );
    expect(errorOf(() => parseCeDeclaration({ ...slurm, workDir: 'pilots' }))).toMatch(/^workDir: .*absolute path/);
    expect(errorOf(() => parseCeDeclaration({ ...slurm, type: 'htcondor' }))).toMatch(/^type: /);
    expect(errorOf(() => parseCeDeclaration({ ...slurm, queue: { ...slurm.queue, colour: 'red' } }))).toMatch(
      /^queue\.colour: unknown key/,
    );
  });

  it('refuses declarations that contradict themselves', () => {
    expect(errorOf(() => parseCeDeclaration({ ...slurm, type: 'ssh', slurm: undefined, connection: undefined }))).toMatch(
      /^connection: an ssh CE needs/,
    );
    expect(errorOf(() => parseCeDeclaration({ ...slurm, slurm: undefined }))).toMatch(/^slurm: a slurm CE needs/);
    expect(errorOf(() => parseCeDeclaration({ ...slurm, type: 'local', slurm: undefined }))).toMatch(/^connection: a local CE/);
    expect(errorOf(() => parseCeDeclaration({ ...slurm, pilot: { slots: 16, maxTimeS: 3600 } }))).toMatch(/^pilot\.slots: /);
  });

  it('refuses two CEs of one name', () => {
    expect(errorOf(() => parseCeDeclarations([slurm, slurm]))).toMatch(/computingElements\[1\]\.name: .*declared twice/);
  });

  it('has nothing to declare when the key is absent, and refuses a non-list', () => {
    expect(parseCeDeclarations(undefined)).toEqual([]);
    expect(errorOf(() => parseCeDeclarations({}))).toMatch(/must be a list/);
  });
});
