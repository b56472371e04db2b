import { describe, expect, it } from '@jest/globals';
import { shippedScriptName } from './pilot-shipper.js';

const DIGEST = '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';

describe(shippedScriptName.name, () => {
  it('keeps the name and extension, adding the content digest', () => {
    expect(shippedScriptName('/opt/majorana/pilot/dist/pilot.js', DIGEST)).toBe('pilot-0123456789abcdef.js');
    expect(shippedScriptName('/x/fake-pilot.mjs', DIGEST)).toBe('fake-pilot-0123456789abcdef.mjs');
  });

  it('makes a safe file name of any local name', () => {
    expect(shippedScriptName("/x/my pilot $(id)'.js", DIGEST)).toBe('my_pilot___id__-0123456789abcdef.js');
    expect(shippedScriptName('/x/.js', DIGEST)).toBe('.js-0123456789abcdef');
  });
});
