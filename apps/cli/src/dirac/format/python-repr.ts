/**
 * A value as Python's repr() prints it, so that scripts that eval or regex DIRAC's output keep
 * working: dicts `{'a': 1}`, lists `['x', 'y']`, None/True/False, strings in single quotes (double
 * when the text holds a single quote and no double one), ints bare. A Map keeps non-string keys
 * bare (`{123: {...}}`, DIRAC's dicts keyed by JobID).
 */
export type PythonValue =
  | string
  | number
  | boolean
  | null
  | readonly PythonValue[]
  | ReadonlyMap<string | number, PythonValue>
  | { readonly [key: string]: PythonValue };

export function pythonRepr(value: PythonValue): string {
  if (value === null) {
    return 'None';
  }
  if (typeof value === 'boolean') {
    return value ? 'True' : 'False';
  }
  if (typeof value === 'number') {
    return Number.isFinite(value) ? String(value) : value > 0 ? 'inf' : value < 0 ? '-inf' : 'nan';
  }
  if (typeof value === 'string') {
    return pythonString(value);
  }
  if (Array.isArray(value)) {
    return `[${(value as readonly PythonValue[]).map(pythonRepr).join(', ')}]`;
  }
  const entries: [string | number, PythonValue][] =
    value instanceof Map ? [...(value as ReadonlyMap<string | number, PythonValue>)] : Object.entries(value);
  return `{${entries.map(([key, item]) => `${pythonRepr(key)}: ${pythonRepr(item)}`).join(', ')}}`;
}

function pythonString(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let body = '';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (char === '\\' || char === quote) {
      body += `\\${char}`;
    } else if (char === '\n') {
      body += '\\n';
    } else if (char === '\r') {
      body += '\\r';
    } else if (char === '\t') {
      body += '\\t';
    } else if (code < 0x20 || code === 0x7f) {
      body += `\\x${code.toString(16).padStart(2, '0')}`;
    } else {
      body += char;
    }
  }
  return `${quote}${body}${quote}`;
}
