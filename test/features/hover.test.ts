import * as assert from 'assert';
import { hover } from '../../server/src/features/hover';
import { analyseSql } from '../../server/src/languages/sql/analyse';
import { caret, sqlDoc } from '../helpers';
import { iaptCatalogue } from '../iapt';

function hoverAt(fixture: string): string | undefined {
  const { text, offset } = caret(fixture);
  const h = hover(sqlDoc(text), analyseSql(text), iaptCatalogue(), offset);
  return h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : undefined;
}

describe('hover (SQL)', () => {
  it('documents a table: title, grain, source tables, column count, version note', () => {
    const text = hoverAt('SELECT * FROM [LLC_1234].[nhsd_IAPT_care_ac|tivities_v0003_20240426]');
    assert.ok(text);
    assert.match(text, /\*\*IAPT_care_activities\*\* — Care activities/);
    assert.match(text, /IDS201, IDS202, IDS902/);
    assert.match(text, /Columns: 47 documented/);
    assert.match(text, /Version note: .*v0002/);
    // The grain is the catalogue's reading of the IDS tables, marked as such beside the table's VERIFIED provenance.
    assert.match(text, /One row per: \*\*activity\*\* — INFERRED \(one row per care activity/);
  });

  it('warns when the version is one the catalogue does not know', () => {
    assert.match(String(hoverAt('SELECT * FROM nhsd.IAPT_care_clu|ster_v0009')), /Version `v0009` is not one the catalogue knows/);
  });

  it('documents a column with type, table, source, provenance and its code list', () => {
    const text = hoverAt('SELECT r.end|code FROM nhsd.IAPT_demographics_and_referral_v0003 r');
    assert.ok(text);
    assert.match(text, /\*\*endcode\*\*/);
    assert.match(text, /IAPT_demographics_and_referral/);
    assert.match(text, /Name: VERIFIED/);
    assert.match(text, /Description: INFERRED/);
    assert.match(text, /\| `46` \| .*Mutually agreed completion of treatment/);
  });

  it('documents a column reached through a CTE alias', () => {
    const text = hoverAt(`WITH c AS (SELECT phq9_firstscore AS first_phq FROM nhsd.IAPT_demographics_and_referral_v0003)
      SELECT first_p|hq FROM c`);
    assert.ok(text);
    assert.match(text, /defined in the script \(CTE c\)/);
    assert.match(text, /\*\*phq9_firstscore\*\*/);
  });

  it('gives the meaning of a code compared with a coded column', () => {
    assert.match(String(hoverAt("SELECT 1 FROM nhsd.IAPT_demographics_and_referral_v0003 WHERE endcode = '4|6'")), /`46` = \*\*.*Mutually agreed completion of treatment/);
    assert.match(String(hoverAt("SELECT 1 FROM nhsd.IAPT_demographics_and_referral_v0003 WHERE endcode IN ('10', '6|4')")), /`64` is not in the code list/);
    // A blank is no code (a test for blanks): no hover, as no diagnostic.
    assert.strictEqual(hoverAt("SELECT 1 FROM nhsd.IAPT_demographics_and_referral_v0003 WHERE endcode <> '|'"), undefined);
    // As SQL Server compares: a number with the code as a number, a string ignoring case.
    assert.match(String(hoverAt('SELECT 1 FROM nhsd.IAPT_care_activities_v0003 a WHERE a.consmediumused = |1')), /^`1` \(code `01`\) = \*\*Face to face/);
    assert.match(String(hoverAt("SELECT 1 FROM nhsd.IAPT_demographics_and_referral_v0003 WHERE disabcode = 'z|z'")), /^`zz` \(code `ZZ`\) = /);
  });

  it('names the measure of a SNOMED CT code', () => {
    const text = hoverAt("SELECT 1 FROM nhsd.IAPT_coded_scored_assessments_v0003 WHERE codedasstooltype = '72043|3000'");
    assert.match(String(text), /`720433000` = \*\*PHQ-9/);
    assert.match(String(text), /0–27/);
  });

  it('shows the table when hovering an alias qualifier', () => {
    assert.match(String(hoverAt('SELECT a|b.persscore FROM nhsd.IAPT_coded_scored_assessments_v0003 ab')), /IAPT_coded_scored_assessments/);
  });

  it('shows nothing for names outside the catalogue', () => {
    assert.strictEqual(hoverAt('SELECT x.fo|o FROM dbo.t x'), undefined);
    assert.strictEqual(hoverAt('SELECT * FROM dbo.t|t'), undefined);
  });
});
