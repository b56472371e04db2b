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

  it('limits sandboxes to 10 MiB by default, under $MAJORANA_HOME/sandboxes', () => {
    const config = loadServerConfig({ MAJORANA_HOME: '/tmp/mj-home' });
    expect(config.maxSandboxBytes).toBe(10 * 1024 * 1024);
    expect(config.sandboxDir).toBe('/tmp/mj-home/sandboxes');
    expect(loadServerConfig({ MAJORANA_HOME: '/h', MAJORANA_MAX_SANDBOX_BYTES: '1048576' }).maxSandboxBytes).toBe(1048576);
  });

  it('refuses a sandbox limit that is not a whole number of at least 1024 bytes, naming the variable', () => {
    expect(() => loadServerConfig({ MAJORANA_MAX_SANDBOX_BYTES: '10MiB' })).toThrow(
      'MAJORANA_MAX_SANDBOX_BYTES must be a whole number, got "10MiB"',
    );
    expect(() => loadServerConfig({ MAJORANA_MAX_SANDBOX_BYTES: '100' })).toThrow(/^MAJORANA_MAX_SANDBOX_BYTES: /);
  });

  it('runs the agents and the Local CE with the documented defaults, each one configurable', () => {
    const config = loadServerConfig({ MAJORANA_HOME: '/tmp/mj-home' });
    expect({
      heartbeat: config.heartbeatIntervalS,
      stalledAfter: config.stalledAfterS,
      stalledCheck: config.stalledCheckIntervalS,
      siteDirector: config.siteDirectorIntervalS,
      pilotStatus: config.pilotStatusIntervalS,
      idle: config.localPilotIdleTimeoutS,
      pilots: config.localPilots,
    }).toEqual({ heartbeat: 30, stalledAfter: 300, stalledCheck: 30, siteDirector: 2, pilotStatus: 10, idle: 30, pilots: 2 });
    expect(config.localSlots).toBeGreaterThanOrEqual(4);
    const tuned = loadServerConfig({
      MAJORANA_HOME: '/h',
      MAJORANA_STALLED_CHECK_S: '5',
      MAJORANA_SITE_DIRECTOR_S: '1',
      MAJORANA_PILOT_STATUS_S: '3',
      MAJORANA_LOCAL_PILOT_IDLE_S: '60',
      MAJORANA_LOCAL_SLOTS: '2',
    });
    expect([
      tuned.stalledCheckIntervalS,
      tuned.siteDirectorIntervalS,
      tuned.pilotStatusIntervalS,
      tuned.localPilotIdleTimeoutS,
      tuned.localSlots,
    ]).toEqual([5, 1, 3, 60, 2]);
    expect(() => loadServerConfig({ MAJORANA_SITE_DIRECTOR_S: '0' })).toThrow(/^MAJORANA_SITE_DIRECTOR_S: /);
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
