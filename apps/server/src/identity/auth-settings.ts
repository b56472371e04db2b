import { existsSync, readFileSync } from 'node:fs';
import { parseAuthConfig, type AuthConfig } from '@majorana/auth';
import { DEFAULT_AUTH_CONFIG } from './default-auth-config.js';

/** The VO, groups and users, read once at start-up from $MAJORANA_CONFIG (or the defaults). */
export class AuthSettings {
  constructor(readonly config: AuthConfig) {}

  /** Reads and validates the file; a bad file stops start-up with the path of each problem. */
  static load(configFile: string): AuthSettings {
    if (!existsSync(configFile)) {
      return new AuthSettings(parseAuthConfig(DEFAULT_AUTH_CONFIG));
    }
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(configFile, 'utf8'));
    } catch (error) {
      throw new Error(`${configFile} is not valid JSON: ${(error as Error).message}`);
    }
    // The same file declares the computing elements (agents/computing-elements): not the auth config's to judge.
    if (typeof json === 'object' && json !== null && !Array.isArray(json) && 'computingElements' in json) {
      const auth: Record<string, unknown> = { ...(json as Record<string, unknown>) };
      delete auth['computingElements'];
      json = auth;
    }
    try {
      return new AuthSettings(parseAuthConfig(json));
    } catch (error) {
      throw new Error(`${configFile}: ${(error as Error).message}`);
    }
  }
}
