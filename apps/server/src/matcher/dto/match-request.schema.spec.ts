import { BadRequestException } from '@nestjs/common';
import { describe, expect, it } from '@jest/globals';
import { SchemaBodyPipe } from '../../common/schema-body.pipe.js';
import { MatchRequestSchema } from './match-request.schema.js';

const sut = new SchemaBodyPipe(MatchRequestSchema);

function refusal(body: unknown): string {
  try {
    sut.transform(body);
  } catch (error) {
    expect(error).toBeInstanceOf(BadRequestException);
    return (error as BadRequestException).message;
  }
  throw new Error(`${JSON.stringify(body)} was accepted`);
}

describe('MatchRequestSchema through SchemaBodyPipe', () => {
  it('accepts a minimal slot and a full one, unchanged', () => {
    const minimal = { site: 'LCG.CPPM.fr', cpuTimeLeft: 0 };
    const full = {
      site: 'LCG.CPPM.fr',
      ce: 'ce01.cppm.in2p3.fr',
      platforms: ['x86_64-el9'],
      cpuTimeLeft: 86_400,
      processors: 8,
      wholeNode: false,
      ramMB: 16_000,
      tags: ['GPU'],
      requiredTags: [],
      classAd: '[ Requirements = true; ]',
    };
    expect(sut.transform(minimal)).toBe(minimal);
    expect(sut.transform(full)).toEqual(full);
  });

  it.each([
    [{ cpuTimeLeft: 1 }, '/site is required'],
    [{ site: 'LCG.CPPM.fr' }, '/cpuTimeLeft is required'],
    [{ site: 'two words', cpuTimeLeft: 1 }, '/site (a space)'],
    [{ site: '', cpuTimeLeft: 1 }, '/site (empty)'],
    [{ site: 'S'.repeat(129), cpuTimeLeft: 1 }, '/site (129 characters)'],
    [{ site: 'S', cpuTimeLeft: -1 }, '/cpuTimeLeft (negative)'],
    [{ site: 'S', cpuTimeLeft: 1.5 }, '/cpuTimeLeft (fractional)'],
    [{ site: 'S', cpuTimeLeft: '86400' }, '/cpuTimeLeft (a string)'],
    [{ site: 'S', cpuTimeLeft: 1, processors: 0 }, '/processors (0)'],
    [{ site: 'S', cpuTimeLeft: 1, processors: 4097 }, '/processors (4097)'],
    [{ site: 'S', cpuTimeLeft: 1, wholeNode: 'yes' }, '/wholeNode'],
    [{ site: 'S', cpuTimeLeft: 1, ramMB: 0 }, '/ramMB'],
    [{ site: 'S', cpuTimeLeft: 1, tags: 'GPU' }, '/tags'],
    [{ site: 'S', cpuTimeLeft: 1, tags: [1] }, '/tags/0'],
    [{ site: 'S', cpuTimeLeft: 1, requiredTags: Array.from({ length: 257 }, () => 'x') }, '/requiredTags (257 items)'],
    [{ site: 'S', cpuTimeLeft: 1, platforms: ['p'.repeat(257)] }, '/platforms/0 (257 characters)'],
    [{ site: 'S', cpuTimeLeft: 1, classAd: 'x'.repeat(64 * 1024 + 1) }, '/classAd (64 KiB + 1)'],
    [{ site: 'S', cpuTimeLeft: 1, admin: true }, '/admin is not a known property'],
  ])('refuses a body with 400 naming %s', (body, named) => {
    const message = refusal(body);
    expect(message).toMatch(/^the request body is refused: /);
    expect(message).toContain(named.replace(/ \(.*\)$/, ''));
  });

  it.each([null, 'slot', 42, [{ site: 'S', cpuTimeLeft: 1 }]])('refuses a body that is not an object (%p)', (body) => {
    expect(refusal(body)).toMatch(/^the request body is refused: /);
  });
});
