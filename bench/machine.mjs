// What every benchmark prints about the machine it ran on, and the helpers they share.
import os from 'node:os';

export function machine() {
  return {
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    cpu: os.cpus()[0]?.model ?? 'unknown',
  };
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Median time of one call of `fn` in microseconds: `rounds` rounds of `batch` calls, after a warm-up. */
export function timeMicros(fn, { rounds = 15, batch = 200 } = {}) {
  for (let i = 0; i < batch; i++) fn();
  const samples = [];
  for (let round = 0; round < rounds; round++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < batch; i++) fn();
    samples.push(Number(process.hrtime.bigint() - start) / 1000 / batch);
  }
  return median(samples);
}

/** Prints the table (figure, value, unit, target, verdict) and, with --json, one JSON line last. */
export function report(name, rows, json) {
  const m = machine();
  console.log(`benchmark ${name} — ${m.cores} cores, ${m.memoryGiB} GiB, Node ${m.node}, ${m.cpu}`);
  const widths = [44, 10, 6, 12, 4];
  const line = (cells) => cells.map((cell, i) => String(cell).padEnd(widths[i])).join(' ');
  console.log(line(['figure', 'value', 'unit', 'target', 'ok']));
  for (const row of rows) {
    const ok = row.target === undefined ? '' : row.lowerIsBetter === false ? row.value >= row.target : row.value <= row.target;
    const target =
      row.target === undefined ? (row.baseline ? '(baseline)' : '-') : `${row.lowerIsBetter === false ? '≥' : '≤'} ${row.target}`;
    console.log(line([row.label, round(row.value), row.unit, target, ok === '' ? '' : ok ? 'yes' : 'NO']));
  }
  if (json) {
    const figures = Object.fromEntries(rows.filter((row) => row.key).map((row) => [row.key, round(row.value)]));
    console.log(JSON.stringify({ bench: name, figures }));
  }
}

function round(value) {
  return Math.round(value * 100) / 100;
}
