import { describe, expect, it } from '@jest/globals';
import { lastSignOfLife, pilotIsGone, silentForSeconds } from './stalled-job-rules.js';

const MINUTE = 60_000;
const NOW = 1_764_000_000_000;

describe('stalled-job rules', () => {
  describe(lastSignOfLife.name, () => {
    it('takes the newest of the heartbeat, the start and the last change', () => {
      expect(lastSignOfLife({ heartBeatTime: NOW - MINUTE, startExecTime: NOW - 9 * MINUTE, lastUpdateTime: NOW - 10 * MINUTE })).toBe(
        NOW - MINUTE,
      );
      expect(lastSignOfLife({ heartBeatTime: null, startExecTime: NOW - 2 * MINUTE, lastUpdateTime: NOW - 3 * MINUTE })).toBe(
        NOW - 2 * MINUTE,
      );
      expect(lastSignOfLife({ heartBeatTime: null, startExecTime: null, lastUpdateTime: NOW - 3 * MINUTE })).toBe(NOW - 3 * MINUTE);
    });

    it('counts whole seconds of silence', () => {
      expect(silentForSeconds({ heartBeatTime: NOW - 301_999, startExecTime: null, lastUpdateTime: 0 }, NOW)).toBe(301);
    });
  });

  describe(pilotIsGone.name, () => {
    const stalledAfterMs = 5 * MINUTE;

    it('gives up on a job whose pilot ended or was never recorded', () => {
      for (const pilotStatus of ['Done', 'Failed', 'Aborted', null] as const) {
        expect(pilotIsGone({ pilotStatus, pilotLastContact: NOW }, NOW, stalledAfterMs)).toBe(true);
      }
    });

    it('gives a disconnected pilot the stalled delay to come back before giving up on its job', () => {
      expect(pilotIsGone({ pilotStatus: 'Disconnected', pilotLastContact: NOW - stalledAfterMs }, NOW, stalledAfterMs)).toBe(false);
      expect(pilotIsGone({ pilotStatus: 'Disconnected', pilotLastContact: NOW - stalledAfterMs - 1 }, NOW, stalledAfterMs)).toBe(true);
    });

    it('keeps waiting while the pilot runs: a heartbeat would resume the job', () => {
      expect(pilotIsGone({ pilotStatus: 'Running', pilotLastContact: NOW - 60 * MINUTE }, NOW, stalledAfterMs)).toBe(false);
      expect(pilotIsGone({ pilotStatus: 'Submitted', pilotLastContact: NOW - 60 * MINUTE }, NOW, stalledAfterMs)).toBe(false);
    });
  });
});
