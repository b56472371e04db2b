// Escapes the grammar reads back (jdl.peggy `EscapeSequence`). Other control characters go out as
// three-digit octal: always three digits, so a digit that follows cannot extend the escape.
// NUL never reaches the printer: the parser refuses it in every spelling, so no tree holds one.
const NAMED_ESCAPES: Readonly<Record<string, string>> = {
  '"': '\\"',
  "'": "\\'",
  '\\': '\\\\',
  '\n': '\\n',
  '\t': '\\t',
  '\r': '\\r',
  '\b': '\\b',
  '\f': '\\f',
};

// eslint-disable-next-line no-control-regex -- control characters are exactly what must be escaped
const NEEDS_ESCAPE_IN_STRING = /["\\\u0001-\u001f\u007f]/g;
// eslint-disable-next-line no-control-regex -- as above, with ' as the quote
const NEEDS_ESCAPE_IN_NAME = /['\\\u0001-\u001f\u007f]/g;

function escapeCharacter(ch: string): string {
  return NAMED_ESCAPES[ch] ?? `\\${ch.charCodeAt(0).toString(8).padStart(3, '0')}`;
}

/**
 * A string literal as ClassAd text: double-quoted, with `"`, `\` and control characters escaped.
 * Everything else, non-ASCII included, is written as is (JDL files are UTF-8).
 */
export function printString(value: string): string {
  return `"${value.replace(NEEDS_ESCAPE_IN_STRING, escapeCharacter)}"`;
}

/** The body of a single-quoted attribute name (`'my name'`), without the quotes. */
export function escapeQuotedName(name: string): string {
  return name.replace(NEEDS_ESCAPE_IN_NAME, escapeCharacter);
}
