// Stata command names with their shortest abbreviations, grouped by what the analyser does with them.
// Abbreviations follow the Stata manuals' syntax diagrams (the underlined part of each command name).

/** Full name → the shortest accepted abbreviation. */
const NAMES: Record<string, string> = {
  generate: 'g',
  replace: 'replace',
  egen: 'egen',
  keep: 'keep',
  drop: 'drop',
  rename: 'ren',
  reshape: 'reshape',
  use: 'use',
  merge: 'merge',
  append: 'append',
  save: 'save',
  saveold: 'saveold',
  odbc: 'odbc',
  preserve: 'preserve',
  restore: 'restore',
  clear: 'clear',
  set: 'set',
  frame: 'frame',
  frames: 'frames',
  cwf: 'cwf',
  collapse: 'collapse',
  predict: 'predict',
  clonevar: 'clonevar',
  xtile: 'xtile',
  encode: 'encode',
  decode: 'decode',
  destring: 'destring',
  tostring: 'tostring',
  recode: 'recode',
  tabulate: 'ta',
  tab1: 'tab1',
  tab2: 'tab2',
  summarize: 'su',
  regress: 'reg',
  list: 'l',
  order: 'order',
  sort: 'sort',
  gsort: 'gsort',
  describe: 'd',
  codebook: 'codebook',
  tabstat: 'tabstat',
  table: 'table',
  logit: 'logit',
  logistic: 'logistic',
  probit: 'probit',
  poisson: 'poisson',
  nbreg: 'nbreg',
  ologit: 'ologit',
  oprobit: 'oprobit',
  mlogit: 'mlogit',
  glm: 'glm',
  xtreg: 'xtreg',
  areg: 'areg',
  qreg: 'qreg',
  tobit: 'tobit',
  cloglog: 'cloglog',
  testparm: 'testparm',
  levelsof: 'levelsof',
  mean: 'mean',
  proportion: 'proportion',
  correlate: 'cor',
  pwcorr: 'pwcorr',
  histogram: 'hist',
  ttest: 'ttest',
  ranksum: 'ranksum',
  isid: 'isid',
  browse: 'br',
  xtset: 'xtset',
  tsset: 'tsset',
  format: 'format',
  compress: 'compress',
  duplicates: 'duplicates',
  misstable: 'misstable',
  count: 'cou',
  assert: 'assert',
  by: 'by',
  bysort: 'bys',
};

const ENTRIES = Object.entries(NAMES);
/**
 * Words already looked up: a do-file repeats a few dozen command words thousands of times. Only short words are
 * kept: a longer token text may be a slice of the do-file, which the cache would then keep alive after it closes.
 */
const known = new Map<string, string | undefined>();
const CACHED_LENGTH = 12;

export function commandName(word: string): string | undefined {
  if (known.has(word)) return known.get(word);
  const full = lookUp(word.toLowerCase());
  if (word.length <= CACHED_LENGTH && known.size < 10000) known.set(word, full);
  return full;
}

function lookUp(w: string): string | undefined {
  if (NAMES[w]) return w;
  for (const [full, min] of ENTRIES) {
    if (w.length >= min.length && full.startsWith(w)) return full;
  }
  return undefined;
}

/** Commands whose arguments are a varlist of existing variables, leaving the variables as they are. */
export const VARLIST_COMMANDS = new Set([
  'tabulate', 'tab1', 'tab2', 'summarize', 'regress', 'list', 'order', 'sort', 'gsort', 'describe', 'codebook', 'tabstat', 'table',
  'logit', 'logistic', 'probit', 'poisson', 'nbreg', 'ologit', 'oprobit', 'mlogit', 'glm', 'xtreg', 'areg', 'qreg', 'tobit', 'cloglog',
  'testparm', 'levelsof', 'mean', 'proportion', 'correlate', 'pwcorr', 'histogram', 'ttest', 'ranksum',
  'isid', 'browse', 'xtset', 'tsset', 'format', 'compress',
]);

/** Commands whose first word is a subcommand, followed by a varlist. */
export const SUBCOMMAND_VARLIST = new Set(['duplicates', 'misstable']);

/** Commands that leave the variables unchanged and have no varlist the analyser reads. */
export const NEUTRAL = new Set([
  'display', 'di', 'dis', 'disp', 'local', 'loc', 'global', 'gl', 'scalar', 'matrix', 'mat', 'log', 'cd', 'help', 'estimates', 'est',
  'eststo', 'esttab', 'margins', 'marginsplot', 'test', 'lincom', 'graph', 'gr', 'twoway', 'tw', 'scatter', 'line', 'putexcel',
  'export', 'outsheet', 'timer', 'macro', 'return', 'ereturn', 'exit', 'pause', 'more', 'cls', 'query', 'which', 'tempfile',
  'tempvar', 'tempname', 'label', 'lab', 'notes', 'confirm', 'continue', 'end', 'version', 'file', 'capture', 'quietly', 'noisily',
  'sleep', 'creturn', 'mata', 'python', 'program', 'if', 'else', 'foreach', 'forvalues', 'forval', 'while', 'ssc', 'net', 'ado',
  'adopath', 'sysdir', 'window', 'translate', 'cap', 'qui', 'noi', 'fvset', 'char', 'note', 'datasignature',
  // Abbreviations of display and forvalues.
  'displ', 'displa', 'forv', 'forva', 'forvalu', 'forvalue',
  // (They write the results file postfile opened, not the dataset in memory.)
  'postfile', 'post', 'postclose',
  // Post-estimation, tables and documents, look-ups, survey settings; sample drops observations only.
  'estat', 'contrast', 'pwcompare', 'collect', 'putdocx', 'putpdf', 'etable', 'lookfor', 'ds', 'unab', 'tabi', 'svyset', 'sample',
]);

/** Prefixes that run the rest of the line as a command. */
export const PREFIXES = new Set(['quietly', 'qui', 'quietl', 'quiet', 'quie', 'noisily', 'noi', 'nois', 'noisi', 'noisil', 'capture', 'cap', 'capt', 'captu', 'captur']);

/** Storage types that may precede a new variable's name. */
export const TYPES = /^(byte|int|long|float|double|strL|str\d*)$/;
