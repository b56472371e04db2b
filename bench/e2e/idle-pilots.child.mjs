// Run by the e2e benchmark in its own process: N simulated pilots that connect, say hello, park a
// request and send heartbeats, then wait. Prints "ready N" when all are parked; exits on SIGTERM.
import { connectSimulatedPilot } from './sim-pilot.mjs';

const [serverUrl, token, countText] = process.argv.slice(2);
const count = Number(countText);
const pilots = [];
const CONCURRENT = 200;
for (let start = 0; start < count; start += CONCURRENT) {
  const batch = await Promise.all(
    Array.from({ length: Math.min(CONCURRENT, count - start) }, () => connectSimulatedPilot(serverUrl, token, { ce: 'ce.idle' })),
  );
  for (const pilot of batch) {
    pilot.requestWork();
    pilot.heartbeat();
  }
  pilots.push(...batch);
  if (pilots.length % 2_000 === 0) {
    process.stderr.write(`  ${pilots.length} idle pilots connected\n`);
  }
}
console.log(`ready ${pilots.length}`);
const beat = setInterval(() => pilots.forEach((pilot) => pilot.heartbeat()), 30_000);
process.on('SIGTERM', () => {
  clearInterval(beat);
  pilots.forEach((pilot) => pilot.terminate());
  process.exit(0);
});
