import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadServerConfig, startServer } from '@majorana/server';
import { MatcherService } from '../../apps/server/dist/matcher/matcher.service.js';
import { JobSubmissionService } from '../../apps/server/dist/jobs/job-submission.service.js';

const home = mkdtempSync(join(tmpdir(), 'mj-explore-'));
const server = await startServer(loadServerConfig({ MAJORANA_HOME: home, MAJORANA_PORT: '0', MAJORANA_LOG_LEVEL: 'warn', MAJORANA_MAX_PARAMETRIC_JOBS: '100000' }));
const submission = server.app.get(JobSubmissionService);
const matcher = server.app.get(MatcherService);
const principal = { user: 'admin', group: 'admin', vo: 'majorana', properties: new Set(), jti: 'x', expiresAt: new Date(Date.now() + 1e9) };
const Q = 200, per = Number(process.argv[2] ?? 500);
let t = performance.now();
for (let i = 0; i < Q; i++) {
  await submission.submit(principal, [`Executable = "run.sh";\nArguments = "%n";\nTags = {"t${i}"};\nParameters = ${per};\n`]);
}
console.log('fill', Q * per, (performance.now() - t) / 1000, 's');
const tags = Array.from({ length: Q }, (_, i) => `t${i}`);
const resource = { site: 'LCG.Bench.org', platforms: [], cpuTimeLeft: 1_000_000, processors: 1, wholeNode: false, ramMB: null, tags, requiredTags: [] };
for (let round = 0; round < 4; round++) {
  const N = 4000; let done = 0; const lat = [];
  t = performance.now();
  await Promise.all(Array.from({ length: 64 }, async () => { while (done < N) { done++; const s = performance.now(); const j = await matcher.match(resource); lat.push(performance.now() - s); if (!j) throw new Error('null'); } }));
  const el = (performance.now() - t) / 1000; lat.sort((a, b) => a - b);
  console.log('round', round, N / el, '/s p99', lat[Math.floor(lat.length * 0.99)]);
}
await server.close();
rmSync(home, { recursive: true, force: true });
