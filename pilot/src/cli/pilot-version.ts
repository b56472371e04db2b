// Replaced by the bundle script (build.mjs `define`) with pilot/package.json's version; unbundled
// runs (tests, `tsc` output) say they are a development build.
declare const __MAJORANA_PILOT_VERSION__: string | undefined;

/** The version `hello` reports and `--version` prints. */
export const PILOT_VERSION: string = typeof __MAJORANA_PILOT_VERSION__ === 'string' ? __MAJORANA_PILOT_VERSION__ : '0.0.0-dev';
