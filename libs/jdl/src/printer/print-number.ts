// The syntax tree keeps numbers finite and non-negative (a minus sign is a unary node; see
// classad-ast.ts). A number outside that is a bug upstream, and printing it anyway would store
// text that reads back as something else, so these refuse it.

/** An integer literal in decimal. */
export function printInteger(value: number): string {
  if (!Number.isInteger(value) || value < 0) {
    throw new RangeError(`cannot print ${value} as a ClassAd integer: integer literals are finite, whole and non-negative`);
  }
  // String(1e21) is "1e+21", which reads back as a real; BigInt spells out every digit.
  return Number.isSafeInteger(value) ? String(value) : BigInt(value).toString();
}

/** A real literal; always shows a `.` or an exponent so that it reads back as a real (1 → `1.0`). */
export function printReal(value: number): string {
  if (!Number.isFinite(value) || value < 0) {
    throw new RangeError(`cannot print ${value} as a ClassAd real: real literals are finite and non-negative`);
  }
  // JavaScript's shortest round-trip spelling, which the grammar reads: 0.1, 1e+21, 5e-324.
  const text = String(value);
  return /[.e]/.test(text) ? text : `${text}.0`;
}
