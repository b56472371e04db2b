import { printExpression } from '../printer/print-jdl.js';
import { JOB_ATTRIBUTES } from './job-attributes.js';
import type { JobDescription, JsonValue } from './job-description.js';

/**
 * A job as one flat JSON object keyed by DIRAC's attribute names (`Executable`, `CPUTime`, `Site`…),
 * every known attribute present (unset optional ones are null), Requirements and Rank as ClassAd
 * text, then the user's own attributes under their own spelling.
 */
export function jobDescriptionToJson(job: JobDescription): Record<string, JsonValue> {
  const json: Record<string, JsonValue> = {};
  for (const attribute of JOB_ATTRIBUTES) {
    const value = job[attribute.property];
    if (attribute.kind === 'expression') {
      json[attribute.name] = value === null ? null : printExpression(value as Parameters<typeof printExpression>[0]);
    } else {
      json[attribute.name] = value as JsonValue;
    }
  }
  for (const [name, value] of Object.entries(job.metadata)) {
    if (!(name in json)) {
      json[name] = value;
    }
  }
  return json;
}
