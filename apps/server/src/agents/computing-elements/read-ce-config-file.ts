import { existsSync, readFileSync } from 'node:fs';
import { type CeDeclaration, CeDeclarationError, parseCeDeclarations } from './ce-declaration.js';

/** The key of $MAJORANA_CONFIG that declares computing elements (beside vo, groups and users). */
export const COMPUTING_ELEMENTS_KEY = 'computingElements';

/**
 * The computing elements declared in the config file ($MAJORANA_CONFIG), validated: none when the
 * file or the key is absent. A bad entry throws a CeDeclarationError naming the file and the field,
 * which stops start-up.
 */
export function readCeConfigFile(configFile: string): CeDeclaration[] {
  if (!existsSync(configFile)) {
    return [];
  }
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(configFile, 'utf8'));
  } catch (error) {
    throw new CeDeclarationError(`${configFile} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return [];
  }
  try {
    return parseCeDeclarations((json as Record<string, unknown>)[COMPUTING_ELEMENTS_KEY]);
  } catch (error) {
    throw error instanceof CeDeclarationError ? new CeDeclarationError(`${configFile}: ${error.message}`) : error;
  }
}
