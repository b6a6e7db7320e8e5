// The embedded catalogues, precompiled to JSON at build time. Parsing and validating the 0.2 MB IAPT YAML
// takes most of the server's start-up time and memory; the JSON loads in milliseconds. The YAML stays the
// source: a compiled file is used only when the hash of the YAML it was made from matches.

import { createHash } from 'crypto';
import * as path from 'path';
import { CodeList, Dataset, Measure } from './model';

const FORMAT = 'tre-catalogue-compiled/1';

interface Compiled {
  format: string;
  sourceHash: string;
  dataset: Omit<Dataset, 'codeLists' | 'measures' | 'file'> & { codeLists: [string, CodeList][]; measures: [string, Measure][] };
}

export function hashOf(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function compile(dataset: Dataset, sourceText: string): string {
  const { codeLists, measures, file: _file, ...rest } = dataset;
  const compiled: Compiled = { format: FORMAT, sourceHash: hashOf(sourceText), dataset: { ...rest, codeLists: [...codeLists], measures: [...measures] } };
  return JSON.stringify(compiled);
}

/** The dataset in a compiled file, or undefined when the file is of another format or another source text. */
export function decompile(json: string, sourceText: string, file: string): Dataset | undefined {
  try {
    const compiled = JSON.parse(json) as Compiled;
    if (compiled.format !== FORMAT || compiled.sourceHash !== hashOf(sourceText)) return undefined;
    const { codeLists, measures, ...rest } = compiled.dataset;
    return { ...rest, codeLists: new Map(codeLists), measures: new Map(measures), file };
  } catch {
    return undefined;
  }
}

/** Where the build writes the compiled form of an embedded catalogue: dist/catalogues/<name>.json. */
export function compiledPath(bundleDir: string, yamlFile: string): string {
  return path.join(bundleDir, 'catalogues', path.basename(yamlFile).replace(/\.ya?ml$/i, '') + '.json');
}
