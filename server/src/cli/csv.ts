// A small RFC 4180 CSV reader (quoted fields, doubled quotes, line breaks inside quotes, CRLF), keeping the line
// each record starts on so that import problems can name it. Written here to add no dependency for one format.
// Fields are separated by commas, or by semicolons (Excel in locales with a decimal comma) or tabs.

export interface CsvRecord {
  /** 1-based line of the file where the record starts. */
  line: number;
  fields: string[];
}

export type Delimiter = ',' | ';' | '\t';

export const DELIMITER_NAMES: Record<Delimiter, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab' };

/**
 * The delimiter of the first record (the header of a dictionary): whichever of comma, semicolon and tab it has most
 * of outside quoted fields, comma on a tie or when it has none. Only the header is read: in the rows below, a
 * semicolon file has decimal commas. A quote opens a field at the start of the line or after any of the three.
 */
export function detectDelimiter(text: string): Delimiter {
  const counts: Record<Delimiter, number> = { ',': 0, ';': 0, '\t': 0 };
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  // Blank lines before the header are no record (as in parseCsv).
  while (text[i] === '\n' || text[i] === '\r') i++;
  let fieldStart = true;
  let quoted = false;
  for (; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') i++;
      else if (ch === '"') quoted = false;
    } else if (ch === '\n' || ch === '\r') break;
    else if (ch === ',' || ch === ';' || ch === '\t') {
      counts[ch]++;
      fieldStart = true;
      continue;
    } else if (ch === '"' && fieldStart) quoted = true;
    fieldStart = false;
  }
  // Most first; the order of the list breaks ties.
  return ([',', ';', '\t'] as const).reduce((best, d) => (counts[d] > counts[best] ? d : best));
}

export function parseCsv(text: string, delimiter: Delimiter = ','): CsvRecord[] {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let i = 0;
  const endField = (): void => {
    fields.push(field);
    field = '';
  };
  const endRecord = (): void => {
    endField();
    // A blank line is no record.
    if (fields.length > 1 || fields[0] !== '') records.push({ line: recordLine, fields });
    fields = [];
  };
  while (i < text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line++;
        field += ch;
      }
      i++;
      continue;
    }
    if (ch === '"' && field === '') quoted = true;
    else if (ch === delimiter) endField();
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else field += ch;
    i++;
  }
  if (field !== '' || fields.length > 0) endRecord();
  return records;
}
