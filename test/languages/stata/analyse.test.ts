import * as assert from 'assert';
import { complete } from '../../../server/src/features/completion';
import { analyseStata } from '../../../server/src/languages/stata/analyse';
import { iaptCatalogue } from '../../iapt';
import { DEMOGRAPHICS, flagged, LOAD, messages, stataDoc } from './helpers';

describe('Stata analyser: the dataset in memory', function () {
  this.timeout(20000);
  it('loads the SELECT list of odbc load, exec("...") and checks the SQL inside', () => {
    const text = `odbc load, exec("SELECT pathwayid, phq9_firstscor FROM ${DEMOGRAPHICS}") dsn(LLC_DB) clear\ntab pathwayid endcode\n`;
    assert.deepStrictEqual(flagged(text), ['phq9_firstscor', 'endcode']);
  });

  it('loads a catalogue table with odbc load, table("...") and reports an unknown table', () => {
    assert.deepStrictEqual(flagged(`odbc load, table("${DEMOGRAPHICS}") dsn(LLC_DB)\nsummarize phq9_firstscore phq9_lastscr\n`), ['phq9_lastscr']);
    assert.deepStrictEqual(flagged('odbc load, table("nhsd.IAPT_demographics_and_referal_v0003") dsn(LLC_DB)\n'), ['IAPT_demographics_and_referal_v0003']);
  });

  it('never diagnoses SQL parts that touch a macro, nor a dataset loaded by a macro query', () => {
    assert.deepStrictEqual(flagged("odbc load, exec(\"SELECT `cols' FROM $tbl\") dsn(LLC_DB)\ntab anything\n"), []);
  });

  it('knows a .dta file named after a catalogue table, with or without folder, quotes and extension', () => {
    assert.deepStrictEqual(flagged('use "$data/IAPT_coded_scored_assessments_v0003.dta", clear\ntab codedasstooltype persscor asstoolcompdat x\n'), ['x']);
    assert.deepStrictEqual(flagged('use IAPT_care_activities_v0003, clear\nlist carecontdate nope\n'), ['nope']);
    assert.deepStrictEqual(flagged('use "mydata.dta", clear\ntab anything\n'), []);
  });

  it('reads describe varlist using file as the file\'s variables: not checked against the data in memory, which stays', () => {
    assert.deepStrictEqual(flagged(`${LOAD}describe codedasstooltype persscore using "assessments.dta"\ndescribe endcodx\ntab endcod2`), ['endcodx', 'endcod2']);
  });

  it('tracks generate, egen, replace, rename, keep and drop', () => {
    const text =
      LOAD +
      'gen improved = phq9_lastscore < phq9_firstscore\n' +
      'bysort pathwayid: egen meanphq = mean(phq9_firstscore)\n' +
      'replace improved = 0 if missing(phq9_lastscore)\n' +
      'rename gad_firstscore gad0\n' +
      'tab improved meanphq gad0 gad_firstscore\n' +
      'keep pathwayid improved phq9_*\n' +
      'list pathwayid phq9_firstscore endcode\n' +
      'drop phq9_*\n' +
      'list pathwayid phq9_firstscore\n';
    assert.deepStrictEqual(flagged(text), ['gad_firstscore', 'endcode', 'phq9_firstscore']);
  });

  it('keeps diagnosing in a long do-file', () => {
    let text = LOAD;
    for (let i = 0; i < 60; i++) text += `gen x${i} = phq9_firstscore + ${i}\nkeep pathwayid endcode phq9_* x*\n`;
    assert.deepStrictEqual(flagged(text + 'tab x59 x60 gad_firstscore\n'), ['x60', 'gad_firstscore']);
  });

  it('follows preserve / restore and files the do-file saved itself', () => {
    const text = LOAD + 'preserve\nkeep pathwayid\nsave "only_ids.dta", replace\nrestore\ntab endcode\nuse only_ids, clear\ntab endcode\n';
    assert.deepStrictEqual(flagged(text), ['endcode']);
  });

  it('merges and appends datasets, honouring keepusing()', () => {
    const text =
      'use "IAPT_demographics_and_referral_v0003.dta", clear\n' +
      'merge 1:m pathwayid using "IAPT_coded_scored_assessments_v0003.dta", keepusing(persscore codedasstooltype) nogenerate\n' +
      'tab endcode persscore asstoolcompdate _merge\n';
    assert.deepStrictEqual(flagged(text), ['asstoolcompdate', '_merge']);
    assert.deepStrictEqual(flagged('use "IAPT_onward_referrals_v0003.dta"\nmerge 1:1 pathwayid using `other\'\ntab anything _merge\n'), []);
    assert.deepStrictEqual(flagged('use "IAPT_onward_referrals_v0003.dta"\nappend using "IAPT_waiting_time_pauses_v0003.dta", gen(src)\ntab onwardreferreason pausereason src nothing\n'), ['nothing']);
  });

  it('makes the dataset unknown after reshape, unknown commands and names built from macros', () => {
    assert.deepStrictEqual(flagged(LOAD + 'reshape long phq9_, i(pathwayid) j(when) string\ntab when anything\n'), []);
    assert.deepStrictEqual(flagged(LOAD + 'winsor2 phq9_firstscore, suffix(_w)\ntab phq9_firstscore_w\n'), []);
    assert.deepStrictEqual(flagged(LOAD + "foreach v of varlist phq9_* {\n  gen `v'_high = `v' >= 10\n}\ntab phq9_firstscore_high\n"), []);
  });

  it('follows frames best effort', () => {
    const text = LOAD + 'frame create other\nframe change other\ntab pathwayid\nframe change default\ntab pathwayid nope\n';
    assert.deepStrictEqual(flagged(text), ['pathwayid', 'nope']);
  });
});

describe('Stata analyser: names', () => {
  it('accepts unique-prefix abbreviations and flags ambiguous ones', () => {
    assert.deepStrictEqual(flagged(LOAD + 'tab pathw endc\nsum phq9_\n'), ['phq9_']);
    assert.match(messages(LOAD + 'sum phq9_\n')[0], /ambiguous abbreviation.*phq9_firstscore.*phq9_lastscore/);
  });

  it('turns abbreviations off after set varabbrev off', () => {
    assert.deepStrictEqual(flagged(LOAD + 'set varabbrev off\ntab pathw\nset varabbrev on\ntab pathw\n'), ['pathw']);
  });

  it('is case-sensitive and suggests the lower-case name', () => {
    assert.deepStrictEqual(messages(LOAD + 'tab PathwayID\n'), ["Column 'PathwayID' is not in the dataset after odbc load. Did you mean 'pathwayid'?"]);
  });

  it('matches wildcards and ranges, and flags a wildcard that matches nothing', () => {
    assert.deepStrictEqual(flagged(LOAD + 'sum phq9_* *_lastscore phq?_* gad_firstscore-gad_lastscore ptsd_*\n'), ['ptsd_*']);
  });

  it('reads if / in qualifiers, options, factor variables and continuations', () => {
    const text = LOAD + 'regress phq9_lastscore i.endcode c.phq9_firstscore##c.gad_firstscore ///\n   if gad_lastscor >= 8 in 1/100, vce(robust)\ntabstat phq9_firstscore, by(endcod) stat(mean)\n';
    assert.deepStrictEqual(flagged(text), []);
    assert.deepStrictEqual(flagged(LOAD + 'count if phq9_firstscore > 9 & recovery_flag == 1\n'), ['recovery_flag']);
  });

  it('reads #delimit ; commands across lines', () => {
    assert.deepStrictEqual(flagged(LOAD + '#delimit ;\ntab\n  endcode\n  nope;\n#delimit cr\ntab nope2\n'), ['nope', 'nope2']);
  });

  it('checks coded values compared with a variable', () => {
    assert.deepStrictEqual(flagged(LOAD + 'tab pathwayid if endcode == "46" | endcode == "99x"\n'), ['99x']);
  });

  it('ignores programs, comments, macros and display text', () => {
    const text = LOAD + 'program define foo\n  tab nope\nend\n* tab nope\ndisplay "nope"\nlocal x nope\ntab `x\' $y\n';
    assert.deepStrictEqual(flagged(text), []);
  });

  it('says nothing when the dataset is not known', () => {
    assert.deepStrictEqual(flagged('tab anything\nkeep a b\ngen c = d\n'), []);
  });
});

describe('Stata analyser: what is not a variable', () => {
  it('reads r(), e(), c() and s() stored results as results, not variables', () => {
    const text =
      LOAD +
      'quietly summarize phq9_firstscore\ngen double z = (phq9_firstscore - r(mean)) / r(sd)\n' +
      'regress phq9_lastscore phq9_firstscore\ngen byte insample = e(sample)\npredict yhat if e(sample)\n' +
      'gen today = c(current_date)\ngen w = _b[phq9_firstscore] * _se[phq9_firstscore] + nope\n';
    assert.deepStrictEqual(flagged(text), ['nope']);
  });
});

describe('Stata analyser: date literals', () => {
  it('reads the argument of td(), d(), tm(), tq(), th(), tw(), tc() and tC() as a date, not a varlist', () => {
    const text =
      LOAD +
      'gen byte fy = inrange(phq9_firstscore, td(01apr2021), td(31mar2022))\ngen byte early = phq9_firstscore < d(01apr2021)\n' +
      'gen byte covid = phq9_firstscore < tm(2021m4) + tq(2021q2) + th(2021h1) + tw(2021w14)\n' +
      'gen double t0 = tc(01apr2021 00:00:00) + tC(01apr2021 00:00:00) + nope\n';
    assert.deepStrictEqual(flagged(text), ['nope']);
  });
});

describe('Stata analyser: capture', () => {
  it('reports nothing in a command under capture, and does not flag later what it may have left', () => {
    const text =
      LOAD +
      'capture drop flag\ngen byte flag = phq9_firstscore >= 10\ncap drop _merge\ncapt drop phq9_lastscore\n' +
      'capture confirm variable cfs_lastscore\nif !_rc {\n    summarize cfs_lastscore\n}\ncapture assert endcode == "99x"\n' +
      'summarize phq9_lastscore flag nope\n';
    assert.deepStrictEqual(flagged(text), ['nope']);
  });

  it('after a command under capture that may replace the dataset, says nothing; after keep, what was there before', () => {
    assert.deepStrictEqual(flagged(LOAD + 'capture use "other.dta", clear\ntab anything\n'), []);
    assert.deepStrictEqual(flagged(LOAD + 'capture rename endcode ec\ntab endcode ec\n'), []);
    assert.deepStrictEqual(flagged(LOAD + 'capture keep pathwayid\ntab endcode nope\n'), ['nope']);
    assert.deepStrictEqual(flagged(LOAD + 'drop gad_lastscore\ncapture foo endcode\ntab anything\n'), []);
  });

  it('a variable a command under capture names keeps its code list', () => {
    assert.deepStrictEqual(flagged(LOAD + 'capture confirm variable endcode\ncount if endcode == "99x"\n'), ['99x']);
  });

  it('reads the commands of a capture { ... } block as under capture, in the block and in blocks inside it', () => {
    const text =
      LOAD +
      'capture {\n  drop flag\n  summarize nope1\n  count if endcode == "99x"\n  keep pathwayid endcode\n}\ntab endcode phq9_lastscore flag nope2\n' +
      'capture noisily {\n  foreach v in a b {\n    summarize nope3\n  }\n}\nnoisily capture {\n  summarize nope4\n}\nquietly {\n  summarize nope5\n}\n';
    assert.deepStrictEqual(flagged(text), ['nope2', 'nope5']);
    assert.deepStrictEqual(flagged(LOAD + 'capture {\n  use "other.dta", clear\n}\ntab anything\n'), []);
  });

  it('checks confirm variable outside capture', () => {
    assert.deepStrictEqual(flagged(LOAD + 'confirm variable endcode nope\nconfirm new variable other\n'), ['nope']);
  });
});

describe('Stata analyser: egen', () => {
  it('reads the argument of total(), min(), max(), mean(), ... as an expression, and of group(), rowmean(), ... as a varlist', () => {
    const text =
      LOAD +
      'egen n_cases = total(inrange(phq9_firstscore, 10, 27)), by(endcode)\n' +
      'egen first46 = min(cond(endcode == "46", phq9_lastscore, .)), by(pathwayid)\n' +
      'egen any_high = max(phq9_lastscore >= 20 & !missing(phq9_lastscore)), by(pathwayid)\n' +
      'egen dbl = mean(phq9_lastscore*2)\negen m = rowmean(phq9_*)\negen g = group(endcode nope1)\n' +
      'egen bad = sd(phq9_lastscore + nope2)\negen odd = nvals(anything)\n' +
      'egen c = count(endcode == "99x")\n';
    assert.deepStrictEqual(flagged(text), ['nope1', 'nope2', '99x']);
  });
});

describe('Stata analyser: input', () => {
  it('makes the variables input names; its data lines are not commands', () => {
    const text =
      'clear\ninput str2 endcode str30 end_label\n"46" "Completed treatment"\n"45" "Dropped out"\nend\ntempfile ends\nsave `ends\'\n' +
      LOAD +
      "merge m:1 endcode using `ends', keep(master match) nogenerate\ntab end_label nope\n";
    assert.deepStrictEqual(flagged(text), ['nope']);
    assert.deepStrictEqual(flagged('clear\ninput id double(score)\n1 2\nend\ntab id score nope\n'), ['nope']);
  });
});

describe('Stata analyser: scalars and matrices', () => {
  it('does not flag a scalar or matrix the do-file defined, nor scalar(name) and M[i,j]', () => {
    const text =
      LOAD +
      'scalar cut = 10\nscalar define cut2=5\ngen byte hi = phq9_firstscore >= cut + cut2\ngen byte hi2 = phq9_firstscore >= scalar(cut)\n' +
      'matrix M = (10, 8)\nmat define N = M\ngen byte hi3 = phq9_firstscore >= M[1,1] + N[1,2] + F[2,1]\ngen lag = phq9_firstscore[_n-1] + nope[_n-1]\n' +
      'count if phq9_firstscore > cut3\n';
    assert.deepStrictEqual(flagged(text), ['nope', 'cut3']);
  });
});

describe('Stata analyser: frame create', () => {
  it('makes a frame with the variables frame create names, with their storage types', () => {
    const text =
      LOAD +
      'frame create results str32 measure double(rate n)\nquietly summarize phq9_lastscore\n' +
      'frame post results ("phq9_last") (r(mean)) (r(N))\nframe results: list measure rate n nope\ntab endcode nope2\n';
    assert.deepStrictEqual(flagged(text), ['nope', 'nope2']);
  });
});

describe('Stata analyser: odbc load extvarlist', () => {
  it('names the columns odbc load newname=extname loads by their new names', () => {
    const text =
      'odbc load id=pathwayid score=persscore asstoolcompdate, table("[LLC_1234].[nhsd_IAPT_coded_scored_assessments_v0003]") dsn("LLC_DB") clear\n' +
      'summarize id score asstoolcompdate\nsummarize pathwayid codedasstooltype\n';
    assert.deepStrictEqual(flagged(text), ['pathwayid', 'codedasstooltype']);
  });
});

describe('Stata analyser: mata', () => {
  it('reads nothing of a mata block, opened by mata, mata: or mata {, nor of a mata: or python: statement', () => {
    const block = 'l = st_nobs()\nd = st_data(., "phq9_firstscore")\nmean(d)\n';
    assert.deepStrictEqual(flagged(LOAD + 'mata:\n' + block + 'end\ntab endcode nope\n'), ['nope']);
    assert.deepStrictEqual(flagged(LOAD + 'mata\n' + block + 'end\ntab endcode nope\n'), ['nope']);
    assert.deepStrictEqual(flagged(LOAD + 'mata {\n' + block + 'for (i = 1; i <= 3; i++) {\n  x = i\n}\n}\ntab endcode nope\n'), ['nope']);
    assert.deepStrictEqual(flagged(LOAD + 'mata: st_numscalar("n", st_nobs())\npython: print(x)\npython:\nx = 1\nend\ntab endcode nope\n'), ['nope']);
  });
});

describe('Stata analyser: rename', () => {
  it('follows a group rename as single ones', () => {
    const text = LOAD + 'rename (phq9_firstscore phq9_lastscore) (phq1 phq2)\nsummarize phq9_firstscore\nsummarize phq1 phq2 nosuchvar\n';
    assert.deepStrictEqual(flagged(text), ['phq9_firstscore', 'nosuchvar']);
  });

  it('after a wildcard rename, the old names are gone and the dataset is not known', () => {
    const text = LOAD + 'rename *score *_sc\nsummarize phq9_first_sc anything\n';
    assert.deepStrictEqual(flagged(text), []);
    const model = analyseStata(text);
    const caret = text.lastIndexOf('anything');
    const labels = complete(stataDoc(text), model, iaptCatalogue(), caret).map((i) => i.label);
    assert.ok(labels.includes('endcode') && !labels.includes('phq9_firstscore'), labels.join(' '));
    assert.deepStrictEqual(flagged(LOAD + 'rename (phq9_* gad_*) (p_* g_*)\nrename endcode, upper\ntab p_firstscore ENDCODE\n'), []);
  });
});

describe('Stata analyser: if / else blocks', () => {
  it('reads each branch from the dataset before the if, and after it flags only what no branch can have', () => {
    const text =
      LOAD +
      'if "$measure" == "gad" {\n    keep pathwayid endcode gad_firstscore\n}\nelse {\n    keep pathwayid endcode phq9_firstscore phq9_lastscore\n}\n' +
      'tab endcode gad_firstscore phq9_lastscore\n';
    assert.deepStrictEqual(flagged(text), []);
    assert.deepStrictEqual(flagged(LOAD + 'if "$m" == "1" {\n  gen y = 1\n}\ntab y nope\n'), ['nope']);
    assert.deepStrictEqual(flagged(LOAD + 'if "$m" == "1" {\n  drop endcode\n}\nelse if "$m" == "2" {\n  drop gad_firstscore\n} else {\n  tab endcode gad_firstscore\n}\ntab endcode\n'), []);
    assert.deepStrictEqual(flagged(LOAD + 'if "$m" == "1" rename endcode ec\ntab ec\n'), []);
    assert.deepStrictEqual(flagged(LOAD + 'if "$m" == "1" {\n  keep pathwayid\n}\nelse rename endcode ec\ntab endcode ec\n'), []);
    assert.deepStrictEqual(flagged(LOAD + 'foreach m in a b {\n  if "`m\'" == "a" {\n    gen y = 1\n  }\n}\ntab y nope\n'), ['nope']);
  });

  it('takes an else on the line after the if block\'s closing brace for the same chain', () => {
    assert.deepStrictEqual(flagged(LOAD + 'if "$m" == "1" {\n  gen y = 1\n}\nelse {\n  drop endcode\n}\ntab endcode\n'), []);
    assert.deepStrictEqual(flagged(LOAD + 'if "$m" == "1" {\n  drop endcode\n}\nelse {\n  tab endcode nope\n}\n'), ['nope']);
    assert.deepStrictEqual(flagged(LOAD + 'if "$m" == "1" {\n  drop endcode\n}\nelse if "$m" == "2" {\n  drop pathwayid\n}\nelse {\n  tab endcode pathwayid\n}\n'), []);
  });
});

describe('Stata analyser: if conditions', () => {
  it('reads the condition of if cond { and else if cond { as an expression, not inside capture { }', () => {
    const text =
      LOAD +
      "scalar n = 1\nif phq9_firstscr[1] > n & !_rc & r(N) > 0 & \"$m\" == \"a\" & `x' > 0 {\n  di 1\n} else if endcode == \"99x\" | nope {\n  di 2\n}\n" +
      'capture {\n  if nope2 {\n    di 3\n  }\n}\n';
    assert.deepStrictEqual(flagged(text), ['phq9_firstscr', '99x', 'nope']);
  });
});

describe('Stata analyser: replaced values', () => {
  it('does not check the values of a variable against its codes once replace or recode changed them', () => {
    assert.deepStrictEqual(flagged(LOAD + 'replace endcode = "Completed" if inlist(endcode, "46", "47")\ncount if endcode == "Completed"\n'), []);
    assert.deepStrictEqual(flagged(LOAD + 'recode endc ("46" = "x")\ncount if endcode == "x"\n'), []);
    assert.deepStrictEqual(flagged(LOAD + 'count if endcode == "99x"\nreplace phq9_firstscore = 0\ncount if endcode == "99y"\n'), ['99x', '99y']);
  });
});

describe('Stata analyser: collapse', () => {
  it('checks the varlists of the statistics and the sources of targets; afterwards the dataset is by() and what was made', () => {
    assert.deepStrictEqual(flagged(LOAD + 'collapse (mean) phq9_lastscroe (count) n = pathwayid, by(endcode)\n'), ['phq9_lastscroe']);
    assert.deepStrictEqual(flagged(LOAD + 'collapse (count) n = pathwayd (sd) gad_l, by(endcode)\n'), ['pathwayd']);
    const text =
      LOAD +
      'collapse (mean) phq9_l gad_* (count) n = pathwayid (sd) sd=phq9_firstscore, by(endc)\n' +
      'summarize phq9_lastscore gad_firstscore gad_lastscore n sd endcode pathwayid phq9_firstscore\ncount if endcode == "99x"\n';
    assert.deepStrictEqual(flagged(text), ['pathwayid', 'phq9_firstscore', '99x']);
    assert.deepStrictEqual(flagged(LOAD + "collapse (mean) `vars', by(endcode)\nsummarize anything\n"), []);
  });

  it('reads a target glued from a name and a macro (m_`v\' = x) as the target, not its first piece as a variable', () => {
    assert.deepStrictEqual(flagged(LOAD + "collapse (mean) m_`v' = phq9_firstscore (sd) `v'_sd = phq9_firstscore, by(endcode)\nsummarize anything\n"), []);
  });
});

describe('Stata analyser: inlist', () => {
  it('checks the strings of inlist(var, "a", "b") against the variable\'s codes, as var == "a"', () => {
    assert.deepStrictEqual(flagged(LOAD + 'keep if inlist(endcode, "46", "64")\n'), ['64']);
    assert.deepStrictEqual(flagged(LOAD + 'count if !inlist(endc,"99x") | inlist(endcode, "46", x) | inlist(endcode + "", "99y") | inlist(trim(endcode), "99z")\n'), ['99x', 'x']);
    assert.deepStrictEqual(flagged(LOAD + 'capture assert inlist(endcode, "99x")\nreplace endcode = "a" if endcode == "46"\ncount if inlist(endcode, "a")\n'), []);
  });
});

describe('Stata analyser: ranges in keep and drop', () => {
  it('drops and keeps the variables from one end to the other, in the dataset\'s order when it is known for certain', () => {
    assert.deepStrictEqual(flagged(LOAD + 'drop phq9_firstscore-gad_firstscore\nsummarize phq9_lastscore gad_lastscore endcode\n'), ['phq9_lastscore']);
    assert.deepStrictEqual(flagged(LOAD + 'keep pathwayid-phq9_f\nsummarize endcode phq9_lastscore\n'), ['phq9_lastscore']);
    assert.deepStrictEqual(flagged(LOAD + 'gen a = 1\ngen b = 2\nsort endcode\ndrop gad_lastscore-b\nsummarize a endcode\n'), ['a']);
    assert.deepStrictEqual(flagged(LOAD + 'drop endcode\ndrop pathwayid-phq9_lastscore\nsummarize gad_firstscore phq9_firstscore\n'), ['phq9_firstscore']);
  });

  it('when the order is not known for certain, what is left is not known', () => {
    for (const before of ['order gad_lastscore\n', 'rename endcode ec\n', 'gen y = 1, after(pathwayid)\n', 'capture drop y\n', 'move gad_lastscore endcode\n'])
      assert.deepStrictEqual(flagged(LOAD + before + 'drop phq9_firstscore-gad_firstscore\nsummarize anything\n'), [], before);
    assert.deepStrictEqual(flagged(`odbc load, table("${DEMOGRAPHICS}") dsn(LLC_DB)\ndrop phq9_firstscore-gad_firstscore\nsummarize anything\n`), []);
    assert.deepStrictEqual(flagged(`odbc load, table("${DEMOGRAPHICS}") dsn(LLC_DB)\nkeep pathwayid-endcode\nsummarize anything\n`), []);
    assert.deepStrictEqual(flagged(LOAD + "drop phq9_firstscore-`last'\nsummarize anything\n"), []);
  });
});

describe('Stata analyser: factor-variable operators with a numlist', () => {
  it('reads i(1 2).x, ib(#2).x and L(1/3).x as the variable after the operator, not the operator as a variable', () => {
    assert.deepStrictEqual(flagged(LOAD + 'regress phq9_lastscore i(1 2).endcode ib(#2).endcode L(1/3).gad_firstscore\n'), []);
    assert.deepStrictEqual(flagged(LOAD + 'logit x i(1 2).endcodx phq9_firstscore#i(3).nope\n'), ['x', 'endcodx', 'nope']);
  });

  it('reads a varlist of 40,000 unclosed a( in linear time', () => {
    // Each a( looked for its numlist's closing parenthesis up to the end of the command: 4 s here.
    const started = Date.now();
    analyseStata(LOAD + 'tab ' + 'a('.repeat(40000) + '\n');
    assert.ok(Date.now() - started < 1500, `took ${Date.now() - started} ms`);
  });
});

describe('Stata analyser: suboptions of a varlist option', () => {
  it('reads by(varlist, suboptions) and over(varlist, suboptions) up to the comma', () => {
    assert.deepStrictEqual(flagged(LOAD + 'histogram phq9_firstscore, by(endcode, total note("")) frequency\nmean phq9_lastscore, over(endcode, nolabel)\n'), []);
    assert.deepStrictEqual(flagged(LOAD + 'histogram phq9_firstscore, by(endcodx, total)\n'), ['endcodx']);
  });
});

describe('Stata analyser: postfile', () => {
  it('leaves the dataset in memory as it was: postfile, post and postclose write to a file of their own', () => {
    const text =
      LOAD +
      'tempname h\npostfile `h\' str32 measure double(mean sd) using "results.dta", replace\n' +
      'foreach v of varlist phq9_firstscore gad_firstscore {\n  quietly summarize `v\'\n  post `h\' ("`v\'") (r(mean)) (r(sd))\n}\n' +
      'postclose `h\'\ntab endcode nope\n';
    assert.deepStrictEqual(flagged(text), ['nope']);
  });
});

describe('Stata analyser: estimation commands', () => {
  it('checks the varlists of ologit, mlogit, glm, xtreg, areg, qreg, tobit, cloglog and testparm, and leaves the dataset as it was', () => {
    const text =
      LOAD +
      'ologit phq9_lastscore phq9_firstscore i.endcode\noprobit phq9_lastscore gad_firstscore\nmlogit endcode phq9_firstscore, baseoutcome(46)\n' +
      'glm phq9_lastscore phq9_firstscore, family(poisson) link(log)\nxtreg phq9_lastscore gad_lastscore, fe\n' +
      'areg phq9_lastscore phq9_firstscore, absorb(endcode)\nqreg phq9_lastscore phq9_firstscore, quantile(.5)\n' +
      'tobit phq9_lastscore phq9_firstscore, ll(0)\ncloglog phq9_lastscore phq9_firstscore\ntestparm i.endcode\n' +
      'ologit phq9_lastscor3 i.endcod3\ntab endcode nope\n';
    assert.deepStrictEqual(flagged(text), ['phq9_lastscor3', 'endcod3', 'nope']);
  });
});

describe('Stata analyser: levelsof', () => {
  it('checks the variable of levelsof, whose options name macros, not variables', () => {
    assert.deepStrictEqual(flagged(LOAD + 'levelsof endcode if phq9_firstscore >= 10, local(codes) clean separate(",")\nlevelsof endcod3, local(c)\n'), ['endcod3']);
  });
});

describe('Stata analyser: generate with a storage type and a name built from a macro', () => {
  it('does not take the type for the new variable: what the macro names may be anything afterwards', () => {
    const text = LOAD + 'foreach v in phq9_firstscore gad_firstscore {\n  gen byte `v\'_case = `v\' >= 10\n}\ntab phq9_firstscore_case gad_firstscore_case\n';
    assert.deepStrictEqual(flagged(text), []);
    assert.deepStrictEqual(flagged(LOAD + 'egen double `m\' = mean(phq9_firstscore)\ntab anything\n'), []);
  });
});

describe('Stata analyser: label variable and label values', () => {
  it('checks the variables they name, not the value label name nor the text', () => {
    const text =
      LOAD +
      'gen byte rec = 1\nlabel define yn 0 "No" 1 "Yes"\nlabel values rec yn\nlabel values recx phq9_* yn, nofix\nlabel variable rec "Recovered"\n' +
      'la var recc "x"\nlabel values rec\nlabel values rec .\nlabel values `v\' yn\nlabel var `v\'_x "y"\nlabel list yn\nlabel drop yn\n';
    assert.deepStrictEqual(flagged(text), ['recx', 'recc']);
  });
});

describe('Stata analyser: commands that leave the variables as they are', () => {
  it('keeps the dataset known after post-estimation, output and look-up commands', () => {
    const commands = [
      'estat ic', 'contrast endcode', 'pwcompare endcode, effects', 'collect style cell, nformat(%5.1f)', 'collect export "t.docx", replace',
      'putdocx begin', 'putpdf begin', 'etable', 'lookfor phq', 'ds, has(type numeric)', 'unab scores : phq9_*', 'tabi 10 20 \\ 30 40',
      'svyset pathwayid', 'sample 10',
    ];
    for (const c of commands) assert.deepStrictEqual(flagged(LOAD + 'regress phq9_lastscore i.endcode\n' + c + '\ntab nope\n'), ['nope'], c);
  });
});

describe('Stata analyser: use [varlist] [if] [in] using', () => {
  it('loads every variable of the file when no varlist comes before if, in or using', () => {
    const file = '"IAPT_demographics_and_referral_v0003.dta"';
    assert.deepStrictEqual(flagged(`use in 1/10 using ${file}, clear\ntab gad_firstscore nope\n`), ['nope']);
    assert.deepStrictEqual(flagged(`use if endcode == "46" using ${file}, clear\ntab gad_firstscore nope\n`), ['nope']);
    assert.deepStrictEqual(flagged(`use _all using ${file}, clear\ntab gad_firstscore nope\n`), ['nope']);
    assert.deepStrictEqual(flagged(`use pathwayid if endcode == "46" using ${file}, clear\ntab gad_firstscore\n`), ['gad_firstscore']);
  });
});

describe('Stata analyser: abbreviated loops and display', () => {
  it('reads forv and displ as forvalues and display, which leave the dataset as it was', () => {
    const text = LOAD + 'forv i = 1/3 {\n  displ "`i\'"\n  forva j = 1/2 {\n    displa `j\'\n  }\n}\ntab endcode nope\n';
    assert.deepStrictEqual(flagged(text), ['nope']);
  });
});
