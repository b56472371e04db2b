import { spawnSync } from 'node:child_process';
import { describe, expect, it } from '@jest/globals';
import { pilotEnvScript } from './ssh-pilot-scripts.js';

describe(pilotEnvScript.name, () => {
  it('assigns every value verbatim when a shell sources it', () => {
    const env = {
      TOKEN: 'eyJhbGciOi.J9.x-y_z',
      HOSTILE: `$(touch /tmp/never) 'single' "double" \`tick\` ; exit 9\nsecond line\n`,
      EMPTY: '',
    };
    const printed = spawnSync(
      'sh',
      ['-c', `${pilotEnvScript(env)}\nfor n in TOKEN HOSTILE EMPTY; do eval "printf '%s\\\\0' \\"\\$$n\\""; done`],
      {
        encoding: 'utf8',
      },
    );
    expect(printed.status).toBe(0);
    expect(printed.stdout.split('\0').slice(0, -1)).toEqual([env.TOKEN, env.HOSTILE, env.EMPTY]);
  });

  it('exports the variables to the programs the shell starts', () => {
    const printed = spawnSync('sh', ['-c', `${pilotEnvScript({ PILOT_X: 'a b' })}\nexec env`], { encoding: 'utf8' });
    expect(printed.stdout.split('\n')).toContain('PILOT_X=a b');
  });
});
