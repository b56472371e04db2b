/** One thing the generated parser expected at the failure position (Peggy's shape). */
export type PeggyExpectation =
  | { readonly type: 'literal'; readonly text: string }
  | { readonly type: 'class'; readonly parts: readonly unknown[]; readonly inverted: boolean }
  | { readonly type: 'any' }
  | { readonly type: 'end' }
  | { readonly type: 'other'; readonly description: string };

// Tokens that could continue an expression: listing them all ("&&", "||", "[", "?", …) hides
// the one the user needs, so they are reported as "an operator" and only when nothing else fits.
const OPERATOR_LITERALS = new Set(['&&', '||', '&', '|', '^', '.', '[', '?', '(', '=']);
// Tokens that can start a value; when one is expected, the user is told "a value".
const VALUE_START_LITERALS = new Set(['{', '"', '(', 'true', 'false', 'undefined', 'error']);

/**
 * Turns Peggy's "Expected A, B, C or D but E found" into a sentence a JDL author can act on:
 * structural tokens first, operators and value starts summarised.
 */
export function syntaxErrorReason(expected: readonly PeggyExpectation[], source: string, offset: number): string {
  const structural = new Set<string>();
  let operator = false;
  let value = false;
  for (const expectation of expected) {
    switch (expectation.type) {
      case 'literal':
        if (VALUE_START_LITERALS.has(expectation.text)) {
          value = true;
        } else if (OPERATOR_LITERALS.has(expectation.text)) {
          operator = true;
        } else {
          structural.add(`"${expectation.text}"`);
        }
        break;
      case 'class':
        // Character classes are operator sets ([*/%], [+-]), unary signs or bare-value characters.
        if (expectation.inverted) {
          value = true;
        } else {
          operator = true;
        }
        break;
      case 'end':
        structural.add('the end of the text');
        break;
      case 'any':
        value = true;
        break;
      case 'other':
        if (expectation.description === 'operator') {
          operator = true;
        } else if (expectation.description === 'number' || expectation.description === 'name') {
          value = true;
        } else if (expectation.description === 'end of input') {
          structural.add('the end of the text');
        } else {
          structural.add(`an ${expectation.description}`);
        }
        break;
    }
  }
  const found = describeFound(source, offset);
  const wanted = [...structural];
  if (value) {
    wanted.unshift('a value');
  }
  if (operator && wanted.length === 0) {
    wanted.push('an operator');
  }
  return `expected ${joinAlternatives(wanted)}, found ${found}`;
}

function joinAlternatives(items: readonly string[]): string {
  if (items.length <= 1) {
    return items[0] ?? 'something else';
  }
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** The token at `offset` as the user would name it: a word, a quoted string's start, or one character. */
export function describeFound(source: string, offset: number): string {
  if (offset >= source.length) {
    return 'the end of the text';
  }
  const rest = source.slice(offset, offset + 40);
  const word = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(rest);
  if (word) {
    return `"${word[0]}"`;
  }
  const ch = rest[0] ?? '';
  if (ch === '\n' || ch === '\r') {
    return 'the end of the line';
  }
  if (ch === "'") {
    return `"'" (single quotes name attributes in ClassAds; strings take double quotes)`;
  }
  return `"${ch}"`;
}
