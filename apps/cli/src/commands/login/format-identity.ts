import type { TokenClaims } from '@majorana/client';

/** `whoami`'s aligned lines: user, group, VO, properties, server, token source, expiry. */
export function formatIdentity(identity: TokenClaims & { url: string; tokenSource: string }, now: Date): string {
  const hoursLeft = Math.max(0, Math.floor((identity.expiresAt.getTime() - now.getTime()) / 3_600_000));
  const lines: [string, string][] = [
    ['user', identity.user],
    ['group', identity.group],
    ['VO', identity.vo],
    ['properties', identity.properties.join(', ') || '-'],
    ['server', identity.url],
    ['token from', identity.tokenSource],
    ['expires', `${identity.expiresAt.toISOString()} (${hoursLeft < 48 ? `${hoursLeft} h` : `${Math.floor(hoursLeft / 24)} days`} left)`],
  ];
  return lines.map(([label, value]) => `${label.padEnd(11)} ${value}\n`).join('');
}
