/** Cuts text to at most `max` characters (UTF-16 units), marking the cut, never splitting a surrogate pair. */
export function clip(text: string, max: number): string {
  if (text.length <= max) {
    return text;
  }
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) {
    end--; // the cut would leave half of a surrogate pair
  }
  return `${text.slice(0, end)}…`;
}
