// Small scanning helpers shared by the lexers and completion contexts of several languages.

/**
 * Where the run the sticky regular expression `re` matches at `from` ends. The lexers scan runs of characters
 * (blanks, names, string contents) this way: a regular expression runs as native code even before the lexer is
 * optimised (the first analysis after the server starts), where a loop over characters is slow.
 */
export function runEnd(re: RegExp, text: string, from: number): number {
  re.lastIndex = from;
  re.test(text);
  return re.lastIndex;
}

/**
 * The end of a nested block comment starting at `start` (which holds `/*`): SQL Server and Stata both nest
 * them. An unclosed comment runs to the end of the text.
 */
export function scanBlockComment(text: string, start: number): { end: number; closed: boolean } {
  let depth = 1;
  let j = start + 2;
  while (j < text.length && depth > 0) {
    if (text.charCodeAt(j) === 47 && text.charCodeAt(j + 1) === 42) {
      depth++;
      j += 2;
    } else if (text.charCodeAt(j) === 42 && text.charCodeAt(j + 1) === 47) {
      depth--;
      j += 2;
    } else j++;
  }
  return { end: j, closed: depth === 0 };
}

/** Binary search over tokens sorted by start: the index of the last one starting before `offset`, or -1. */
export function lastStartingBefore(tokens: readonly { start: number }[], offset: number): number {
  return lastBefore(tokens, offset, (t) => t.start);
}

/** Binary search over items sorted by `at`: the index of the last one whose `at` is before `offset`, or -1. */
export function lastBefore<T>(items: readonly T[], offset: number, at: (item: T) => number): number {
  let lo = 0;
  let hi = items.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (at(items[mid]) < offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** The end of a number starting at `start`: digits and dots, then an optional exponent (1e5, 2.5E-3). */
export function scanNumber(text: string, start: number): number {
  const digit = (c: number): boolean => c >= 48 && c <= 57;
  let j = start + 1;
  while (j < text.length && (digit(text.charCodeAt(j)) || text.charCodeAt(j) === 46)) j++;
  if (text.charCodeAt(j) === 101 || text.charCodeAt(j) === 69) {
    let k = j + 1;
    if (text.charCodeAt(k) === 43 || text.charCodeAt(k) === 45) k++;
    if (digit(text.charCodeAt(k))) {
      j = k;
      while (j < text.length && digit(text.charCodeAt(j))) j++;
    }
  }
  return j;
}
