import * as assert from 'assert';
import { CompletionItem } from 'vscode-languageserver';
import { complete, completionList, resolveCompletionItem } from '../../server/src/features/completion';
import { analyseSql } from '../../server/src/languages/sql/analyse';
import { caret, sqlDoc } from '../helpers';
import { iaptCatalogue } from '../iapt';

function completeAt(fixture: string): CompletionItem[] {
  const { text, offset } = caret(fixture);
  return complete(sqlDoc(text), analyseSql(text), iaptCatalogue(), offset);
}
const labels = (items: CompletionItem[]): string[] => items.map((i) => i.label);
const insert = (item: CompletionItem | undefined): string | undefined => (item?.textEdit && 'newText' in item.textEdit ? item.textEdit.newText : undefined);

describe('completion (SQL)', () => {
  describe('table names', () => {
    it('offers all 9 IAPT tables after FROM, in the Guidebook form when nothing else is known', () => {
      const items = completeAt('SELECT * FROM |');
      assert.strictEqual(items.length, 9);
      assert.ok(labels(items).includes('nhsd.IAPT_care_activities_v0003'));
      const item = items.find((i) => i.label === 'nhsd.IAPT_care_activities_v0003');
      assert.strictEqual(item?.kind, 7 /* Class */);
      assert.ok(item && !item.documentation, 'documentation waits for completionItem/resolve');
      assert.match(String((resolveCompletionItem(item, iaptCatalogue()).documentation as { value: string }).value), /IDS201/);
    });

    it('inserts the project-view name inside [LLC_1234].[', () => {
      const items = completeAt('SELECT * FROM [LLC_1234].[nhsd_IAPT_ca|');
      assert.strictEqual(insert(items.find((i) => i.label === 'nhsd_IAPT_care_activities_v0003')), 'nhsd_IAPT_care_activities_v0003');
    });

    it('inserts the bare versioned name after nhsd.', () => {
      const items = completeAt('SELECT * FROM nhsd.|');
      assert.ok(labels(items).includes('IAPT_coded_scored_assessments_v0003'));
    });

    it('follows the schema, brackets and version the script already uses', () => {
      const items = completeAt('SELECT * FROM [LLC_0042].[nhsd_IAPT_demographics_and_referral_v0002] r JOIN |');
      assert.ok(labels(items).includes('[LLC_0042].[nhsd_IAPT_care_activities_v0002]'), labels(items).join());
    });
  });

  describe('column names', () => {
    it('qualifies a column that two tables of the query have (SQL Server rejects it bare), found by its name', () => {
      const items = completeAt('SELECT | FROM nhsd.IAPT_demographics_and_referral_v0003 r JOIN nhsd.IAPT_care_activities_v0003 c ON c.pathwayid = r.pathwayid');
      const pathway = items.filter((i) => i.filterText === 'pathwayid' || i.label === 'pathwayid');
      assert.deepStrictEqual(pathway.map((i) => [i.label, insert(i)]), [['r.pathwayid', 'r.pathwayid'], ['c.pathwayid', 'c.pathwayid']]);
      // A name only one table has stays bare; with one table nothing is qualified.
      assert.ok(items.some((i) => i.label === 'carecontdate' && insert(i) === 'carecontdate'));
      assert.ok(completeAt('SELECT | FROM nhsd.IAPT_demographics_and_referral_v0003 r').some((i) => i.label === 'pathwayid'));
    });

    it('offers the SELECT-list aliases in ORDER BY, also after a UNION (the first query\'s)', () => {
      const DR = 'nhsd.IAPT_demographics_and_referral_v0003';
      const items = labels(completeAt(`SELECT r.pathwayid AS pid, COUNT(*) AS n FROM ${DR} r GROUP BY r.pathwayid ORDER BY n DESC, |`));
      assert.ok(items.includes('pid') && items.includes('n') && items.includes('endcode'), items.join());
      const union = labels(completeAt(`SELECT r.pathwayid AS pid FROM ${DR} r UNION SELECT a.pathwayid FROM nhsd.IAPT_care_activities_v0003 a ORDER BY |`));
      assert.ok(union.includes('pid') && !union.includes('carecontdate'), union.join());
    });

    it('completes alias. with the columns of that table only', () => {
      const items = completeAt('SELECT a.| FROM nhsd.IAPT_coded_scored_assessments_v0003 a');
      assert.strictEqual(items.length, 17);
      const item = items.find((i) => i.label === 'codedasstooltype');
      assert.strictEqual(item?.detail, 'SNOMED CT concept id · IAPT_coded_scored_assessments · iapt');
      assert.strictEqual(item?.kind, 5 /* Field */);
      const doc = String((resolveCompletionItem(item, iaptCatalogue()).documentation as { value: string }).value);
      assert.match(doc, /\*\*codedasstooltype\*\*/);
      assert.match(doc, /Name: VERIFIED/);
    });

    it('completes table. when the table has no alias', () => {
      const items = completeAt('SELECT IAPT_care_cluster_v0003.| FROM nhsd.IAPT_care_cluster_v0003');
      assert.strictEqual(items.length, 12);
    });

    it('scopes unqualified columns to the tables of the current statement', () => {
      const items = completeAt(`SELECT pathwayid FROM nhsd.IAPT_onward_referrals_v0003;
        SELECT | FROM nhsd.IAPT_waiting_time_pauses_v0003`);
      assert.ok(labels(items).includes('pausereason'));
      assert.ok(!labels(items).includes('onwardreferreason'));
    });

    it('offers the columns of CTEs and derived tables', () => {
      const cte = completeAt(`WITH firsts AS (SELECT pathwayid, phq9_firstscore AS first_phq FROM nhsd.IAPT_demographics_and_referral_v0003)
        SELECT f.| FROM firsts f`);
      assert.deepStrictEqual(labels(cte), ['pathwayid', 'first_phq']);
      const derived = completeAt('SELECT d.| FROM (SELECT pathwayid, COUNT(*) AS n FROM nhsd.IAPT_care_activities_v0003 GROUP BY pathwayid) d');
      assert.deepStrictEqual(labels(derived), ['pathwayid', 'n']);
      // After a bare JOIN as after FROM (LEFT( and RIGHT( are functions, JOIN ( is not).
      const joined = completeAt('SELECT j.| FROM nhsd.IAPT_demographics_and_referral_v0003 r JOIN (SELECT pathwayid, COUNT(*) AS n FROM nhsd.IAPT_care_activities_v0003 GROUP BY pathwayid) j ON j.pathwayid = r.pathwayid');
      assert.deepStrictEqual(labels(joined), ['pathwayid', 'n']);
    });

    it('offers the columns of temp tables created earlier in the script', () => {
      const items = completeAt(`SELECT pathwayid, persscore INTO #scores FROM nhsd.IAPT_coded_scored_assessments_v0003;
        SELECT s.| FROM #scores s`);
      assert.deepStrictEqual(labels(items), ['pathwayid', 'persscore']);
    });

    it('never offers unconfirmed v2.1 columns', () => {
      const items = completeAt('SELECT r.| FROM nhsd.IAPT_demographics_and_referral_v0003 r');
      assert.ok(!labels(items).includes('sourceofreferraliapt'));
      assert.strictEqual(items.length, 193);
    });
  });

  describe('coded values', () => {
    it("offers the code list with meanings after col = '", () => {
      const items = completeAt("SELECT 1 FROM nhsd.IAPT_demographics_and_referral_v0003 WHERE endcode = '|");
      const item = items.find((i) => i.label === '46');
      assert.ok(item);
      assert.match(String(item.detail), /Mutually agreed completion of treatment/);
      assert.strictEqual(insert(item), "46'");
      assert.match(String((resolveCompletionItem(item, iaptCatalogue()).documentation as { value: string }).value), /Codes: End code/);
    });

    it("offers codes inside IN ('", () => {
      const items = completeAt("SELECT 1 FROM nhsd.IAPT_demographics_and_referral_v0003 r WHERE r.sourceofreferralmh IN ('A1', '|')");
      assert.ok(labels(items).includes('B1'));
      assert.strictEqual(insert(items.find((i) => i.label === 'B1')), 'B1');
      // While the list is being typed: the string and the bracket not closed yet, or more after the list.
      for (const sql of ["r.sourceofreferralmh IN ('A1', '|", "r.sourceofreferralmh IN ('A1', @x, '|", "r.sourceofreferralmh IN ('|') AND r.endcode = '46'"]) {
        assert.ok(labels(completeAt(`SELECT 1 FROM nhsd.IAPT_demographics_and_referral_v0003 r WHERE ${sql}`)).includes('B1'), sql);
      }
    });
  });

  it('offers nothing inside comments', () => {
    assert.deepStrictEqual(completeAt('SELECT * FROM nhsd.IAPT_care_cluster_v0003 -- a.|'), []);
  });

  describe('completionList with itemDefaults', () => {
    const ALL = ['editRange', 'data'];
    /**
     * What a client makes of a list: each item with the defaults filled in, as LSP 3.17 says. Default data leaves
     * out the column, which resolve takes from the label.
     */
    const expand = (list: ReturnType<typeof completionList>): CompletionItem[] =>
      list.items.map((i) => {
        const range = list.itemDefaults?.editRange;
        const textEdit = i.textEdit ?? (range && 'start' in range ? { range, newText: i.textEditText ?? i.label } : undefined);
        const { textEditText: _t, ...rest } = i;
        return { ...rest, textEdit, data: i.data ?? { ...(list.itemDefaults?.data as object), column: i.label } };
      });
    const copy = (items: CompletionItem[]): CompletionItem[] => JSON.parse(JSON.stringify(items)) as CompletionItem[];

    it('says the range and table most items share once, and leaves the others their own', () => {
      // Columns of two tables (the data of each names its table), and items from a second position (another range).
      const join = completeAt('SELECT | FROM nhsd.IAPT_demographics_and_referral_v0003 r JOIN nhsd.IAPT_care_activities_v0003 c ON c.pathwayid = r.pathwayid');
      const other = completeAt('SELECT c.| FROM nhsd.IAPT_care_activities_v0003 c').slice(0, 5);
      const items = [...other, ...join];
      const tables = new Set(items.map((i) => (i.data as { table?: string } | undefined)?.table));
      assert.ok(tables.size >= 2, 'the fixture has columns of two tables');
      const expected = copy(items);
      const list = completionList(items, ALL);
      assert.ok(list.itemDefaults?.editRange && list.itemDefaults.data, 'both defaults are set');
      assert.ok(list.items.some((i) => i.textEdit) && list.items.some((i) => !i.textEdit), 'some items keep their own range');
      assert.ok(list.items.some((i) => i.data) && list.items.some((i) => !i.data), 'some items keep their own data');
      assert.deepStrictEqual(JSON.parse(JSON.stringify(expand(list))), expected);
    });

    it('keeps every item whole for a client without itemDefaults', () => {
      const items = completeAt("SELECT 1 FROM nhsd.IAPT_demographics_and_referral_v0003 r WHERE r.endcode = '|'");
      const expected = copy(items);
      const list = completionList(items, []);
      assert.strictEqual(list.itemDefaults, undefined);
      assert.deepStrictEqual(JSON.parse(JSON.stringify(list.items)), expected);
    });
  });
});
