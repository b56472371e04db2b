// The pilot's entry point: `node pilot.js --server URL --token TOKEN …` (see cli/pilot-usage.ts).
import { runPilot } from './cli/run-pilot.js';

const exitCode = await runPilot({
  argv: process.argv.slice(2),
  env: process.env,
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
  onSignal: (handler) => {
    const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];
    for (const signal of signals) {
      process.on(signal, handler);
    }
    return () => signals.forEach((signal) => process.off(signal, handler));
  },
});
// Exit now rather than when the event loop drains: a payload process or socket left behind by a
// failure must not keep a finished pilot (and its batch slot) alive.
process.exit(exitCode);
