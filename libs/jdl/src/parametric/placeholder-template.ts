/**
 * DIRAC's parametric placeholders inside a string: `%s` (the unnamed sequence), `%(name)s` (a named
 * sequence), `%n` (the job's index, zero-padded). `%j` is left for the server to replace with the
 * job ID, and any other `%` is ordinary text.
 */
export type TemplatePart =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'unnamed' }
  | { readonly kind: 'named'; readonly name: string }
  | { readonly kind: 'index' };

const PLACEHOLDER = /%s|%n|%\(([A-Za-z_][A-Za-z0-9_]*)\)s/g;

/** Splits `text` at its placeholders, or returns null when it has none (the common case). */
export function compileTemplate(text: string): readonly TemplatePart[] | null {
  if (!text.includes('%')) {
    return null;
  }
  const parts: TemplatePart[] = [];
  let last = 0;
  for (const match of text.matchAll(PLACEHOLDER)) {
    const at = match.index;
    if (at > last) {
      parts.push({ kind: 'text', text: text.slice(last, at) });
    }
    const token = match[0];
    if (token === '%s') {
      parts.push({ kind: 'unnamed' });
    } else if (token === '%n') {
      parts.push({ kind: 'index' });
    } else {
      parts.push({ kind: 'named', name: match[1] ?? '' });
    }
    last = at + token.length;
  }
  if (parts.length === 0) {
    return null;
  }
  if (last < text.length) {
    parts.push({ kind: 'text', text: text.slice(last) });
  }
  return parts;
}
