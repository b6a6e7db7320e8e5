// How much of a new text ends as an old one does: where a re-check may find itself reading the old text again.

/**
 * How many characters `base.text` and `text` end with in common, compared a block at a time, then by
 * character. Remembered per base (every step of a re-check asks again), and let go with it.
 */
const suffixes = new WeakMap<{ text: string }, { text: string; n: number }>();
export function commonSuffix(base: { text: string }, text: string): number {
  const known = suffixes.get(base);
  if (known && known.text === text) return known.n;
  const a = base.text;
  const max = Math.min(a.length, text.length);
  let n = 0;
  for (let block = 65_536; block >= 1; block >>= 4) {
    while (n + block <= max && a.slice(a.length - n - block, a.length - n) === text.slice(text.length - n - block, text.length - n)) n += block;
  }
  suffixes.set(base, { text, n });
  return n;
}
