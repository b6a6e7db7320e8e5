// The real embedded IAPT catalogue, for feature tests.

import * as path from 'path';
import { CatalogueStore } from '../server/src/catalogue/store';
import { Catalogue } from '../server/src/catalogue/index';

export const REPO = path.resolve(__dirname, '..');
export const IAPT_FILE = path.join(REPO, 'schemas', 'iapt', 'iapt.catalogue.yaml');

let iapt: Catalogue | undefined;
/** The real embedded IAPT catalogue, loaded once. */
export function iaptCatalogue(): Catalogue {
  if (!iapt) {
    const store = new CatalogueStore([IAPT_FILE]);
    const problems = [...store.problems().values()].flat();
    if (problems.length) throw new Error('IAPT catalogue has problems: ' + JSON.stringify(problems));
    iapt = store.catalogue();
  }
  return iapt;
}

