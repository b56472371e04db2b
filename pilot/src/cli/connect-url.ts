import { CliUsageError } from './cli-usage.error.js';

/** Where pilots connect on a Majorana server (protocol README). */
export const PILOT_CONNECT_PATH = '/api/pilots/connect';

/**
 * The WebSocket URL for `--server`: site admins paste the server's web address, so http(s) becomes
 * ws(s) and the connect path is added unless already there.
 */
export function toConnectUrl(server: string): string {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw new CliUsageError('invalid-value', `--server ${server} is not a URL (e.g. https://majorana.example.org)`);
  }
  const schemes: Record<string, string> = { 'http:': 'ws:', 'https:': 'wss:', 'ws:': 'ws:', 'wss:': 'wss:' };
  const scheme = schemes[url.protocol];
  if (scheme === undefined) {
    throw new CliUsageError('invalid-value', `--server must be an http(s):// or ws(s):// URL, not ${url.protocol}//`);
  }
  url.protocol = scheme;
  const path = url.pathname.replace(/\/+$/, '');
  if (!path.endsWith(PILOT_CONNECT_PATH)) {
    url.pathname = `${path}${PILOT_CONNECT_PATH}`;
  }
  return url.toString();
}
