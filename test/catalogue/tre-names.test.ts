import * as assert from 'assert';
import { iaptCatalogue } from '../iapt';

describe('TRE table names', () => {
  const resolve = (...parts: string[]) => iaptCatalogue().resolveTable(parts)?.table.name;

  it('resolves every form TRE users write, in any case', () => {
    assert.strictEqual(resolve('LLC_1234', 'nhsd_IAPT_care_activities_v0003'), 'IAPT_care_activities');
    assert.strictEqual(resolve('LLC_1234', 'nhsd_IAPT_care_activities_v0003_20240426'), 'IAPT_care_activities');
    assert.strictEqual(resolve('nhsd', 'IAPT_care_activities_v0003'), 'IAPT_care_activities');
    assert.strictEqual(resolve('IAPT_care_activities_v0002'), 'IAPT_care_activities');
    assert.strictEqual(resolve('UKSERPUKLLC', 'LLC_1234', 'NHSD_iapt_CARE_ACTIVITIES_V0003'), 'IAPT_care_activities');
    assert.strictEqual(resolve('iapt_care_cluster'), 'IAPT_care_cluster');
  });

  it('does not resolve other datasets or look-alikes', () => {
    assert.strictEqual(resolve('LLC_1234', 'nhsd_HESAPC_v0003'), undefined);
    assert.strictEqual(resolve('dbo', 'care_activities'), undefined);
    assert.strictEqual(resolve('IAPT_care_activities_extra'), undefined);
  });

  it('recognises IAPT naming for names that match no table', () => {
    assert.ok(iaptCatalogue().datasetNamed(['nhsd', 'IAPT_nope_v0003']));
    assert.strictEqual(iaptCatalogue().datasetNamed(['nhsd', 'HESAPC_v0003']), undefined);
  });
});
