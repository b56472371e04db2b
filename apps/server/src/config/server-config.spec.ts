import { describe, expect, it } from '@jest/globals';
import { loadServerConfig } from './server-config.js';

describe(loadServerConfig.name, () => {
  it('fills the defaults of an embedded single-machine server', () => {
    const config = loadServerConfig({ MAJORANA_HOME: '/tmp/mj-home' });
    expect({ home: config.home, host: config.host, port: config.port, dbUrl: config.dbUrl, configFile: config.configFile }).toEqual({
      home: '/tmp/mj-home',
      host: '127.0.0.1',
      port: 8440,
      dbUrl: undefined,
      configFile: '/tmp/mj-home/majorana.json',
    });
    expect(config.sqlitePath).toBe('/tmp/mj-home/majorana.sqlite');
    expect(config.maxRescheduling).toBe(3);
  });

  it('lets command-line overrides win over the environment', () => {
    expect(loadServerConfig({ MAJORANA_HOME: '/h', MAJORANA_PORT: '9000' }, { port: 9100 }).port).toBe(9100);
  });

  it('stops on a bad value, naming the variable', () => {
    expect(() => loadServerConfig({ MAJORANA_PORT: 'eighty' })).toThrow('MAJORANA_PORT must be a whole number, got "eighty"');
    expect(() => loadServerConfig({ MAJORANA_PORT: '70000' })).toThrow(/^MAJORANA_PORT: /);
    expect(() => loadServerConfig({ MAJORANA_DB_URL: 'postgres://x/y' })).toThrow(
      'MAJORANA_DB_URL: must look like mysql://user:password@host:3306/database',
    );
    expect(() => loadServerConfig({ MAJORANA_LOG_LEVEL: 'loud' })).toThrow(/^MAJORANA_LOG_LEVEL: /);
  });
});
