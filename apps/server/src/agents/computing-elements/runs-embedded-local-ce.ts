import type { ServerConfig } from '../../config/server-config.js';
import { readCeConfigFile } from './read-ce-config-file.js';

/**
 * The embedded Local CE of `majorana up` (MAJORANA_LOCAL_PILOTS pilots, `local` at Local.localhost) is
 * the default: it runs unless turned off (MAJORANA_LOCAL_PILOTS=0) or unless the config file declares
 * computing elements, in which case the site directors drive those (a declared `local` CE included).
 */
export function runsEmbeddedLocalCe(config: ServerConfig): boolean {
  return config.localPilots > 0 && readCeConfigFile(config.configFile).length === 0;
}
