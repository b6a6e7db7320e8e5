// Every example script is clean, except the `mistakes.*` files, whose deliberate mistakes are all reported.

import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { check } from '../../server/src/cli/check';
import { iaptCatalogue, REPO } from '../iapt';

describe('examples/', () => {
  const result = check([path.join(REPO, 'examples')], iaptCatalogue());
  const byFile = new Map<string, string[]>();
  for (const f of result.findings) byFile.set(path.basename(f.file), [...(byFile.get(path.basename(f.file)) ?? []), f.code]);

  it('checks every example in every language', () => {
    assert.deepStrictEqual(result.errors, []);
    assert.ok(result.files >= 15, `${result.files} files checked`);
  });

  it('reports nothing in the scripts that are meant to be right', () => {
    const wrong = [...byFile.keys()].filter((f) => !f.startsWith('mistakes.'));
    assert.deepStrictEqual(wrong, []);
  });

  it('reports the deliberate mistakes', () => {
    assert.deepStrictEqual(byFile.get('mistakes.sql'), ['unknown-table', 'unknown-column', 'invalid-value', 'unknown-column']);
    for (const f of ['mistakes.R', 'mistakes.do', 'mistakes.ipynb']) assert.deepStrictEqual(byFile.get(f), ['unknown-column'], f);
  });
});

describe('check on awkward folders', () => {
  it('walks a folder once however symbolic links loop back into it, and reports a FIFO instead of reading it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tre-check-'));
    fs.copyFileSync(path.join(REPO, 'examples/sql/mistakes.sql'), path.join(dir, 'mistakes.sql'));
    fs.symlinkSync('.', path.join(dir, 'self'));
    fs.mkdirSync(path.join(dir, 'sub'));
    fs.symlinkSync('..', path.join(dir, 'sub', 'up'));
    execFileSync('mkfifo', [path.join(dir, 'pipe.sql')]);
    const result = check([dir], iaptCatalogue());
    assert.strictEqual(result.files, 1);
    assert.strictEqual(result.problems, 4);
    assert.deepStrictEqual(result.errors, [`${path.join(dir, 'pipe.sql')}: not a regular file`]);
  });

  it('skips a script longer than the server analyses (5,000,000 characters), and says so', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tre-check-'));
    const big = path.join(dir, 'big.sql');
    fs.writeFileSync(big, 'SELECT 1;\n'.repeat(500_001));
    const result = check([dir], iaptCatalogue());
    assert.deepStrictEqual(result.errors, [`${big}: 5,000,010 characters, more than 5,000,000; not checked`]);
  });

  it('reads scripts saved as UTF-16 with a byte-order mark (little- and big-endian), as SSMS saves them', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tre-check-'));
    const text = fs.readFileSync(path.join(REPO, 'examples/sql/mistakes.sql'), 'utf8');
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    fs.writeFileSync(path.join(dir, 'le.sql'), le);
    fs.writeFileSync(path.join(dir, 'be.sql'), Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(le.subarray(2)).swap16()]));
    const result = check([dir], iaptCatalogue());
    assert.strictEqual(result.files, 2);
    assert.strictEqual(result.problems, 8, result.lines.join('\n'));
  });
});
