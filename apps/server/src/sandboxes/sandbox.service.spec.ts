import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { JobRepository, SandboxRepository } from '@majorana/db';
import { forEachDatabase, newJobFixture, T0 } from '@majorana/db/testing';
import { DiracProperty, type Principal } from '@majorana/auth';
import { bytesStream, rawTarGz } from '@majorana/sandbox/testing';
import { loadServerConfig } from '../config/server-config.js';
import { LocalSandboxStore } from './local-sandbox.store.js';
import { SandboxIntakeService } from './sandbox-intake.service.js';
import { SANDBOX_REUSE_GRACE_MS, SandboxService } from './sandbox.service.js';

const HOUR = 3_600_000;

/** The server's Clock, moved by hand. */
class ManualClock {
  constructor(public time: number) {}
  now(): number {
    return this.time;
  }
}

function user(name: string): Principal {
  return {
    user: name,
    group: 'user',
    vo: 'majorana',
    properties: new Set([DiracProperty.NormalUser]),
    jti: 'j',
    expiresAt: new Date(T0 + 30 * HOUR),
  };
}

/** A fresh archive (different content each call). */
const archive = (): Buffer => rawTarGz([{ path: 'input.txt', content: randomBytes(32).toString('hex') }]);

describe(SandboxService.name, () => {
  let home: string;
  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'majorana-sandbox-service-'));
  });
  afterAll(async () => {
    await rm(home, { recursive: true, force: true });
  });

  forEachDatabase((kind, getDataSource) => {
    let clock: ManualClock;
    let store: LocalSandboxStore;
    let repository: SandboxRepository;
    let jobs: JobRepository;
    let sut: SandboxService;

    beforeAll(() => {
      const config = loadServerConfig({ MAJORANA_HOME: join(home, kind) });
      clock = new ManualClock(T0);
      store = new LocalSandboxStore(config.sandboxDir);
      repository = new SandboxRepository(getDataSource());
      jobs = new JobRepository(getDataSource());
      sut = new SandboxService(repository, new SandboxIntakeService(store, config), store, clock);
    });

    /** Uploads as `owner` and links a new job of theirs to it; the job's id and the archive's sha256. */
    async function jobUsing(owner: string, bytes: Buffer): Promise<{ jobId: number; sha256: string }> {
      const { sha256 } = await sut.upload(user(owner), { stream: bytesStream(bytes) });
      const [jobId = 0] = await jobs.insertJobs([newJobFixture({ owner })]);
      await repository.linkInputs([{ jobId, owner, sha256 }], clock.now());
      return { jobId, sha256 };
    }

    it('removes the archive with the last job of its owner, once it has not been used for the grace period', async () => {
      const bytes = archive();
      const first = await jobUsing('alice', bytes);
      const second = await jobUsing('alice', bytes);
      clock.time += SANDBOX_REUSE_GRACE_MS + 1;

      expect(await sut.releaseJob(first.jobId)).toBe(0);
      expect(await store.exists(first.sha256)).toBe(true);
      expect(await sut.releaseJob(second.jobId)).toBe(1);
      expect(await store.exists(first.sha256)).toBe(false);
      expect(await repository.find('alice', first.sha256)).toBeNull();
    });

    it('keeps an archive that another owner uploaded too', async () => {
      const bytes = archive();
      const { jobId, sha256 } = await jobUsing('bob', bytes);
      await sut.upload(user('carol'), { stream: bytesStream(bytes) });
      clock.time += SANDBOX_REUSE_GRACE_MS + 1;

      expect(await sut.releaseJob(jobId)).toBe(0);
      expect(await store.exists(sha256)).toBe(true);
      expect(await repository.find('bob', sha256)).toBeNull();
      expect(await repository.find('carol', sha256)).not.toBeNull();
    });

    it('keeps an archive used within the grace period (a submission may be about to link it)', async () => {
      const { jobId, sha256 } = await jobUsing('dave', archive());
      expect(await sut.releaseJob(jobId)).toBe(0);
      expect(await store.exists(sha256)).toBe(true);
      expect(await repository.jobSandbox(jobId, 'input')).toBeNull();
    });

    it('purges archives nobody uses once they are old enough, and nothing else', async () => {
      const unused = await sut.upload(user('erin'), { stream: bytesStream(archive()) });
      const used = await jobUsing('erin', archive());
      clock.time += 10 * HOUR;
      const recent = await sut.upload(user('erin'), { stream: bytesStream(archive()) });

      expect(await sut.purgeUnreferenced(clock.now() - HOUR)).toBeGreaterThanOrEqual(1);
      expect(await store.exists(unused.sha256)).toBe(false);
      expect(await store.exists(used.sha256)).toBe(true);
      expect(await store.exists(recent.sha256)).toBe(true);
      expect(await readdir(join(home, kind, 'sandboxes', 'tmp'))).toEqual([]);
    });
  });
});
