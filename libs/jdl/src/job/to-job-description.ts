import { validateSync } from 'class-validator';
import type { AttributeNode, Expr, JdlDocument } from '../ast/classad-ast.js';
import { isBareWord } from '../ast/classad-lookup.js';
import { JdlError, JdlErrorCode } from '../errors/jdl.error.js';
import { parseExpression } from '../parser/parse-jdl.js';
import { JOB_ATTRIBUTES_BY_NAME, SERVER_SET_ATTRIBUTES } from './job-attributes.js';
import { DEFAULT_JOB_LIMITS, JobDescription, type JobLimits } from './job-description.js';
import { readAttributeValue, toJsonValue } from './read-attribute-value.js';

/** gLite job shapes Majorana does not run: their node ads would silently be ignored otherwise. */
const UNSUPPORTED_TYPES = new Set(['collection', 'dag']);

export interface ToJobDescriptionOptions {
  /**
   * Skip the class-validator pass (the value checks), for a JDL the server itself stored after it
   * passed them: the matcher reads one per job handed to a pilot, where validation was most of the cost.
   * @default false
   */
  readonly alreadyValidated?: boolean;
}

/**
 * Reads one (already expanded) job's ad into a validated {@link JobDescription}, or throws the
 * first problem as a {@link JdlError} pointing at the offending value.
 */
export function toJobDescription(
  doc: JdlDocument,
  limits: JobLimits = DEFAULT_JOB_LIMITS,
  options: ToJobDescriptionOptions = {},
): JobDescription {
  const job = new JobDescription();
  job.limits = limits;
  const places = new Map<keyof JobDescription, AttributeNode>();
  const fail = (offset: number, code: JdlErrorCode, reason: string): never => {
    throw new JdlError({ code, reason, source: doc.source, fileName: doc.fileName, offset });
  };

  for (const attribute of doc.ad.attributes) {
    const key = attribute.name.toLowerCase();
    checkSupported(attribute, key, fail);
    if (SERVER_SET_ATTRIBUTES.has(key)) {
      continue;
    }
    const known = JOB_ATTRIBUTES_BY_NAME.get(key);
    if (!known) {
      job.metadata[attribute.name] = toJsonValue(attribute.value, doc.source);
      continue;
    }
    places.set(known.property, attribute);
    if (known.kind === 'expression') {
      const expression = readExpression(attribute, doc, fail);
      if (known.property === 'requirements') {
        job.requirements = expression;
      } else {
        job.rank = expression;
      }
    } else {
      Object.assign(job, { [known.property]: readAttributeValue(known.kind, attribute.value, doc) });
    }
  }

  if (!places.has('executable')) {
    fail(
      startOfAd(doc),
      JdlErrorCode.MissingAttribute,
      'Executable is missing: every job needs the program to run, e.g. Executable = "run.sh";',
    );
  }
  if (job.platform === '' || job.platform?.toUpperCase() === 'ANY') {
    job.platform = null;
  }

  const [first] = options.alreadyValidated === true ? [] : validateSync(job, { forbidUnknownValues: false });
  if (first) {
    const attribute = places.get(first.property as keyof JobDescription);
    const reason = Object.values(first.constraints ?? {})[0] ?? `${first.property} is not valid`;
    fail(attribute ? attribute.value.loc.start : startOfAd(doc), JdlErrorCode.InvalidValue, reason);
  }
  checkConsistency(job, places, fail);
  return job;
}

type Fail = (offset: number, code: JdlErrorCode, reason: string) => never;

function checkSupported(attribute: AttributeNode, key: string, fail: Fail): void {
  const value = attribute.value;
  const typeName = value.kind === 'literal' && value.type === 'string' ? value.value.toLowerCase() : '';
  if (key === 'nodes' || ((key === 'type' || key === 'jobtype') && UNSUPPORTED_TYPES.has(typeName))) {
    fail(
      key === 'nodes' ? attribute.nameLoc.start : value.loc.start,
      JdlErrorCode.Unsupported,
      'gLite collections and DAGs are not supported: submit each node as a job of its own (a parametric JDL makes many similar jobs at once)',
    );
  }
  if (/^parameter(s|start|step|factor)(\.|$)/i.test(attribute.name)) {
    fail(
      attribute.nameLoc.start,
      JdlErrorCode.Parametric,
      `${attribute.name} belongs to a parametric JDL: expand it first (expandParametric)`,
    );
  }
}

/** Requirements and Rank must be expressions; a value that only parsed as DIRAC bare text gets the real syntax error. */
function readExpression(attribute: AttributeNode, doc: JdlDocument, fail: Fail): Expr {
  const value = attribute.value;
  if (isBareWord(value, doc.source)) {
    try {
      parseExpression(doc.source.slice(value.loc.start, value.loc.end));
    } catch (error) {
      if (error instanceof JdlError) {
        fail(value.loc.start + error.offset, JdlErrorCode.Syntax, `${attribute.name} is not a valid expression: ${error.reason}`);
      }
      throw error;
    }
  }
  if (value.kind === 'literal' && value.type === 'string') {
    fail(
      value.loc.start,
      JdlErrorCode.InvalidValue,
      `${attribute.name} must be an expression such as other.Memory >= 2048, not a quoted string: remove the quotes`,
    );
  }
  return value;
}

function checkConsistency(job: JobDescription, places: Map<keyof JobDescription, AttributeNode>, fail: Fail): void {
  const at = (property: keyof JobDescription): number => places.get(property)?.value.loc.start ?? 0;
  if (job.minNumberOfProcessors !== null && job.maxNumberOfProcessors !== null && job.minNumberOfProcessors > job.maxNumberOfProcessors) {
    fail(
      at('minNumberOfProcessors'),
      JdlErrorCode.InvalidValue,
      `MinNumberOfProcessors (${job.minNumberOfProcessors}) is larger than MaxNumberOfProcessors (${job.maxNumberOfProcessors})`,
    );
  }
  if (job.sites.length > 0) {
    const banned = new Set(job.bannedSites.map((site) => site.toLowerCase()));
    if (job.sites.every((site) => banned.has(site.toLowerCase()))) {
      fail(
        at('bannedSites'),
        JdlErrorCode.InvalidValue,
        `BannedSites bans every site in Site (${job.sites.join(', ')}): the job could never run`,
      );
    }
  }
  if (job.numberOfProcessors === null && job.minNumberOfProcessors === null && job.maxNumberOfProcessors === null) {
    job.numberOfProcessors = 1;
  }
}

/** Where "the ad" starts for errors about something missing from it: its first attribute, else its start. */
function startOfAd(doc: JdlDocument): number {
  if (doc.source.charCodeAt(doc.ad.loc.start) === 91 /* [ */) {
    return doc.ad.loc.start;
  }
  return doc.ad.attributes[0]?.nameLoc.start ?? 0;
}
