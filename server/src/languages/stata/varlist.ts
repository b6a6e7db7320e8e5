// Stata's rules for naming variables in a varlist: exact names, unique-prefix abbreviations
// (unless `set varabbrev off`) and wildcards (`*` any characters, `?` one character, `~` like `*`
// but for exactly one variable). Used by the Stata analyser (keep / drop ranges) and the resolver (column references,
// keep / drop filters); here, beside the analyser, since features depend on languages and not the other way round.

export interface NameRules {
  caseSensitive: boolean;
  abbreviations: boolean;
}

export type VarlistMatch<T> = { kind: 'found'; columns: T[] } | { kind: 'ambiguous'; columns: T[] } | { kind: 'none' };

export function isWildcard(name: string): boolean {
  return /[*?~]/.test(name);
}

/**
 * Whether `name` matches the wildcard `pattern`. Matched by hand, not by a regular expression: a pattern is
 * whatever a script holds, and as a regular expression a long one does not compile ("too large") and one with many
 * `*` can take exponential time. This takes at most `pattern.length * name.length` steps.
 */
export function wildcardMatch(pattern: string, name: string, caseSensitive: boolean): boolean {
  const p = caseSensitive ? pattern : pattern.toLowerCase();
  const s = caseSensitive ? name : name.toLowerCase();
  let i = 0;
  let j = 0;
  // The last `*` (or `~`) seen, and where in `name` its match ends for now: on a mismatch it takes one more.
  let star = -1;
  let starEnd = 0;
  while (j < s.length) {
    const c = p[i];
    if (i < p.length && (c === '?' || (c !== '*' && c !== '~' && c === s[j]))) {
      i++;
      j++;
    } else if (i < p.length && (c === '*' || c === '~')) {
      star = i++;
      starEnd = j;
    } else if (star >= 0) {
      i = star + 1;
      j = ++starEnd;
    } else return false;
  }
  while (i < p.length && (p[i] === '*' || p[i] === '~')) i++;
  return i === p.length;
}

/** The columns one varlist entry names. An ambiguous abbreviation is a Stata error: it names none. */
export function matchVarlistName<T extends { name: string }>(columns: T[], name: string, rules: NameRules): VarlistMatch<T> {
  const same = rules.caseSensitive ? (a: string) => a === name : (a: string) => a.toLowerCase() === name.toLowerCase();
  if (isWildcard(name)) {
    const found = columns.filter((c) => wildcardMatch(name, c.name, rules.caseSensitive));
    if (found.length === 0) return { kind: 'none' };
    return name.includes('~') && found.length > 1 ? { kind: 'ambiguous', columns: found } : { kind: 'found', columns: found };
  }
  const exact = columns.find((c) => same(c.name));
  if (exact) return { kind: 'found', columns: [exact] };
  if (!rules.abbreviations || name.length === 0) return { kind: 'none' };
  const prefix = rules.caseSensitive ? name : name.toLowerCase();
  const found = columns.filter((c) => (rules.caseSensitive ? c.name : c.name.toLowerCase()).startsWith(prefix));
  if (found.length === 0) return { kind: 'none' };
  return found.length === 1 ? { kind: 'found', columns: found } : { kind: 'ambiguous', columns: found };
}

/** The columns left after Stata's `keep` or `drop` of a varlist. */
export function applyVarlistFilter<T extends { name: string }>(columns: T[], mode: 'keep' | 'drop', names: string[], rules: NameRules): T[] {
  const named = new Set<T>();
  for (const name of names) {
    const m = matchVarlistName(columns, name, rules);
    if (m.kind === 'found') m.columns.forEach((c) => named.add(c));
  }
  return columns.filter((c) => (mode === 'keep') === named.has(c));
}
