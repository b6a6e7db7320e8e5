import * as assert from 'assert';
import { codeActions } from '../../../server/src/features/code-actions';
import { complete } from '../../../server/src/features/completion';
import { findings } from '../../../server/src/features/diagnostics';
import { analyseLiterate } from '../../../server/src/languages/literate/analyse';
import { analyseR } from '../../../server/src/languages/r/analyse';
import { languageOfFile } from '../../../server/src/languages/registry';
import { caret } from '../../helpers';
import { iaptCatalogue } from '../../iapt';
import { completeR, edit, flagged, hoverR, labels, rDoc, REF } from './helpers';

const DEMOG = '[LLC_1234].[nhsd_IAPT_demographics_and_referral_v0003]';

describe('R: embedded SQL', () => {
  it('diagnoses the query string of sqlQuery / dbGetQuery at exact positions', () => {
    assert.deepStrictEqual(flagged(`x <- sqlQuery(conn, "SELECT r.phq9_firstscor FROM ${DEMOG} r")`), ['unknown-column phq9_firstscor']);
    assert.deepStrictEqual(flagged(`x <- DBI::dbGetQuery(con, "SELECT endcode FROM nhsd.IAPT_demographics_and_referal_v0003")`), ['unknown-table IAPT_demographics_and_referal_v0003']);
  });

  it('maps positions through escapes', () => {
    const text = `x <- dbGetQuery(con, "SELECT \\"endcod\\" FROM ${DEMOG} WHERE endcode = '64'")`;
    assert.deepStrictEqual(flagged(text), ['unknown-column endcod', "invalid-value 64"]);
  });

  it('analyses the literal parts of paste0 / sprintf / glue, never the interpolated ones', () => {
    assert.deepStrictEqual(flagged(`x <- dbGetQuery(con, paste0("SELECT pathwayid, servdischdat FROM ${DEMOG} WHERE servdischdate >= '", start, "'"))`), ['unknown-column servdischdat']);
    assert.deepStrictEqual(flagged(`x <- dbGetQuery(con, sprintf("SELECT %s, endcod FROM ${DEMOG} WHERE endcode = '%s'", col, code))`), ['unknown-column endcod']);
    assert.deepStrictEqual(flagged(`x <- dbGetQuery(con, glue("SELECT {col}, r.{other} FROM ${DEMOG} r WHERE r.{c} = 'zz'"))`), []);
    assert.deepStrictEqual(flagged(`q <- paste("SELECT pathwayid", "FROM ${DEMOG}", "WHERE endcod = '46'")\nx <- sqlQuery(conn, q)`), ['unknown-column endcod']);
  });

  it('covers dbSendQuery / dbExecute queries and sqlFetch table names', () => {
    assert.deepStrictEqual(flagged(`res <- dbSendQuery(con, "SELECT endcod FROM ${DEMOG}")\nx <- dbFetch(res)`), ['unknown-column endcod']);
    assert.deepStrictEqual(flagged(`dbExecute(con, "DELETE FROM #t WHERE pathwayid IN (SELECT pathwayid FROM ${DEMOG} WHERE endcode = '64')")`), ['invalid-value 64']);
    assert.deepStrictEqual(flagged(`x <- sqlFetch(conn, "nhsd_IAPT_care_activites_v0003")`), ['unknown-table nhsd_IAPT_care_activites_v0003']);
    assert.deepStrictEqual(flagged(`x <- sqlFetch(conn, "nhsd_IAPT_care_activities_v0003")\ny <- x$carecontdat`), ['unknown-column carecontdat']);
  });

  it('follows a query held by a variable, analysed once', () => {
    const text = `q <- "SELECT pathwayid, endcod FROM ${DEMOG}"\na <- sqlQuery(conn, q)\nb <- sqlQuery(conn, q)`;
    assert.deepStrictEqual(flagged(text), ['unknown-column endcod']);
  });

  it('reads the query of DBI::sqlInterpolate, its ?name placeholders as values, and the columns of its result', () => {
    const text = `sql <- DBI::sqlInterpolate(con, "SELECT r.pathwayid, r.endcode FROM ${DEMOG} r WHERE r.endcode = ?code", code = "46")
ref <- DBI::dbGetQuery(con, sql)
summary(ref$endcod)
q2 <- sqlInterpolate(con, sql = "SELECT r.phq9_firstscor FROM ${DEMOG} r WHERE r.gender = ?g", g = "1")`;
    assert.deepStrictEqual(flagged(text), ['unknown-column endcod', 'unknown-column phq9_firstscor']);
  });

  it('completes columns inside the query string with host positions', () => {
    const items = completeR(`x <- sqlQuery(conn, "SELECT r.phq| FROM ${DEMOG} r")`);
    assert.ok(labels(items).includes('phq9_firstscore'));
    assert.deepStrictEqual(edit(items.find((i) => i.label === 'phq9_firstscore')), { newText: 'phq9_firstscore', start: 30, end: 33 });
  });

  it('hovers a column inside the query', () => {
    assert.match(hoverR(`x <- sqlQuery(conn, "SELECT r.phq9_first|score FROM ${DEMOG} r")`) ?? '', /phq9_firstscore/);
  });

  // Found by fuzzing: a variable that pastes another twice doubles the pieces with each line (18 lines overflowed
  // the stack), and a long paste0 chain was analysed as SQL at every step.
  it('does not follow a query built of too many pieces', () => {
    const doubled = 'a0 <- "SELECT pathwayid "\n' + Array.from({ length: 24 }, (_, i) => `a${i + 1} <- paste0(a${i}, a${i})\n`).join('') + `x <- dbGetQuery(con, paste0(a24, "FROM ${DEMOG}"))`;
    assert.deepStrictEqual(flagged(doubled), []);
    const few = 'a0 <- "SELECT endcod "\n' + Array.from({ length: 3 }, (_, i) => `a${i + 1} <- paste0(a${i}, ", endcod ")\n`).join('') + `x <- dbGetQuery(con, paste0(a3, "FROM ${DEMOG}"))`;
    assert.deepStrictEqual(flagged(few), ['unknown-column endcod', 'unknown-column endcod', 'unknown-column endcod', 'unknown-column endcod']);
  });

  it('flags a name that runs on into a variable written above at its first piece, never backwards', () => {
    const text = `x <- "id"\nd <- dbGetQuery(con, paste0("SELECT path", x, " FROM ${DEMOG}"))`;
    const found = findings(analyseR(text), iaptCatalogue());
    assert.deepStrictEqual(found.map((f) => [f.code, f.message.split(' ')[1], text.slice(f.span.start, f.span.end)]), [['unknown-column', "'pathid'", 'path']]);
  });

  it('completes at the end of a paste0 piece at the caret, and not in the space between pieces', () => {
    const { text, offset } = caret(`q <- paste0("SELECT |", "FROM ${DEMOG}")`);
    const items = complete(rDoc(text), analyseR(text), iaptCatalogue(), offset);
    assert.ok(labels(items).includes('endcode'), 'columns of the table');
    for (const item of items) assert.deepStrictEqual([edit(item)?.start, edit(item)?.end], [offset, offset], item.label);
    // Before the next argument: paste's separator sits there in the query, but no string holds the caret.
    const between = caret(`q <- paste("SELECT", |M, "FROM ${DEMOG}")`);
    assert.strictEqual(analyseR(between.text).completionContext(between.offset).kind, 'none');
  });
});

describe('R: a query string used in several queries', () => {
  it('gives each finding of its names once, however many queries paste0, sprintf or glue it into', () => {
    const text = `q <- "SELECT pathwayid, endcod FROM ${DEMOG} WHERE endcode = '64'"
a <- sqlQuery(conn, paste0(q, " AND 1 = 1"))
b <- sqlQuery(conn, paste0(q, " AND 2 = 2"))
c <- sqlQuery(conn, sprintf("%s AND 3 = 3", q))
d <- dbGetQuery(conn, glue("{q} AND 4 = 4"))
e <- dbGetQuery(conn, q)`;
    assert.deepStrictEqual(flagged(text), ['unknown-column endcod', 'invalid-value 64']);
  });
});

describe('R: data-frame provenance', () => {
  it('a query result has the selected columns, aliases applied', () => {
    const text = `ref <- sqlQuery(conn, "SELECT pathwayid, phq9_firstscore AS first_phq FROM ${DEMOG}")\nref$first_phq\nref$phq9_firstscore`;
    assert.deepStrictEqual(flagged(text), ['unknown-column phq9_firstscore']);
  });

  it('SELECT * gives the table\'s columns; R is case-sensitive, with the quick fix', () => {
    const text = REF + 'ref$PHQ9_FirstScore';
    assert.deepStrictEqual(flagged(text), ['unknown-column PHQ9_FirstScore']);
    const doc = rDoc(text);
    const actions = codeActions(doc, analyseR(text), iaptCatalogue(), { start: doc.positionAt(text.length - 3), end: doc.positionAt(text.length - 3) }, { enable: true, severity: 'warning' });
    assert.strictEqual(actions[0].title, "Change to 'phq9_firstscore'");
  });

  it('dbReadTable, Id(), tbl(in_schema()) name catalogue tables (hover, unknown-table)', () => {
    assert.deepStrictEqual(flagged('a <- dbReadTable(con, "nhsd_IAPT_care_activities_v0003")\na$carecontdat'), ['unknown-column carecontdat']);
    assert.deepStrictEqual(flagged('a <- dbReadTable(con, Id(schema = "LLC_1234", table = "nhsd_IAPT_care_activites_v0003"))'), ['unknown-table nhsd_IAPT_care_activites_v0003']);
    assert.deepStrictEqual(flagged('a <- tbl(con, in_schema("LLC_1234", "nhsd_IAPT_care_activities_v0003")) %>% filter(attendordnacod == "5")'), ['unknown-column attendordnacod']);
    assert.match(hoverR('a <- tbl(con, in_schema("LLC_1234", "nhsd_IAPT_care_acti|vities_v0003"))') ?? '', /IAPT_care_activities/);
  });

  it('file reads whose name is a catalogue table know its columns; other files are unknown and never flagged', () => {
    assert.deepStrictEqual(flagged('a <- read.csv("data/IAPT_care_activities_v0003.csv")\na$carecontdat'), ['unknown-column carecontdat']);
    assert.deepStrictEqual(flagged('a <- haven::read_dta(file.path("data", "IAPT_coded_scored_assessments.dta"))\na$persscor'), ['unknown-column persscor']);
    assert.deepStrictEqual(flagged('a <- arrow::read_parquet("extract_2024.parquet")\na$anything'), []);
    assert.deepStrictEqual(flagged('a <- readRDS("IAPT_not_a_table.rds")'), []);
  });

  it('unknown data frames are never flagged', () => {
    assert.deepStrictEqual(flagged('df <- get_data()\ndf$PHQ9_FirstScore\ndf %>% filter(x > 1)'), []);
  });

  it('follows assignments and pipes through dplyr verbs', () => {
    const text = REF + `out <- ref |>
  filter(endcode %in% c("46", "47")) %>%
  mutate(change = phq9_firstscore - phq9_lastscore) %>%
  rename(first = phq9_firstscore) %>%
  select(pathwayid, change, first)
out$change; out$first; out$gad_firstscore`;
    assert.deepStrictEqual(flagged(text), ['unknown-column gad_firstscore']);
  });

  it('summarise keeps the groups and the new columns; count adds n', () => {
    const text = REF + `s <- ref %>% group_by(endcode) %>% summarise(mean_first = mean(phq9_firstscore), k = n())
s$endcode; s$mean_first; s$phq9_firstscore
k <- count(ref, sourceofreferralmh)
k$n; k$sourceofreferralmh; k$endcode`;
    assert.deepStrictEqual(flagged(text), ['unknown-column phq9_firstscore', 'unknown-column endcode']);
  });

  it('joins, bind_rows and tidyselect helpers stay safe', () => {
    const text = REF + `act <- dbReadTable(con, "nhsd_IAPT_care_activities_v0003")
j <- ref %>% left_join(act, by = "pathwayid")
j$anything
b <- bind_rows(ref, ref)
b$endcod
s <- ref %>% select(starts_with("phq9"), pathwayid)
s$endcode`;
    assert.deepStrictEqual(flagged(text), ['unknown-column endcod']);
  });

  it('df$new <- and data.table := add columns', () => {
    const text = REF + `ref$wait <- ref$therapysession_firstdate - ref$referralrequestreceiveddate
ref$wait; ref$wai
dt <- as.data.table(ref)
dt[, days := as.numeric(wait)]
dt$days`;
    assert.deepStrictEqual(flagged(text), ['unknown-column wai']);
  });

  it('a bare name that the script assigns is never flagged (it may be a variable)', () => {
    assert.deepStrictEqual(flagged(REF + 'threshold <- 10\nref %>% filter(phq9_firstscore > threshold, phq9_lastscor < 10)'), ['unknown-column phq9_lastscor']);
  });

  it('coded values after == and %in% are checked', () => {
    assert.deepStrictEqual(flagged(REF + 'ref$endcode == "64"\nref %>% filter(endcode %in% c("46", "99"))'), ['invalid-value 64', 'invalid-value 99']);
  });
});

describe('R: completion', () => {
  it('after df$, df[["", df[, "", df[c("', () => {
    for (const f of ['ref$|', 'ref[["|"]]', 'ref[, "|"]', 'ref[c("|")]', 'ref$phq|']) {
      assert.ok(labels(completeR(REF + f)).includes('phq9_firstscore'), f);
    }
    const dollar = completeR(REF + 'ref$phq|');
    assert.deepStrictEqual(edit(dollar.find((i) => i.label === 'phq9_firstscore')), { newText: 'phq9_firstscore', start: 4, end: 7 });
  });

  it('inside dplyr verbs of a pipe with a known source, and in join by =', () => {
    for (const f of ['ref %>% filter(|)', 'ref %>% select(pathwayid, |)', 'ref %>% mutate(x = phq|)', 'ref %>% group_by(|', 'ref %>% arrange(desc(|))', 'ref %>% count(|)', 'ref %>% distinct(|)', 'ref %>% rename(x = |)', 'ref %>% summarise(across(c(|), mean))', 'ref %>% left_join(ref, by = "|")']) {
      assert.ok(labels(completeR(REF + f)).includes('phq9_firstscore'), f);
    }
  });

  it('in with(), data.table dt[i, j, by] and ggplot aes()', () => {
    for (const f of ['with(ref, mean(|))', 'dt <- as.data.table(ref)\ndt[|]', 'dt <- as.data.table(ref)\ndt[, .(m = mean(|)), by = endcode]', 'ggplot(ref, aes(x = |))', 'ref %>% ggplot(aes(|))', 'ggplot(ref) + geom_point(aes(y = |))']) {
      assert.ok(labels(completeR(REF + f)).includes('phq9_firstscore'), f);
    }
  });

  it('coded values after df$col == " and %in% c("', () => {
    const items = completeR(REF + 'ref$endcode == "|"');
    assert.ok(labels(items).includes('46'));
    assert.ok(labels(completeR(REF + 'ref %>% filter(endcode %in% c("46", "|"))')).includes('47'));
  });

  it('table names inside dbReadTable / in_schema strings', () => {
    const items = completeR('a <- tbl(con, in_schema("LLC_1234", "|"))');
    assert.ok(labels(items).includes('nhsd_IAPT_care_activities_v0003'), labels(items).join());
  });

  it('offers nothing for data frames of unknown origin, in comments or plain strings', () => {
    assert.deepStrictEqual(completeR('df <- f()\ndf$|'), []);
    assert.deepStrictEqual(completeR(REF + '# ref$|'), []);
    assert.deepStrictEqual(completeR(REF + 'x <- "ref$|"'), []);
  });
});

describe('R: hover and files', () => {
  it('hovers df$col and bare columns in verbs with the catalogue doc', () => {
    assert.match(hoverR(REF + 'ref$phq9_first|score') ?? '', /PHQ-9|phq9_firstscore/);
    assert.match(hoverR(REF + 'ref %>% filter(end|code == "46")') ?? '', /endcode/);
    assert.match(hoverR(REF + 'x <- ref %>% select(first = phq9_firstscore)\nx$fi|rst') ?? '', /phq9_firstscore/);
  });

  it('.R and .r files are R', () => {
    assert.strictEqual(languageOfFile('a/b.R'), 'r');
    assert.strictEqual(languageOfFile('b.r'), 'r');
    const { text } = caret('|');
    assert.strictEqual(text, '');
  });
});

describe('R: columns recomputed in place', () => {
  const Q = (name: string, cols = 'pathwayid, endcode, employstatus, gender'): string => `${name} <- sqlQuery(conn, "SELECT ${cols} FROM ${DEMOG}")\n`;

  it('a coded column assigned anew (mutate, case_when, recode, as.integer, transform) loses its code list', () => {
    const text = Q('ref') + `ref <- ref %>% mutate(endcode = if_else(endcode %in% c("46", "47"), "completed", "other"),
  employstatus = recode(employstatus, "01" = "Employed", .default = "Other"))
ref %>% filter(endcode == "completed", employstatus == "Employed")
ref$endcode == "other"
r2 <- ${'ref0'} %>% mutate(gender = case_when(gender == "1" ~ "M", TRUE ~ "F"), employstatus = as.integer(employstatus))
r2 %>% filter(gender == "M", employstatus %in% c("1", "2"))
r3 <- transform(ref0, endcode = ifelse(endcode == "46", "A", "B"))
r3[r3$endcode == "A", ]
ref0 %>% mutate(endcode = endcode) %>% filter(endcode == "99")`;
    assert.deepStrictEqual(flagged(Q('ref0') + text), ['invalid-value 99']);
  });

  it('base R and data.table assignments to a column: $, [[ ]], sub-assignment, :=, within, across', () => {
    const text = `${Q('a')}a$endcode <- ifelse(a$endcode %in% c("46", "47"), "fin", "notfin")
a[a$endcode == "fin", ]
${Q('b')}b[["endcode"]] <- ifelse(b[["endcode"]] == "46", "C", "N")
b %>% filter(endcode == "C")
${Q('c')}c$endcode[c$endcode == "64"] <- "Completed"
c %>% filter(endcode == "Completed")
${Q('d')}setDT(d)[, endcode := fifelse(endcode == "46", "done", "not")]
d[endcode == "done"]
${Q('e')}e <- within(e, endcode[endcode == "46"] <- "C")
e %>% filter(endcode == "C")
${Q('f')}f <- f %>% mutate(across(endcode, ~ if_else(.x == "46", "C", "N")))
f %>% filter(endcode == "C")
${Q('g')}levels(g$endcode) <- c("M", "F")
g %>% filter(endcode == "M")
${Q('h')}h <- h %>% left_join(lookup, by = "endcode") %>% mutate(endcode = label)
h %>% filter(endcode == "C")`;
    // The comparison before the sub-assignment is of the catalogue's column still.
    assert.deepStrictEqual(flagged(text), ['invalid-value 64']);
  });

  it('rename gives the new name the renamed column\'s codes and hover', () => {
    const text = Q('ref') + `b <- ref %>% rename(endcode = employstatus, status2 = endcode)
b %>% filter(endcode == "01", status2 == "46", endcode == "46")`;
    assert.deepStrictEqual(flagged(text), ['invalid-value 46']);
    assert.match(hoverR(Q('ref') + 'b <- ref %>% rename(endcode = employstatus)\nb$end|code') ?? '', /Employment status/);
  });

  it('hover and value completion of a recomputed column are not the catalogue\'s', () => {
    const base = Q('ref') + 'ref <- ref %>% mutate(endcode = if_else(endcode == "46", "completed", "other"))\n';
    assert.deepStrictEqual(labels(completeR(base + 'ref %>% filter(endcode == "|")')), []);
    assert.doesNotMatch(hoverR(base + 'ref$end|code') ?? '', /End code/);
  });
});

describe('R: across() over columns the analyser cannot name', () => {
  const Q = `ref <- dbGetQuery(con, "SELECT pathwayid, endcode, employstatus FROM ${DEMOG}")\n`;

  it('mutate(across(starts_with(...), f)) leaves the values of every column unchecked, renamed or not', () => {
    const text = Q + `r2 <- ref %>% mutate(across(starts_with("end"), ~ if_else(.x == "46", "fin", "other")))
r2 %>% filter(endcode == "fin")
r2$endcode == "other"
r2 %>% rename(ec = endcode) %>% filter(ec == "fin")
ref %>% mutate(x = employstatus, across(where(is.character), toupper)) %>% filter(x == "ZZZ", employstatus == "ZZZ")
r2 %>% mutate(endcode = "a") %>% filter(endcodee == "b")`;
    assert.deepStrictEqual(flagged(text), ['unknown-column endcodee']);
  });

  it('the frame before the across() and an across() over named columns are checked as before', () => {
    const text = Q + `r2 <- ref %>% mutate(across(starts_with("end"), toupper))
ref %>% filter(endcode == "fin")
ref %>% mutate(across(c(employstatus), toupper)) %>% filter(employstatus == "x", endcode == "64")
ref %>% mutate(across(starts_with("end"))) %>% filter(endcode == "65")`;
    assert.deepStrictEqual(flagged(text), ['invalid-value fin', 'invalid-value 64', 'invalid-value 65']);
  });
});

describe('R: interpolated table names', () => {
  it('SELECT * from a table name that is interpolated gives unknown columns', () => {
    for (const q of ['paste0("SELECT * FROM ", tname)', 'sprintf("SELECT * FROM %s", tname)', 'glue("SELECT * FROM {tname}")', 'paste0("SELECT r.* FROM LLC_1234.", tname, " r")', 'sprintf("SELECT * FROM %s.%s", schema, tname)', 'sprintf("SELECT * FROM %1$s", tname)']) {
      assert.deepStrictEqual(flagged(`d <- dbGetQuery(con, ${q})\nd$pathwayid`), [], q);
    }
  });

  it('a table name interpolated from a string literal is followed', () => {
    const tbl = 'tbl <- "[LLC_1234].[nhsd_IAPT_care_activities_v0003]"\n';
    for (const q of ['sprintf("SELECT * FROM %s", tbl)', 'sprintf("SELECT * FROM %s", "[LLC_1234].[nhsd_IAPT_care_activities_v0003]")', 'glue("SELECT * FROM {tbl}")', 'sprintf("SELECT * FROM %s.%s", "LLC_1234", "nhsd_IAPT_care_activities_v0003")']) {
      assert.deepStrictEqual(flagged(`${tbl}d <- dbGetQuery(con, ${q})\nd$pathwayid; d$carecontdate; d$nonesuch`), ['unknown-column nonesuch'], q);
      assert.ok(labels(completeR(`${tbl}d <- dbGetQuery(con, ${q})\nd$|`)).includes("carecontdate"), q);
    }
  });
});

describe('R: names assigned by index', () => {
  const ACT = (name: string): string => `${name} <- sqlQuery(conn, "SELECT pathwayid, carecontdate FROM [LLC_1234].[nhsd_IAPT_care_activities_v0003]")\n`;

  it('follows names(df)[names(df) == "old"], colnames(df)[i] and dimnames(df)[[2]][i]', () => {
    const text = `${ACT('a')}names(a)[names(a) == "carecontdate"] <- "contact_date"
a$contact_date; a$contact_dat
${ACT('b')}colnames(b)[1] <- "pid"
b$pid; b$pi
${ACT('d')}dimnames(d)[[2]][2] <- "cdate"
d$cdate; d$cdat
${ACT('e')}names(e)[c(1, 2)] <- c("p", "q")
e$p; e$q; e$r
${ACT('f')}names(f)[which(names(f) == "pathwayid")] <- "pid"
f$pid; f$pi`;
    assert.deepStrictEqual(flagged(text), ['unknown-column contact_dat', 'unknown-column pi', 'unknown-column cdat', 'unknown-column r', 'unknown-column pi']);
    assert.match(hoverR(ACT('b') + 'colnames(b)[1] <- "pid"\nb$p|id') ?? '', /pathwayid/);
  });

  it('makes the columns unknown when it cannot follow', () => {
    const text = `${REF}names(ref)[3] <- "third"
ref$third
${ACT('g')}names(g)[k] <- "x"
g$x
${ACT('h')}colnames(h)[names(h) %in% c("pathwayid", "carecontdate")] <- c("a", "b")
h$a
${ACT('i')}names(i)[5] <- "x"
i$x`;
    assert.deepStrictEqual(flagged(text), []);
  });
});

describe('R: objects accessed with $ and [[ ]] in data masking', () => {
  it('params$x, config[["x"]] and list$x inside dplyr verbs are not columns', () => {
    const text = REF + `ref %>% filter(referralrequestreceiveddate >= params$start_date, endcode %in% config[["codes"]])
ref %>% mutate(y = opts$scale$factor * phq9_firstscore, z = phq9_firstscor)
ref %>% filter(endcode == ref$endcode[1], pathwayid %in% ref$pathwayi)`;
    assert.deepStrictEqual(flagged(text), ['unknown-column phq9_firstscor', 'unknown-column pathwayi']);
  });

  it('in an R Markdown document, params$x is not a column', () => {
    const text = '---\nparams:\n  start_date: "2022-04-01"\n---\n\n```{r}\n' + REF + 'ref %>% filter(referralrequestreceiveddate >= params$start_date)\n```\n';
    assert.deepStrictEqual(findings(analyseLiterate(text), iaptCatalogue()).map((f) => f.code), []);
  });
});

describe('R: injection with !! and !!!', () => {
  it('!!x and !!!x are evaluated outside the data: never columns', () => {
    const text = REF + `ref %>% filter(phq9_firstscore >= !!cutoff, !!!conds)
ref %>% mutate(!!nm := phq9_firstscore * 2) %>% select(!!!cols)
ref %>% select(!!!cols, !!col, pathwayid)
ref %>% filter(!phq9_firstscor)`;
    assert.deepStrictEqual(flagged(text), ['unknown-column phq9_firstscor']);
  });
});

describe('R: files read without their header', () => {
  const F = '"data/IAPT_care_activities_v0003.csv"';

  it('header = FALSE, read.table, col_names = FALSE and name repair give unknown columns', () => {
    for (const read of [`read.table(${F}, sep = ",")`, `read.csv(${F}, header = FALSE)`, `read.csv(${F}, header = F)`, `read.csv(${F}, FALSE)`, `data.table::fread(${F}, header = FALSE)`, `readr::read_csv(${F}, col_names = FALSE)`, `readr::read_csv(${F}, name_repair = toupper)`, `readxl::read_excel(${F}, .name_repair = janitor::make_clean_names)`, `read.csv(${F}, col.names = nms)`]) {
      assert.deepStrictEqual(flagged(`a <- ${read}\na$V1; a$X1; a$PATHWAYID`), [], read);
    }
  });

  it('columns named in the call are the columns', () => {
    for (const read of [`read.csv(${F}, col.names = c("id", "dt"))`, `data.table::fread(${F}, col.names = c("id", "dt"))`, `read.table(${F}, header = TRUE, col.names = c("id", "dt"))`]) {
      assert.deepStrictEqual(flagged(`a <- ${read}\na$id; a$dt; a$carecontdate`), ['unknown-column carecontdate'], read);
    }
    // readr names columns beyond those given X3, X4...
    assert.deepStrictEqual(flagged(`a <- readr::read_csv(${F}, col_names = c("id", "dt"))\na$X3; a$id`), []);
    assert.deepStrictEqual(labels(completeR(`a <- vroom::vroom(${F}, col_names = c("id", "dt"))\na$|`)), ['id', 'dt']);
    // read.csv makes names syntactic (check.names): "a b" is a.b, so it is not followed.
    assert.deepStrictEqual(flagged(`a <- read.csv(${F}, col.names = c("a b", "c"))\na$a.b`), []);
  });

  it('with the header read, the catalogue table\'s columns', () => {
    for (const read of [`read.table(${F}, header = TRUE, sep = ",")`, `read.csv(${F})`, `readr::read_csv(${F}, col_names = TRUE, name_repair = "unique")`, `data.table::fread(${F}, header = "auto")`]) {
      assert.deepStrictEqual(flagged(`a <- ${read}\na$carecontdate; a$carecontdat`), ['unknown-column carecontdat'], read);
    }
  });
});

describe('R: data.table joins and functions passed to lapply', () => {
  const CA = 'ca <- data.table::fread("data/IAPT_care_activities_v0003.csv")\nfirsts <- ca[, .(n = .N, first = min(carecontdate)), by = pathwayid]\n';

  it('X[Y, on = ...] has the columns of both', () => {
    const text = CA + `joined <- ca[firsts, on = "pathwayid"]
joined$first; joined$carecontdate
joined2 <- firsts[ca, on = .(pathwayid)]
joined2$carecontdate; joined2$n
ca[firsts, .(carecontdate, first, i.n), on = "pathwayid"]
j3 <- ca[unknown_dt, on = "pathwayid"]
j3$whatever`;
    assert.deepStrictEqual(flagged(text), []);
    assert.deepStrictEqual(flagged(CA + 'ca[pathwayid == "1", carecontdat]'), ['unknown-column carecontdat']);
  });

  it('a function passed to lapply, sapply, Map, purrr::map... is not a column', () => {
    const text = CA + `ca[, lapply(.SD, uniqueN), .SDcols = c("carecontdate")]
ca[, lapply(.SD, my_summary), by = pathwayid]
ca[, sapply(.SD, class)]
ca[, Map(combine, carecontdate, pathwayid)]
ca %>% mutate(x = purrr::map_chr(carecontdate, fmt), y = vapply(pathwayid, nchar2, "")) %>% filter(carecontdat > 1)`;
    assert.deepStrictEqual(flagged(text), ['unknown-column carecontdat']);
  });
});

describe('R: RODBC results converted by type.convert', () => {
  const RODBC = `ref <- sqlQuery(conn, "SELECT pathwayid, employstatus, endcode, disabcode FROM ${DEMOG}")\n`;

  it('a code as R prints it converted to a number (\'1\' for \'01\') is not flagged, nor fixed', () => {
    const text = RODBC + `ref[ref$employstatus == "1", ]
ref %>% filter(disabcode %in% c("1", "10", "11"))
ref %>% rename(emp = employstatus) %>% filter(emp == "2")
ref %>% filter(employstatus == "01", endcode == "46")
ref %>% filter(employstatus == "001", employstatus == "1.0", endcode == "46 ", endcode == "4")`;
    assert.deepStrictEqual(flagged(text), ['invalid-value 11', 'invalid-value 001', 'invalid-value 1.0', 'invalid-value 46 ', 'invalid-value 4']);
    const fetched = `f <- sqlFetch(conn, "${DEMOG}")\nf$employstatus == "3"\nf$employstatus == "3x"`;
    assert.deepStrictEqual(flagged(fetched), ['invalid-value 3x']);
  });

  it('as.is = TRUE and DBI results keep the exact codes, also joined with one converted', () => {
    assert.deepStrictEqual(flagged(`ref <- sqlQuery(conn, "SELECT employstatus FROM ${DEMOG}", as.is = TRUE)\nref$employstatus == "1"`), ['invalid-value 1']);
    assert.deepStrictEqual(flagged(`ref <- dbGetQuery(conn, "SELECT employstatus FROM ${DEMOG}")\nref$employstatus == "1"`), ['invalid-value 1']);
    assert.deepStrictEqual(flagged(`ref <- sqlFetch(conn, "${DEMOG}", as.is = TRUE)\nref$employstatus == "1"`), ['invalid-value 1']);
    const joined = `r <- sqlQuery(conn, "SELECT pathwayid, employstatus FROM ${DEMOG}")\nd <- dbGetQuery(con, "SELECT pathwayid, disabcode FROM ${DEMOG}")
d %>% inner_join(r, by = "pathwayid") %>% filter(employstatus == "1", disabcode == "1")`;
    assert.deepStrictEqual(flagged(joined), ['invalid-value 1']);
  });
});

describe('R: columns the script removes are not offered', () => {
  const Q = `ref <- DBI::dbGetQuery(con, "SELECT pathwayid, phq9_firstscore, endcode FROM ${DEMOG}")\n`;
  /** A frame with columns the analyser cannot name (a join's suffixes): nothing missing is ever reported. */
  const LOOSE = 'act <- get_other()\nloose <- ref %>% left_join(act, by = "pathwayid")\n';

  it('rename() and names(df)[...] <- take the old name away', () => {
    const r5 = Q + 'ref5 <- ref %>% rename(fs = phq9_firstscore)\n';
    assert.deepStrictEqual(labels(completeR(r5 + 'ref5$|')), ['fs', 'pathwayid', 'endcode']);
    assert.deepStrictEqual(flagged(r5 + 'ref5$phq9_firstscore; ref5$fs'), ['unknown-column phq9_firstscore']);
    assert.strictEqual(hoverR(r5 + 'ref5$phq9_first|score'), undefined);
    assert.match(hoverR(r5 + 'ref5$f|s') ?? '', /PHQ-9/);
    // Swapped names: each is the other column.
    const sw = Q + 'sw <- ref %>% rename(endcode = pathwayid, pathwayid = endcode)\n';
    assert.deepStrictEqual(labels(completeR(sw + 'sw$|')), ['endcode', 'pathwayid', 'phq9_firstscore']);
    const ix = Q + 'names(ref)[names(ref) == "endcode"] <- "ec"\n';
    assert.deepStrictEqual(labels(completeR(ix + 'ref$|')), ['ec', 'pathwayid', 'phq9_firstscore']);
    assert.deepStrictEqual(flagged(ix + 'ref$endcode'), ['unknown-column endcode']);
    // Where other columns may exist, the renamed one is still not offered, and nothing is flagged.
    const lr = Q + LOOSE + 'l5 <- loose %>% rename(fs = phq9_firstscore)\n';
    assert.ok(!labels(completeR(lr + 'l5$|')).includes('phq9_firstscore'));
    assert.deepStrictEqual(flagged(lr + 'l5$phq9_firstscore; l5$anything'), []);
  });

  it('select(-x), select(-c(a, b)), select(!x) take the columns away; a grouping column stays', () => {
    const offered = (pipe: string): string[] => labels(completeR(Q + `s <- ref %>% ${pipe}\ns$|`));
    assert.deepStrictEqual(offered('select(-endcode)'), ['pathwayid', 'phq9_firstscore']);
    assert.deepStrictEqual(offered('select(-c(endcode, "pathwayid"))'), ['phq9_firstscore']);
    assert.deepStrictEqual(offered('select(-endcode, -pathwayid)'), ['phq9_firstscore']);
    assert.deepStrictEqual(offered('select(!endcode)'), ['pathwayid', 'phq9_firstscore']);
    assert.deepStrictEqual(offered('select(!c(endcode, pathwayid))'), ['phq9_firstscore']);
    assert.deepStrictEqual(offered('mutate(endcode = 1) %>% select(-endcode)'), ['pathwayid', 'phq9_firstscore']);
    // !a, !b is the union of everything but a and everything but b: all the columns; -a, b adds b back.
    assert.deepStrictEqual(offered('select(!endcode, !pathwayid)'), ['pathwayid', 'phq9_firstscore', 'endcode']);
    // select() keeps the grouping columns.
    assert.ok(offered('group_by(endcode) %>% select(-endcode)').includes('endcode'));
    assert.deepStrictEqual(flagged(Q + 's <- ref %>% select(-endcode)\ns$endcode; s$pathwayid\nref %>% select(-pathwayid) %>% filter(endcode == "46")'), ['unknown-column endcode']);
    assert.strictEqual(hoverR(Q + 's <- ref %>% select(-endcode)\ns$end|code'), undefined);
    assert.deepStrictEqual(flagged(Q + 'ref %>% select(-endcode, pathwayid) %>% pull(pathwayid)\nref %>% select(!endcode, !pathwayid) %>% filter(endcode == "46")'), []);
    // Where other columns may exist: not offered, not flagged.
    const l = Q + LOOSE + 's <- loose %>% select(-endcode)\n';
    assert.ok(!labels(completeR(l + 's$|')).includes('endcode'));
    assert.deepStrictEqual(flagged(l + 's$endcode; s$anything'), []);
  });

  it('a frame changed in place by a branch or loop that may not run has the columns of both', () => {
    const text = Q + `r1 <- ref
if (ok) names(r1)[names(r1) == "endcode"] <- "ec"
r1$endcode; r1$ec; r1$ecc
r2 <- ref
for (i in 1:2) r2 <- r2 %>% rename(ec = endcode)
r2$endcode`;
    assert.deepStrictEqual(flagged(text), ['unknown-column ecc']);
    assert.deepStrictEqual(labels(completeR(Q + 'r1 <- ref\nif (ok) {\n  names(r1)[names(r1) == "endcode"] <- "ec"\n}\nr1$|')), ['ec', 'pathwayid', 'phq9_firstscore', 'endcode']);
  });

  it('df$x <- NULL, df[["x"]] <- NULL, df[c("a", "b")] <- NULL and df[, "x"] <- NULL take the columns away', () => {
    const offered = (assign: string): string[] => labels(completeR(Q + `r7 <- ref\n${assign}\nr7$|`));
    assert.deepStrictEqual(offered('r7$endcode <- NULL'), ['pathwayid', 'phq9_firstscore']);
    assert.deepStrictEqual(offered('r7[["endcode"]] <- NULL'), ['pathwayid', 'phq9_firstscore']);
    assert.deepStrictEqual(offered('r7["endcode"] <- NULL'), ['pathwayid', 'phq9_firstscore']);
    assert.deepStrictEqual(offered('r7[c("endcode", "pathwayid")] <- NULL'), ['phq9_firstscore']);
    assert.deepStrictEqual(offered('r7[, "endcode"] <- NULL'), ['pathwayid', 'phq9_firstscore']);
    assert.deepStrictEqual(offered('r7$endcode <- NULL\nr7$endcode <- 1'), ['endcode', 'pathwayid', 'phq9_firstscore']);
    assert.deepStrictEqual(flagged(Q + 'r7 <- ref\nr7$endcode <- NULL\nr7$endcode; r7$pathwayid\nr7 %>% filter(endcode == "46")'), ['unknown-column endcode', 'unknown-column endcode']);
    assert.strictEqual(hoverR(Q + 'r7 <- ref\nr7$endcode <- NULL\nr7$end|code'), undefined);
    const [finding] = findings(analyseR(Q + 'r7 <- ref\nr7$endcode <- NULL\nr7$endcode'), iaptCatalogue());
    // The catalogue's column it was: no "did you mean" another column.
    assert.strictEqual(finding?.message, "Column 'endcode' is not in columns left after <- NULL. It is a column of IAPT_demographics_and_referral.");
    // A branch may not run: the column may still be there.
    assert.deepStrictEqual(flagged(Q + 'r7 <- ref\nif (drop) r7$endcode <- NULL\nr7$endcode'), []);
    const l = Q + LOOSE + 'loose$endcode <- NULL\n';
    assert.ok(!labels(completeR(l + 'loose$|')).includes('endcode'));
    assert.deepStrictEqual(flagged(l + 'loose$endcode; loose$anything'), []);
  });

  it('data.table dt[, x := NULL], dt[, c("a", "b") := NULL], `:=`(x = NULL) take the columns away', () => {
    const D = Q + 'dt <- as.data.table(ref)\n';
    const offered = (j: string): string[] => labels(completeR(D + `dt[, ${j}]\ndt$|`));
    assert.deepStrictEqual(offered('endcode := NULL'), ['pathwayid', 'phq9_firstscore']);
    assert.deepStrictEqual(offered('c("endcode", "pathwayid") := NULL'), ['phq9_firstscore']);
    assert.deepStrictEqual(offered('`:=`(endcode = NULL, wait = 1)'), ['wait', 'pathwayid', 'phq9_firstscore']);
    assert.deepStrictEqual(flagged(D + 'dt[, endcode := NULL]\ndt$endcode; dt[endcode == "46"]'), ['unknown-column endcode', 'unknown-column endcode']);
    // With rows (i) given, data.table refuses to delete: the columns stay.
    assert.deepStrictEqual(flagged(D + 'dt[pathwayid > 1, endcode := NULL]\ndt$endcode'), []);
    assert.strictEqual(hoverR(D + 'dt[, endcode := NULL]\ndt$end|code'), undefined);
  });

  it('mutate(x = NULL) takes the column away', () => {
    assert.deepStrictEqual(labels(completeR(Q + 'm <- ref %>% mutate(endcode = NULL, wait = 1)\nm$|')), ['wait', 'pathwayid', 'phq9_firstscore']);
    assert.deepStrictEqual(flagged(Q + 'm <- ref %>% mutate(endcode = NULL)\nm$endcode; m$pathwayid'), ['unknown-column endcode']);
    assert.deepStrictEqual(labels(completeR(Q + LOOSE + 'm <- loose %>% mutate(endcode = NULL)\nm %>% filter(|)')).includes('endcode'), false);
  });
});

describe('R: joins with data the analyser cannot follow', () => {
  // The y side's columns were checked against x alone when y was not known as a data frame at all.
  it('a key of y named in by = is not checked against x', () => {
    const text = REF + `a <- ref %>% left_join(get_lookup(), by = c("pathwayid" = "pid"))
b <- left_join(ref, setNames(lookup, c("pid", "label")), by = join_by(pathwayid == pid))
d <- ref %>% semi_join(get_lookup(), join_by(endcode == code))`;
    assert.deepStrictEqual(flagged(text), []);
  });

  it('x is still checked where y is known', () => {
    const text = REF + 'lk <- dbGetQuery(con, "SELECT pathwayid, carecontdate FROM nhsd.IAPT_care_activities_v0003")\nj <- ref %>% left_join(lk, by = join_by(pathwayd == pathwayid))';
    assert.deepStrictEqual(flagged(text), ['unknown-column pathwayd']);
  });
});

describe("R: magrittr's assignment pipe %<>%", () => {
  // x %<>% f() is x <- x %>% f(): the columns the pipeline makes were flagged on x afterwards.
  it('gives the variable the result of the pipeline', () => {
    const text = REF + `ref %<>% mutate(phq_change = phq9_firstscore - phq9_lastscore) %>% filter(endcode == "46")
ref$phq_change; ref$phq_chang
ref %<>% select(pathwayid, phq_change)
ref$endcode`;
    assert.deepStrictEqual(flagged(text), ['unknown-column phq_chang', 'unknown-column endcode']);
    assert.ok(labels(completeR(REF + 'ref %<>% mutate(wait = 1)\nref$|')).includes('wait'));
  });

  it('in a branch that may not run, the variable is not known afterwards', () => {
    assert.deepStrictEqual(flagged(REF + 'if (tidy) ref %<>% select(pathwayid)\nref$endcode'), []);
  });
});

describe('R: sentences that begin like a query', () => {
  // A string assigned is checked as SQL though never passed to a query function when it begins with SELECT or
  // WITH: a title or note in prose ("Select ... from <table> ...") was read as a query and its words as columns.
  it('a string never queried that begins with Select or With as a sentence does is not SQL', () => {
    const text = `note <- "Select referrals from IAPT_demographics_and_referral with two or more contacts"
sub <- 'With referrals from nhsd.IAPT_care_activities_v0003 where attendordnacode is 5 or 6'`;
    assert.deepStrictEqual(flagged(text), []);
  });

  it('a query in capitals or small letters still is, and a sentence-case one once queried', () => {
    const text = `a <- "SELECT endcod FROM ${DEMOG}"
b <- "select endcod from ${DEMOG}"
c <- "Select endcod From ${DEMOG}"
x <- dbGetQuery(con, c)`;
    assert.deepStrictEqual(flagged(text), ['unknown-column endcod', 'unknown-column endcod', 'unknown-column endcod']);
  });
});
