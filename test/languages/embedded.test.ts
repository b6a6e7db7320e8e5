import * as assert from 'assert';
import { analyseEmbeddedSql, plainPiece, SqlPiece } from '../../server/src/languages/embedded';
import { findings } from '../../server/src/features/diagnostics';
import { iaptCatalogue } from '../iapt';

/** Pieces for the string literals of `host`, with `{...}` parts as holes (like glue). */
function pieces(host: string, literalStart: number, literalEnd: number): SqlPiece[] {
  const out: SqlPiece[] = [];
  let i = literalStart;
  while (i < literalEnd) {
    const open = host.indexOf('{', i);
    if (open < 0 || open >= literalEnd) {
      out.push(plainPiece(host.slice(i, literalEnd), i));
      break;
    }
    if (open > i) out.push(plainPiece(host.slice(i, open), i));
    const close = host.indexOf('}', open);
    out.push({ kind: 'hole', span: { start: open, end: close + 1 } });
    i = close + 1;
  }
  return out;
}

describe('embedded SQL', () => {
  it('maps diagnostics back to exact host offsets', () => {
    const host = 'ref <- sqlQuery(conn, "SELECT r.phq9_firstscor FROM [LLC_1234].[nhsd_IAPT_demographics_and_referral_v0003] r")';
    const start = host.indexOf('"') + 1;
    const sql = analyseEmbeddedSql(pieces(host, start, host.lastIndexOf('"')));
    const f = findings(sql.model, iaptCatalogue());
    assert.deepStrictEqual(f.map((x) => host.slice(x.span.start, x.span.end)), ['phq9_firstscor']);
  });

  it('never reports what touches an interpolated part', () => {
    const host = 'q <- glue("SELECT {col}, r.{other}x, r.bad FROM nhsd.IAPT_onward_referrals_v0003 r WHERE r.{c} = \'zz\' AND onwardreferreason = {v}")';
    const start = host.indexOf('"') + 1;
    const sql = analyseEmbeddedSql(pieces(host, start, host.lastIndexOf('"')));
    const f = findings(sql.model, iaptCatalogue());
    assert.deepStrictEqual(f.map((x) => host.slice(x.span.start, x.span.end)), ['bad']);
  });

  it('gives completion contexts with host spans, and the result columns', () => {
    const host = 'x <- dbGetQuery(con, "SELECT pathwayid, persscore AS score FROM nhsd.IAPT_coded_scored_assessments_v0003 a WHERE a.pers")';
    const start = host.indexOf('"') + 1;
    const sql = analyseEmbeddedSql(pieces(host, start, host.lastIndexOf('"')));
    const ctx = sql.model.completionContext(host.indexOf('pers")') + 4);
    assert.ok(ctx.kind === 'column');
    assert.strictEqual(ctx.qualifier, 'a');
    assert.strictEqual(host.slice(ctx.replace.start, ctx.replace.end), 'pers');
    assert.deepStrictEqual(sql.resultColumns?.map((c) => ('name' in c ? c.name : '*')), ['pathwayid', 'score']);
    assert.strictEqual(sql.covers(0), false);
  });
});
