import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it, jest } from '@jest/globals';
import { JobRepository, SandboxRepository } from '@majorana/db';
import { forEachDatabase, newJobFixture, T0 } from '@majorana/db/testing';
import { sandboxRef } from '@majorana/sandbox';
import type { Clock } from '../common/clock.js';
import { InputSandboxService } from './input-sandbox.service.js';
import { SandboxApiErrorCode } from './sandbox-api.exception.js';

const sha = (name: string): string => createHash('sha256').update(name).digest('hex');
const clock: Clock = { now: () => T0 };

describe(InputSandboxService.name, () => {
  forEachDatabase((_kind, getDataSource) => {
    let repository: SandboxRepository;
    let sut: InputSandboxService;

    beforeAll(async () => {
      repository = new SandboxRepository(getDataSource());
      sut = new InputSandboxService(repository, clock);
      await repository.record('alice', sha('a'), 10, T0 - 1000);
      await repository.record('alice', sha('b'), 10, T0 - 1000);
      await repository.record('bob', sha('bob'), 10, T0 - 1000);
    });

    it('gives each job the sandbox its InputSandbox names, beside local names and LFNs, or none', async () => {
      const plan = await sut.check('alice', [
        [sandboxRef(sha('a')), 'run.sh', 'LFN:/majorana/user/a/alice/x.root'],
        [],
        ['LFN:/majorana/data/run1.root'],
        [`sb:SHA256:${sha('b').toUpperCase()}`],
      ]);
      expect(plan).toEqual({ owner: 'alice', sha256ByJob: [sha('a'), null, null, sha('b')] });
      expect((await repository.find('alice', sha('a')))?.lastUsedAt).toBe(T0);
    });

    it('checks a 10,000-job parametric submission with one query', async () => {
      const markUsed = jest.spyOn(repository, 'markUsed');
      try {
        const plan = await sut.check(
          'alice',
          Array.from({ length: 10_000 }, () => [sandboxRef(sha('a')), 'run.sh']),
        );
        expect(new Set(plan.sha256ByJob)).toEqual(new Set([sha('a')]));
        expect(markUsed).toHaveBeenCalledTimes(1);
        expect(markUsed).toHaveBeenCalledWith('alice', [sha('a')], T0);
      } finally {
        markUsed.mockRestore();
      }
    });

    it('links the stored jobs to their sandboxes', async () => {
      const ids = await new JobRepository(getDataSource()).insertJobs([newJobFixture(), newJobFixture()]);
      await sut.link({ owner: 'alice', sha256ByJob: [null, sha('a')] }, ids);
      expect(await repository.jobSandbox(ids[0] ?? 0, 'input')).toBeNull();
      expect(await repository.jobSandbox(ids[1] ?? 0, 'input')).toMatchObject({ owner: 'alice', sha256: sha('a') });
    });

    it.each([
      [
        'a sandbox of another owner',
        [sandboxRef(sha('bob'))],
        SandboxApiErrorCode.UnknownReference,
        `input sandbox ${sandboxRef(sha('bob'))} is not yours`,
      ],
      [
        'a sandbox never uploaded',
        [sandboxRef(sha('nowhere'))],
        SandboxApiErrorCode.UnknownReference,
        'upload it first with POST /api/sandboxes',
      ],
      [
        'local files without a sandbox',
        ['run.sh', 'in/*.txt'],
        SandboxApiErrorCode.LocalFilesNotUploaded,
        'local files (run.sh, in/*.txt)',
      ],
      ['two sandboxes', [sandboxRef(sha('a')), sandboxRef(sha('b'))], SandboxApiErrorCode.TooManyReferences, 'a job unpacks exactly one'],
      ['a DIRAC sandbox path', ['SB:ProductionSandboxSE|/SandBox/x.tar.bz2'], 'invalid-reference', 'is not a sandbox reference'],
    ])('refuses %s', async (_case, entries, code, message) => {
      await expect(sut.check('alice', [[sandboxRef(sha('a'))], entries])).rejects.toMatchObject({
        code,
        message: expect.stringContaining(message),
      });
    });
  });
});
