import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { ComputingElementRepository, type ComputingElementRow } from '@majorana/db';
import { Clock } from '../../common/clock.js';
import { ServerConfig } from '../../config/server-config.js';
import { type CeDeclaration, CeDeclarationError, parseCeDeclaration } from './ce-declaration.js';
import { ComputingElementErrorCode, ComputingElementException } from './computing-element.exception.js';
import { readCeConfigFile } from './read-ce-config-file.js';

export interface StoredCeDeclaration {
  readonly declaration: CeDeclaration;
  readonly source: ComputingElementRow['source'];
  readonly updatedAt: number;
}

/**
 * The declared computing elements, kept in the database so that every agents process and replica
 * sees the same list and an admin's change reaches the site directors at their next cycle. At start
 * the config file's entries are written over whatever the table holds for those names (the file wins);
 * entries added through the API stay until deleted.
 */
@Injectable()
export class CeDeclarationsService implements OnModuleInit {
  private readonly logger = new Logger('computing-elements');

  constructor(
    private readonly repository: ComputingElementRepository,
    private readonly config: ServerConfig,
    private readonly clock: Clock,
  ) {}

  async onModuleInit(): Promise<void> {
    const declared = readCeConfigFile(this.config.configFile);
    for (const declaration of declared) {
      await this.repository.upsert({
        name: declaration.name,
        declaration: JSON.stringify(declaration),
        source: 'config',
        updatedAt: this.clock.now(),
      });
    }
    if (declared.length > 0) {
      this.logger.log(
        `${declared.length} computing element(s) declared in ${this.config.configFile}: ${declared.map((ce) => ce.name).join(', ')}`,
      );
    }
  }

  /** Every declaration the table holds; one that no longer validates (an older release wrote it) is logged and left out. */
  async list(): Promise<StoredCeDeclaration[]> {
    const stored: StoredCeDeclaration[] = [];
    for (const row of await this.repository.list()) {
      try {
        stored.push({
          declaration: parseCeDeclaration(JSON.parse(row.declaration), row.name),
          source: row.source,
          updatedAt: row.updatedAt,
        });
      } catch (error) {
        this.logger.warn(
          `computing element ${row.name} is ignored: ${(error as Error).message}; declare it again (PUT /api/admin/computing-elements/${row.name})`,
        );
      }
    }
    return stored;
  }

  /** Creates or replaces `name` from the admin API; `body.name`, if given, must be `name`. */
  async put(name: string, body: object): Promise<StoredCeDeclaration> {
    const given = (body as { name?: unknown }).name;
    if (given !== undefined && given !== name) {
      throw new ComputingElementException(
        ComputingElementErrorCode.InvalidDeclaration,
        `the body names computing element ${JSON.stringify(given)} but the path names "${name}": rename by DELETE and PUT, or drop "name" from the body`,
      );
    }
    let declaration: CeDeclaration;
    try {
      declaration = parseCeDeclaration({ ...body, name });
    } catch (error) {
      if (error instanceof CeDeclarationError) {
        throw new ComputingElementException(ComputingElementErrorCode.InvalidDeclaration, error.message);
      }
      throw error;
    }
    const updatedAt = this.clock.now();
    await this.repository.upsert({ name, declaration: JSON.stringify(declaration), source: 'api', updatedAt });
    this.logger.log(`computing element ${name} (${declaration.type} at ${declaration.site}) declared through the API`);
    return { declaration, source: 'api', updatedAt };
  }

  async remove(name: string): Promise<void> {
    const row = await this.repository.find(name);
    if (row === null || !(await this.repository.remove(name))) {
      throw new ComputingElementException(
        ComputingElementErrorCode.UnknownComputingElement,
        `no computing element is named "${name}": GET /api/admin/computing-elements lists them`,
      );
    }
    this.logger.log(
      `computing element ${name} removed` +
        (row.source === 'config' ? ` (it is in ${this.config.configFile} and comes back at the next start unless removed there)` : ''),
    );
  }
}
