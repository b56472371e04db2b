// Closed-loop load: `callers` concurrent loops, each awaiting one call before making the next, as
// pilots do. A round ends after `perRound` calls or `seconds`, whichever comes first; the figures are
// medians over rounds, after `warmups` warm-up rounds that are thrown away.
import { median } from '../machine.mjs';

/** The value below which `fraction` of the sorted `values` lie (nearest rank). */
export function percentile(sorted, fraction) {
  if (sorted.length === 0) {
    return NaN;
  }
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)];
}

/**
 * One round. `call` resolves to something, or null for "nothing to do" (counted, not an error).
 * Returns calls per second, latency percentiles (ms) and the null count.
 */
export async function round(call, { callers, perRound, seconds }) {
  const latencies = [];
  let started = 0;
  let nulls = 0;
  const begin = performance.now();
  const deadline = begin + seconds * 1000;
  const loop = async () => {
    while (started < perRound && performance.now() < deadline) {
      started++;
      const sent = performance.now();
      const result = await call();
      latencies.push(performance.now() - sent);
      if (result === null) {
        nulls++;
      }
    }
  };
  await Promise.all(Array.from({ length: callers }, loop));
  const elapsed = (performance.now() - begin) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    calls: latencies.length,
    perSecond: latencies.length / elapsed,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    nulls,
  };
}

/**
 * `rounds` measured rounds of each workload, interleaved (A B A B …) so that a noisy neighbour hits
 * all alike. A workload's `after(result)`, if any, runs after each of its rounds, untimed (e.g. to
 * put back the jobs the round took).
 */
export async function measure(workloads, { rounds = 5, warmups = 1, callers = 64, perRound, seconds = 3, progress = () => {} }) {
  const results = workloads.map(() => []);
  for (let index = -warmups; index < rounds; index++) {
    for (const [which, workload] of workloads.entries()) {
      const result = await round(workload.call, { callers, perRound: workload.perRound ?? perRound, seconds });
      progress(
        `  ${workload.name} ${index < 0 ? 'warm-up' : `round ${index + 1}/${rounds}`}: ${result.perSecond.toFixed(0)}/s, ` +
          `p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms${result.nulls > 0 ? `, ${result.nulls} empty` : ''}`,
      );
      if (index >= 0) {
        results[which].push(result);
      }
      await workload.after?.(result);
    }
  }
  return results.map((each) => ({
    perSecond: median(each.map((result) => result.perSecond)),
    p50: median(each.map((result) => result.p50)),
    p99: median(each.map((result) => result.p99)),
    calls: each.reduce((sum, result) => sum + result.calls, 0),
    nulls: each.reduce((sum, result) => sum + result.nulls, 0),
  }));
}
