import { beforeAll, describe, expect, it } from '@jest/globals';
import { forEachDatabase, T0 } from '../testing/index.js';
import { KEPT_PILOT_OUTPUT_CHARS, PilotOutputRepository } from './pilot-output.repository.js';
import { PilotRepository } from './pilot.repository.js';

describe(PilotOutputRepository.name, () => {
  forEachDatabase((_kind, getDataSource) => {
    let sut: PilotOutputRepository;
    let pilots: PilotRepository;
    beforeAll(() => {
      sut = new PilotOutputRepository(getDataSource());
      pilots = new PilotRepository(getDataSource());
    });

    /** A pilot of `ce` submitted at T0, ended at `endedAt` (or still open when null). */
    async function pilot(ce: string, name: string, endedAt: number | null): Promise<string> {
      const pilotRef = `local://${ce}/${name}`;
      await pilots.recordSubmitted([{ pilotRef, ce, site: 'Local.test', time: T0 }]);
      if (endedAt !== null) {
        await pilots.ended(pilotRef, 'Done', 'goodbye', endedAt);
      }
      return pilotRef;
    }

    it('keeps and replaces a pilot output, and finds nothing for another pilot', async () => {
      const ref = await pilot('keep-ce', 'p1', T0 + 10);
      await sut.keep(ref, { stdout: 'hello\n', stderr: '' }, T0 + 20);
      expect(await sut.find(ref)).toEqual({ stdout: 'hello\n', stderr: '', fetchedAt: T0 + 20 });
      await sut.keep(ref, { stdout: 'hello\nbye\n', stderr: 'warn\n' }, T0 + 30);
      expect(await sut.find(ref)).toEqual({ stdout: 'hello\nbye\n', stderr: 'warn\n', fetchedAt: T0 + 30 });
      expect(await sut.find('local://keep-ce/other')).toBeNull();
    });

    it('keeps the end of a long stream', async () => {
      const ref = await pilot('long-ce', 'p1', T0 + 10);
      const long = `${'x'.repeat(KEPT_PILOT_OUTPUT_CHARS)}the end\n`;
      await sut.keep(ref, { stdout: long, stderr: 'é'.repeat(10) }, T0 + 20);
      const kept = await sut.find(ref);
      expect(kept?.stdout).toHaveLength(KEPT_PILOT_OUTPUT_CHARS);
      expect(kept?.stdout.endsWith('the end\n')).toBe(true);
      expect(kept?.stderr).toBe('é'.repeat(10));
    });

    it('lists the ended pilots of one CE in the window whose output is not kept yet, oldest first', async () => {
      const older = await pilot('window-ce', 'older', T0 + 100);
      const newer = await pilot('window-ce', 'newer', T0 + 200);
      const kept = await pilot('window-ce', 'kept', T0 + 150);
      await pilot('window-ce', 'open', null);
      await pilot('window-ce', 'too-old', T0 + 10);
      await pilot('window-ce', 'too-recent', T0 + 900);
      await pilot('other-ce', 'elsewhere', T0 + 150);
      await sut.keep(kept, { stdout: '', stderr: '' }, T0 + 160);

      const window = { endedAfter: T0 + 50, endedBefore: T0 + 500, limit: 10 };
      expect(await sut.notYetKept('window-ce', window)).toEqual([older, newer]);
      expect(await sut.notYetKept('window-ce', { ...window, limit: 1 })).toEqual([older]);
    });

    it('forgets the output of a pilot the cleaning agent deletes', async () => {
      const ref = await pilot('clean-ce', 'p1', T0 + 10);
      await sut.keep(ref, { stdout: 'log', stderr: '' }, T0 + 20);
      expect(await pilots.markDeletedEndedBefore(T0 + 11, 100)).toBeGreaterThanOrEqual(1);
      expect(await sut.find(ref)).toBeNull();
    });
  });
});
