import type { CeDeclaration } from '../computing-elements/ce-declaration.js';

/** A declared Slurm-like CE: 4-slot pilots, 1 day of CPU at 10 HS06 per core; override what the spec is about. */
export function ceDeclaration(overrides: Partial<CeDeclaration> = {}): CeDeclaration {
  return {
    name: 'hpc.example.org',
    site: 'LCG.Example.org',
    type: 'local',
    workDir: '/var/lib/majorana/pilots',
    limits: { maxPilotsWaiting: 5, maxPilots: 50, maxPilotsPerCycle: 10 },
    queue: { platform: 'Linux_x86_64_glibc-2.36', cpuTimeLimitS: 86_400, cpuNormalization: 10, cores: 4, ramMiB: 8 * 1024, tags: [] },
    pilot: { slots: 4, maxTimeS: 86_400 },
    ...overrides,
  };
}
