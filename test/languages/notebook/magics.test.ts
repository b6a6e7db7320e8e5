import * as assert from 'assert';
import { readCell } from '../../../server/src/languages/notebook/magics';

describe('Notebooks: IPython magics', () => {
  it('reads a cell magic as the cell\'s language, the magic line blanked', () => {
    assert.deepStrictEqual(readCell('python', '%%sql result <<\nSELECT 1'), { languageId: 'sql', text: '               \nSELECT 1' });
    assert.deepStrictEqual(readCell('python', '%%R -i df\nsummary(df)'), { languageId: 'r', text: '         \nsummary(df)' });
    assert.deepStrictEqual(readCell('python', '%%stata\nsummarize x'), { languageId: 'stata', text: '       \nsummarize x' });
    // Magics of other languages leave the cell as it is.
    assert.deepStrictEqual(readCell('python', '%%bash\nls'), { languageId: 'python', text: '%%bash\nls' });
  });

  it('reads the SQL of a Python cell\'s %sql line magics, everything else blanked, lines and line ends kept', () => {
    const text = 'x = 1\r\ndf = %sql SELECT a.apptype FROM t a\r\n  %sql\tSELECT 2\n# %sql in a comment\ny = "%sql"';
    const read = readCell('python', text);
    assert.strictEqual(read.languageId, 'sql');
    assert.strictEqual(read.text.length, text.length);
    assert.deepStrictEqual(read.text.split(/\r\n|\n/), ['     ', '          SELECT a.apptype FROM t a', '      \tSELECT 2', ' '.repeat(19), ' '.repeat(10)]);
    assert.ok(read.text.includes('\r\n') && read.text.indexOf('SELECT a.apptype') === text.indexOf('SELECT a.apptype'));
  });

  it('leaves cells without magics, and %sql outside Python, as they are', () => {
    assert.deepStrictEqual(readCell('python', 'x = "%sql SELECT"'), { languageId: 'python', text: 'x = "%sql SELECT"' });
    assert.deepStrictEqual(readCell('r', '%sql SELECT 1'), { languageId: 'r', text: '%sql SELECT 1' });
    assert.deepStrictEqual(readCell('sql', 'SELECT 1'), { languageId: 'sql', text: 'SELECT 1' });
  });
});
