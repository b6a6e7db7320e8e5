// A table that several catalogues describe: a user's catalogue of the v0003 columns that the published v0002
// lists (and so the embedded IAPT catalogue) lack adds them to the IAPT table, with its own documentation.

import * as assert from 'assert';
import { CompletionItem } from 'vscode-languageserver';
import { Catalogue } from '../../server/src/catalogue/index';
import { loadCatalogue } from '../../server/src/catalogue/load';
import { complete, resolveCompletionItem } from '../../server/src/features/completion';
import { definition } from '../../server/src/features/definition';
import { findings } from '../../server/src/features/diagnostics';
import { grainFindings } from '../../server/src/features/linkage';
import { hover } from '../../server/src/features/hover';
import { analyseSql } from '../../server/src/languages/sql/analyse';
import { analyseStata } from '../../server/src/languages/stata/analyse';
import { caret, sqlDoc } from '../helpers';
import { IAPT_FILE, iaptCatalogue } from '../iapt';

const EXTRA_FILE = '/tmp/v0003-extra.catalogue.yaml';
const EXTRA = `format: 1
dataset:
  id: iaptv3
  title: IAPT v0003 columns from DESCS
tables:
  - name: iapt_care_activities
    title: Care activities (v0003 columns)
    columns:
      - name: pathwayid
        description: Should not replace the embedded description.
        provenance: { status: VERIFIED, source: DESCS.all_descriptions }
      - name: brandnewcolumn
        type: number
        description: A v0003 column the v0002 list lacks.
        provenance: { status: VERIFIED, source: DESCS.all_descriptions }
      - name: consmechanism
        provenance: { status: VERIFIED, source: DESCS.all_descriptions }
  - name: nhsd_IAPT_coded_scored_assessments_v0003
    title: As a dictionary exported in the TRE names it
    columns:
      - name: exported_column
        provenance: { status: VERIFIED, source: DESCS.all_descriptions }
  - name: IAPT_v3_only
    title: A table only this catalogue has
    columns:
      - name: somecolumn
        provenance: { status: VERIFIED, source: DESCS.all_descriptions }
`;

function withExtra(): Catalogue {
  const { dataset, problems } = loadCatalogue(EXTRA, EXTRA_FILE);
  assert.deepStrictEqual(problems, []);
  return new Catalogue([...iaptCatalogue().datasets, dataset!]);
}

const hoverText = (catalogue: Catalogue, fixture: string): string => {
  const { text, offset } = caret(fixture);
  const h = hover(sqlDoc(text), analyseSql(text), catalogue, offset);
  return h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '';
};

const completeAt = (catalogue: Catalogue, fixture: string): CompletionItem[] => {
  const { text, offset } = caret(fixture);
  return complete(sqlDoc(text), analyseSql(text), catalogue, offset);
};

const sqlFindings = (catalogue: Catalogue, text: string): string[] => findings(analyseSql(text), catalogue).map((f) => f.message);

describe('catalogue: a table in several catalogues', () => {
  const FROM = ' FROM nhsd.IAPT_care_activities_v0003 a';

  it('knows the columns a later catalogue adds (no false alarm), and still flags names neither has', () => {
    const text = `SELECT a.brandnewcolumn, a.pathwayid, a.brandnewcolumx${FROM}`;
    assert.strictEqual(sqlFindings(iaptCatalogue(), text).length, 2, 'without it, brandnewcolumn is flagged too');
    assert.deepStrictEqual(sqlFindings(withExtra(), text), [
      "Column 'brandnewcolumx' is not in IAPT_care_activities (iapt and iaptv3 catalogues). Did you mean 'brandnewcolumn'?",
    ]);
  });

  it('documents an added column from its own catalogue, and a column both have from the first', () => {
    const catalogue = withExtra();
    const added = hoverText(catalogue, `SELECT a.brandnew|column${FROM}`);
    assert.match(added, /A v0003 column the v0002 list lacks/);
    assert.match(added, /Name: VERIFIED \(DESCS\.all_descriptions\)/);
    const shared = hoverText(catalogue, `SELECT a.pathway|id${FROM}`);
    assert.doesNotMatch(shared, /Should not replace/);
    assert.strictEqual(shared, hoverText(iaptCatalogue(), `SELECT a.pathway|id${FROM}`));
  });

  it('counts the added columns in the table’s documentation', () => {
    const text = hoverText(withExtra(), `SELECT * FROM nhsd.IAPT_care_activ|ities_v0003`);
    // IAPT documents 47 and predicts consmechanism, which the later catalogue lists; it adds brandnewcolumn.
    assert.match(hoverText(iaptCatalogue(), `SELECT * FROM nhsd.IAPT_care_activ|ities_v0003`), /Columns: 47 documented \(\+1 unconfirmed\)/);
    assert.match(text, /Columns: 48 documented\n/);
    assert.match(text, /\+1 column, 1 unconfirmed name listed by the IAPT v0003 columns from DESCS catalogue \(`iaptv3`\)/);
    assert.doesNotMatch(hoverText(iaptCatalogue(), `SELECT * FROM nhsd.IAPT_care_activ|ities_v0003`), /columns from the/);
  });

  it('confirms a column the first catalogue only predicts: offered, documented as listed, with the first one’s description', () => {
    const catalogue = withExtra();
    const before = completeAt(iaptCatalogue(), `SELECT a.|${FROM}`).map((i) => i.label);
    assert.ok(!before.includes('consmechanism'), 'unconfirmed columns are not offered');
    const items = completeAt(catalogue, `SELECT a.|${FROM}`);
    const item = items.find((i) => i.label === 'consmechanism');
    assert.ok(item, 'offered once another catalogue lists it');
    assert.strictEqual(items.filter((i) => i.label === 'brandnewcolumn').length, 1);
    assert.strictEqual(items.filter((i) => i.label === 'pathwayid').length, 1, 'a column both have is offered once');
    const doc = String((resolveCompletionItem(item, catalogue).documentation as { value: string }).value);
    assert.doesNotMatch(doc, /Unconfirmed/);
    assert.match(doc, /Consultation mechanism/);
    assert.match(doc, /Name: VERIFIED \(DESCS\.all_descriptions\)/);
    assert.match(doc, /Listed by the IAPT v0003 columns from DESCS catalogue/);
    const hovered = hoverText(catalogue, `SELECT a.consmech|anism${FROM}`);
    assert.doesNotMatch(hovered, /Unconfirmed/);
    assert.match(hovered, /Consultation mechanism/);
  });

  it('documents an added column in completion from its own catalogue', () => {
    const catalogue = withExtra();
    const item = completeAt(catalogue, `SELECT a.|${FROM}`).find((i) => i.label === 'brandnewcolumn');
    assert.ok(item);
    const resolved = resolveCompletionItem(item, catalogue);
    assert.match(String((resolved.documentation as { value: string }).value), /A v0003 column the v0002 list lacks/);
    assert.match(String(resolved.detail), /iaptv3/);
  });

  it('goes to an added column’s entry in its own file', () => {
    const { text, offset } = caret(`SELECT a.brandnew|column${FROM}`);
    const target = definition(analyseSql(text), withExtra(), offset);
    assert.ok(target && target.kind === 'catalogue');
    assert.strictEqual(target.file, EXTRA_FILE);
    assert.ok(EXTRA.startsWith('brandnewcolumn\n        type: number', target.offset), EXTRA.slice(target.offset, target.offset + 40));
  });

  it('adds to a table it names as the TRE does (project-view prefix, version), read in the first catalogue’s naming', () => {
    const text = 'SELECT s.exported_column, s.exported_columx FROM [LLC_1234].[nhsd_IAPT_coded_scored_assessments_v0003] s';
    assert.deepStrictEqual(sqlFindings(withExtra(), text), [
      "Column 'exported_columx' is not in IAPT_coded_scored_assessments (iapt and iaptv3 catalogues). Did you mean 'exported_column'?",
    ]);
  });

  it('offers each table name once, and a table only the later catalogue has', () => {
    const labels = completeAt(withExtra(), 'SELECT * FROM |').map((i) => i.label);
    assert.strictEqual(labels.filter((l) => /care_activities/i.test(l)).length, 1, labels.join(', '));
    assert.strictEqual(labels.length, 10);
    assert.ok(labels.some((l) => /IAPT_v3_only/.test(l)), labels.join(', '));
  });

  it('holds in Stata too (case-sensitive names): an added variable is known after use', () => {
    const text = 'use "IAPT_care_activities_v0003.dta", clear\nsummarize brandnewcolumn brandnewcolumx\n';
    const messages = findings(analyseStata(text), withExtra()).map((f) => f.message);
    assert.strictEqual(messages.length, 1, messages.join('\n'));
    assert.match(messages[0], /brandnewcolumx/);
  });

  it('keeps a spelling that differs only in case for Stata, whose names are case-sensitive', () => {
    const { dataset } = loadCatalogue(
      'format: 1\ndataset: { id: mixed, title: Mixed case }\ntables:\n  - name: IAPT_care_activities\n    columns:\n      - name: ConsMechanism\n        provenance: { status: VERIFIED, source: DESCS }\n      - name: PathwayID\n        provenance: { status: VERIFIED, source: DESCS }\n',
      '/tmp/mixed.catalogue.yaml',
    );
    const catalogue = new Catalogue([...iaptCatalogue().datasets, dataset!]);
    const text = 'use "IAPT_care_activities_v0003.dta", clear\nsummarize ConsMechanism PathwayID consmechanism pathwayid\n';
    assert.deepStrictEqual(findings(analyseStata(text), catalogue).map((f) => f.message), []);
    // SQL offers each column once, whatever the case.
    const labels = completeAt(catalogue, `SELECT a.|${FROM}`).map((i) => i.label.toLowerCase());
    assert.strictEqual(labels.filter((l) => l === 'pathwayid').length, 1, labels.join(', '));
  });

  it('reads an added column’s grain and key from the table its name resolved to', () => {
    const { dataset } = loadCatalogue(
      'format: 1\ndataset: { id: keys, title: Keys }\ntables:\n  - name: IAPT_demographics_and_referral\n    columns:\n      - name: newscore\n        provenance: { status: VERIFIED, source: DESCS }\n',
      '/tmp/keys.catalogue.yaml',
    );
    const catalogue = new Catalogue([...iaptCatalogue().datasets, dataset!]);
    const sql = 'SELECT SUM(d.newscore) FROM nhsd.IAPT_demographics_and_referral_v0003 d JOIN nhsd.IAPT_care_activities_v0003 a ON a.pathwayid = d.pathwayid';
    const found = grainFindings(analyseSql(sql), catalogue).map((g) => g.message);
    assert.strictEqual(found.length, 1);
    assert.match(found[0], /SUM\(newscore\) aggregates IAPT_demographics_and_referral \(one row per referral\)/);
  });

  it('confirms a predicted column with the later catalogue’s code list when the earlier has none', () => {
    const { dataset, problems } = loadCatalogue(
      'format: 1\ndataset: { id: vpc, title: VPC }\ncodeLists:\n  vp:\n    title: Complaints\n    complete: true\n    codes:\n      - { code: F32, meaning: Depressive episode }\n    provenance: { status: VERIFIED, source: DESCS }\ntables:\n  - name: IAPT_mental_and_physical_health_conditions\n    columns:\n      - name: validated_presentingcomplaint\n        codes: vp\n        provenance: { status: VERIFIED, source: DESCS }\n',
      '/tmp/vpc.catalogue.yaml',
    );
    assert.deepStrictEqual(problems, []);
    const catalogue = new Catalogue([...iaptCatalogue().datasets, dataset!]);
    const sql = "SELECT m.pathwayid FROM nhsd.IAPT_mental_and_physical_health_conditions_v0003 m WHERE m.validated_presentingcomplaint = 'XXX'";
    assert.deepStrictEqual(sqlFindings(catalogue, sql).map((m) => m.replace(/ Codes: .*/, '')), ["'XXX' is not a code of validated_presentingcomplaint (Complaints)."]);
    const doc = hoverText(catalogue, sql.replace('m.validated_presentingcomplaint', 'm.validated_presenting|complaint'));
    assert.match(doc, /Validated presenting complaint/, 'the description is IAPT’s');
    assert.match(doc, /F32/);
  });

  it('sends a table that only an intermediate catalogue’s naming reads as its own to where that one goes', () => {
    const b = loadCatalogue('format: 1\ndataset: { id: bproj, title: B }\nnaming: { source: llc }\ntables:\n  - name: IAPT_care_activities\n    columns:\n      - name: bcol\n        provenance: { status: VERIFIED, source: B }\n', '/tmp/b.catalogue.yaml').dataset!;
    const c = loadCatalogue('format: 1\ndataset: { id: cproj, title: C }\ntables:\n  - name: llc_IAPT_care_activities\n    columns:\n      - name: ccol\n        provenance: { status: VERIFIED, source: C }\n', '/tmp/c.catalogue.yaml').dataset!;
    const catalogue = new Catalogue([...iaptCatalogue().datasets, b, c]);
    assert.deepStrictEqual(sqlFindings(catalogue, `SELECT a.bcol, a.ccol, a.xcol${FROM}`), ["Column 'xcol' is not in IAPT_care_activities (iapt and bproj and cproj catalogues). Did you mean 'bcol' or 'ccol'?"]);
    const labels = completeAt(catalogue, 'SELECT * FROM |').map((i) => i.label);
    assert.strictEqual(labels.filter((l) => /care_activities/i.test(l)).length, 1, labels.join(', '));
  });

  it('counts what one catalogue adds once, however many of its tables add to the table', () => {
    const { dataset } = loadCatalogue(
      'format: 1\ndataset: { id: twover, title: Two versions }\ntables:\n  - name: IAPT_care_activities_v0002\n    columns:\n      - name: old_col\n        provenance: { status: VERIFIED, source: D }\n  - name: IAPT_care_activities_v0003\n    columns:\n      - name: new_col\n        provenance: { status: VERIFIED, source: D }\n',
      '/tmp/twover.catalogue.yaml',
    );
    const catalogue = new Catalogue([...iaptCatalogue().datasets, dataset!]);
    const text = hoverText(catalogue, `SELECT * FROM nhsd.IAPT_care_activ|ities_v0003`);
    assert.strictEqual(text.match(/by the Two versions catalogue/g)?.length, 1, text);
    assert.match(text, /\+2 columns by the Two versions catalogue/);
    assert.deepStrictEqual(sqlFindings(catalogue, `SELECT a.xcol${FROM}`), ["Column 'xcol' is not in IAPT_care_activities (iapt and twover catalogues)."]);
  });

  it('knows the versions a catalogue that adds to the table knows', () => {
    const { dataset } = loadCatalogue(
      'format: 1\ndataset: { id: v4, title: V4 }\nnaming: { versions: [v0004] }\ntables:\n  - name: IAPT_care_activities\n    columns:\n      - name: v4_col\n        provenance: { status: VERIFIED, source: D }\n',
      '/tmp/v4.catalogue.yaml',
    );
    const catalogue = new Catalogue([...iaptCatalogue().datasets, dataset!]);
    const fixture = 'SELECT * FROM nhsd.IAPT_care_activ|ities_v0004';
    assert.match(hoverText(iaptCatalogue(), fixture), /Version `v0004` is not one the catalogue knows/);
    assert.doesNotMatch(hoverText(catalogue, fixture), /is not one the catalogue knows/);
  });

  it('goes to both entries of a confirmed column: the one that predicts it and the one that lists it', () => {
    const { text, offset } = caret(`SELECT a.consmech|anism${FROM}`);
    const target = definition(analyseSql(text), withExtra(), offset);
    assert.ok(target && target.kind === 'catalogue');
    assert.strictEqual(target.file, IAPT_FILE);
    assert.deepStrictEqual(target.also?.map((t) => [t.file, EXTRA.startsWith('consmechanism', t.offset)]), [[EXTRA_FILE, true]]);
    const plain = definition(analyseSql(text.replace('consmechanism', 'brandnewcolumn')), withExtra(), offset);
    assert.ok(plain && plain.kind === 'catalogue' && plain.also === undefined);
  });
});
