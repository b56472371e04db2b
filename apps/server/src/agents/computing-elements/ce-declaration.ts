import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import type { ComputingElementKind } from '@majorana/ce';
import { CeDeclarationDto } from './dto/ce-declaration.dto.js';

/** A computing element as the site directors use it: validated, defaults filled. */
export interface CeDeclaration {
  readonly name: string;
  readonly site: string;
  readonly type: ComputingElementKind;
  readonly connection?: {
    readonly host: string;
    readonly port: number;
    readonly user: string;
    readonly keyFile: string;
    readonly knownHostsFile?: string;
  };
  readonly batchSystem?: string;
  readonly workDir: string;
  readonly limits: { readonly maxPilotsWaiting: number; readonly maxPilots: number; readonly maxPilotsPerCycle: number };
  readonly queue: {
    readonly platform: string;
    readonly cpuTimeLimitS: number;
    readonly cpuNormalization: number;
    readonly cores: number;
    readonly ramMiB: number;
    readonly tags: readonly string[];
  };
  readonly pilot: { readonly slots: number; readonly maxTimeS: number; readonly nodePath?: string };
  readonly slurm?: { readonly partition: string; readonly sbatchArgs: readonly string[] };
}

/** A declaration that cannot be used; the message names the field (`computingElements[1].limits.maxPilots: …`). */
export class CeDeclarationError extends Error {
  override readonly name = 'CeDeclarationError';
}

/**
 * Validates one declaration (from the config file or the admin API) and fills its defaults. `path`
 * prefixes the field names in the message, so a config-file error says which entry is wrong.
 */
export function parseCeDeclaration(json: unknown, path = ''): CeDeclaration {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new CeDeclarationError(
      `${path || 'the declaration'}: a computing element is an object { name, site, type, workDir, limits, queue, pilot }`,
    );
  }
  const dto = plainToInstance(CeDeclarationDto, json);
  const [problem] = problems(
    validateSync(dto, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true, stopAtFirstError: true }),
    path,
  );
  if (problem !== undefined) {
    throw new CeDeclarationError(problem);
  }
  const declaration = toDeclaration(dto);
  const inconsistency = crossCheck(declaration);
  if (inconsistency !== null) {
    throw new CeDeclarationError(`${joinPath(path, inconsistency.field)}: ${inconsistency.message}`);
  }
  return declaration;
}

/** The `computingElements` list of the config file; names must be unique. */
export function parseCeDeclarations(json: unknown, path = 'computingElements'): CeDeclaration[] {
  if (json === undefined) {
    return [];
  }
  if (!Array.isArray(json)) {
    throw new CeDeclarationError(`${path}: must be a list of computing elements`);
  }
  const declarations = json.map((entry: unknown, index) => parseCeDeclaration(entry, `${path}[${index}]`));
  const seen = new Set<string>();
  declarations.forEach((declaration, index) => {
    if (seen.has(declaration.name)) {
      throw new CeDeclarationError(`${path}[${index}].name: "${declaration.name}" is declared twice; CE names must be unique`);
    }
    seen.add(declaration.name);
  });
  return declarations;
}

function toDeclaration(dto: CeDeclarationDto): CeDeclaration {
  const { connection, slurm, queue, pilot, limits } = dto;
  return {
    name: dto.name,
    site: dto.site,
    type: dto.type,
    ...(connection === undefined
      ? {}
      : {
          connection: {
            host: connection.host,
            port: connection.port ?? 22,
            user: connection.user,
            keyFile: connection.keyFile,
            ...(connection.knownHostsFile === undefined ? {} : { knownHostsFile: connection.knownHostsFile }),
          },
        }),
    ...(dto.batchSystem === undefined ? {} : { batchSystem: dto.batchSystem }),
    workDir: dto.workDir,
    limits: { maxPilotsWaiting: limits.maxPilotsWaiting, maxPilots: limits.maxPilots, maxPilotsPerCycle: limits.maxPilotsPerCycle },
    queue: {
      platform: queue.platform,
      cpuTimeLimitS: queue.cpuTimeLimitS,
      cpuNormalization: queue.cpuNormalization,
      cores: queue.cores,
      ramMiB: queue.ramMiB,
      tags: [...(queue.tags ?? [])],
    },
    pilot: { slots: pilot.slots, maxTimeS: pilot.maxTimeS, ...(pilot.nodePath === undefined ? {} : { nodePath: pilot.nodePath }) },
    ...(slurm === undefined ? {} : { slurm: { partition: slurm.partition, sbatchArgs: [...(slurm.sbatchArgs ?? [])] } }),
  };
}

/** What one field alone cannot say. */
function crossCheck(declaration: CeDeclaration): { field: string; message: string } | null {
  if (declaration.type === 'ssh' && declaration.connection === undefined) {
    return { field: 'connection', message: 'an ssh CE needs { host, port, user, keyFile, knownHostsFile }' };
  }
  if (declaration.type === 'local' && declaration.connection !== undefined) {
    return { field: 'connection', message: 'a local CE starts pilots on this machine: remove the connection, or use type "ssh"' };
  }
  if (declaration.type === 'slurm' && declaration.slurm === undefined) {
    return { field: 'slurm', message: 'a slurm CE needs { partition } (and optionally sbatchArgs)' };
  }
  if (declaration.type !== 'slurm' && declaration.slurm !== undefined) {
    return { field: 'slurm', message: `only a slurm CE takes Slurm options; this one is ${declaration.type}` };
  }
  if (declaration.pilot.slots > declaration.queue.cores) {
    return {
      field: 'pilot.slots',
      message: `${declaration.pilot.slots} slots on a batch slot of ${declaration.queue.cores} core(s) would overload it: at most queue.cores`,
    };
  }
  if (declaration.limits.maxPilotsPerCycle > declaration.limits.maxPilots) {
    return { field: 'limits.maxPilotsPerCycle', message: `is more than limits.maxPilots (${declaration.limits.maxPilots})` };
  }
  return null;
}

/** class-validator's tree flattened to `path.to.field: message`, first problem first. */
function problems(errors: readonly ValidationError[], parent: string): string[] {
  return errors.flatMap((error) => {
    const path = joinPath(parent, error.property);
    const own = Object.entries(error.constraints ?? {}).map(([type, message]) =>
      type === 'whitelistValidation' ? `${path}: unknown key: remove it or correct its spelling` : `${path}: ${message}`,
    );
    return [...own, ...problems(error.children ?? [], path)];
  });
}

function joinPath(parent: string, property: string): string {
  if (/^\d+$/.test(property)) {
    return `${parent}[${property}]`;
  }
  return parent === '' ? property : `${parent}.${property}`;
}
