// Go to definition: from a table or column name to its entry in the catalogue YAML file,
// or to where the script defines it (CTE, temp table, alias).

import { Catalogue } from '../catalogue/index';
import { DocumentModel, Span } from '../languages/model';
import { resolverFor } from './resolve';

/** `also`: another catalogue's entry of the same column (one that confirms a predicted name). */
export type DefinitionTarget = { kind: 'catalogue'; file: string; offset: number; also?: { file: string; offset: number }[] } | { kind: 'document'; span: Span };

const inside = (span: Span, offset: number): boolean => span.start <= offset && offset <= span.end;

export function definition(model: DocumentModel, catalogue: Catalogue, offset: number): DefinitionTarget | undefined {
  const resolver = resolverFor(catalogue);
  for (const ref of model.tableRefs) {
    if (!inside(ref.span, offset)) continue;
    const match = resolver.table(ref.parts);
    if (match && match.table.offset !== undefined) return { kind: 'catalogue', file: match.dataset.file, offset: match.table.offset };
    return undefined;
  }
  for (const ref of model.columnRefs) {
    if (!inside(ref.span, offset)) continue;
    const res = resolver.resolve(ref);
    if (res.kind !== 'found') return undefined;
    const derivedSpan = res.column.derived?.column.span;
    if (derivedSpan) return { kind: 'document', span: derivedSpan };
    const cat = res.column.catalogue;
    if (cat && cat.column.offset !== undefined) {
      const other = cat.alsoIn?.column.offset !== undefined ? [{ file: cat.alsoIn.dataset.file, offset: cat.alsoIn.column.offset }] : undefined;
      return { kind: 'catalogue', file: cat.dataset.file, offset: cat.column.offset, ...(other ? { also: other } : {}) };
    }
    return undefined;
  }
  return undefined;
}
