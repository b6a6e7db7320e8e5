// Stata's rules for naming variables in a varlist: exact names, unique-prefix abbreviations
// (unless `set varabbrev off`) and wildcards (`*` any characters, `?` one character, `~` like `*`
// but for exactly one variable). Used by the resolver for column references and for keep / drop.

export interface NameRules {
  caseSensitive: boolean;
  abbreviations: boolean;
}

export type VarlistMatch<T> = { kind: 'found'; columns: T[] } | { kind: 'ambiguous'; columns: T[] } | { kind: 'none' };

export function isWildcard(name: string): boolean {
  return /[*?~]/.test(name);
}

export function wildcardRegExp(pattern: string, caseSensitive: boolean): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/[*~]/g, '.*').replace(/\?/g, '.');
  return new RegExp('^' + body + '$', caseSensitive ? '' : 'i');
}

/** The columns one varlist entry names. An ambiguous abbreviation is a Stata error: it names none. */
export function matchVarlistName<T extends { name: string }>(columns: T[], name: string, rules: NameRules): VarlistMatch<T> {
  const same = rules.caseSensitive ? (a: string) => a === name : (a: string) => a.toLowerCase() === name.toLowerCase();
  if (isWildcard(name)) {
    const re = wildcardRegExp(name, rules.caseSensitive);
    const found = columns.filter((c) => re.test(c.name));
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
