import { printInteger, printReal } from '../printer/print-number.js';

/*
 * Numbers as ClassAd text. The printer spells literals, which are never negative (a minus sign is
 * an operator in the syntax tree); values can be negative or, for reals, not finite.
 */

export function formatInteger(value: number): string {
  if (!Number.isFinite(value)) {
    // Evaluation never makes such an integer; a hand-built value still must not make formatting throw.
    return String(value);
  }
  return value < 0 ? `-${printInteger(-value)}` : printInteger(value);
}

/** A real always shows a `.` or an exponent so that it reads back as a real; NaN and infinities as HTCondor writes them. */
export function formatReal(value: number): string {
  if (Number.isNaN(value)) {
    return 'real("NaN")';
  }
  if (!Number.isFinite(value)) {
    return value > 0 ? 'real("INF")' : 'real("-INF")';
  }
  return value < 0 || Object.is(value, -0) ? `-${printReal(-value)}` : printReal(value);
}
