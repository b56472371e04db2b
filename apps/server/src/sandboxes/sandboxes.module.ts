import { Module } from '@nestjs/common';
import { SandboxRepository } from '@majorana/db';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import { ServerConfig } from '../config/server-config.js';
import { InputSandboxService } from './input-sandbox.service.js';
import { JobSandboxAccess } from './job-sandbox-access.js';
import { JobSandboxService } from './job-sandbox.service.js';
import { JobSandboxesController } from './job-sandboxes.controller.js';
import { LocalSandboxStore } from './local-sandbox.store.js';
import { SandboxIntakeService } from './sandbox-intake.service.js';
import { SANDBOX_STORE } from './sandbox-store.js';
import { SandboxService } from './sandbox.service.js';
import { SandboxesController } from './sandboxes.controller.js';

/** An upload that has not finished after this long was cut short by a crash; its temporary file may go. */
const STALE_UPLOAD_MS = 60 * 60 * 1000;

/**
 * Input and output sandboxes: uploads, the pilot's transfers (job tokens), downloads, retention.
 * The archives live in the SANDBOX_STORE (files under $MAJORANA_HOME/sandboxes; an S3-compatible
 * store can replace it by providing the same token); who holds and uses them is in the database.
 */
@Module({
  controllers: [SandboxesController, JobSandboxesController],
  providers: [
    { provide: SandboxRepository, inject: [DataSource], useFactory: (dataSource: DataSource) => new SandboxRepository(dataSource) },
    {
      provide: SANDBOX_STORE,
      inject: [ServerConfig, Clock],
      useFactory: async (config: ServerConfig, clock: Clock) => {
        const store = new LocalSandboxStore(config.sandboxDir);
        await store.removeStaleTemporaries(clock.now() - STALE_UPLOAD_MS);
        return store;
      },
    },
    SandboxIntakeService,
    JobSandboxAccess,
    SandboxService,
    JobSandboxService,
    InputSandboxService,
  ],
  exports: [InputSandboxService, SandboxService],
})
export class SandboxesModule {}
