import type { ExplainCheck, ExplainCheckName } from './explain-check.js';

/** A check that needs the task-queue definition, for a job that has none yet. */
export function uncheckable(name: ExplainCheckName, what: string): ExplainCheck {
  return { name, passed: false, detail: `Cannot check ${what}: the job is not in a task queue yet.` };
}
