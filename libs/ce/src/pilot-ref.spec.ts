import { describe, expect, it } from '@jest/globals';
import { CE_NAME_PATTERN, formatPilotRef, parsePilotRef } from './pilot-ref.js';

describe(parsePilotRef.name, () => {
  it('reads back what formatPilotRef writes', () => {
    const ref = formatPilotRef('slurm', 'hpc01.example.org', '123456_7');
    expect(ref).toBe('slurm://hpc01.example.org/123456_7');
    expect(parsePilotRef(ref)).toEqual({ kind: 'slurm', ce: 'hpc01.example.org', id: '123456_7' });
  });

  it.each(['', 'local://ce', 'local://ce/', 'local:///id', 'local://ce/a/b', 'Local://ce/id', '//ce/id', 'local:/ce/id'])(
    'refuses %j',
    (ref) => {
      expect(parsePilotRef(ref)).toBeNull();
    },
  );
});

describe('CE_NAME_PATTERN', () => {
  it.each(['local', 'ce01.in2p3.fr', 'my_ce-2'])('accepts %j', (name) => {
    expect(CE_NAME_PATTERN.test(name)).toBe(true);
  });

  it.each(['', '.hidden', 'a/b', 'a b', '..', 'x'.repeat(129)])('refuses %j', (name) => {
    expect(CE_NAME_PATTERN.test(name)).toBe(false);
  });
});
