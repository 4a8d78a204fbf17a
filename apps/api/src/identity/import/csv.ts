/**
 * RFC 4180 CSV: comma-separated, fields in double quotes may hold commas,
 * line breaks and doubled quotes. Returns the rows with their 1-based line
 * number (of the row's first line), blank lines skipped. A leading UTF-8 BOM
 * (Excel) is dropped.
 */
export function parseCsv(text: string): { line: number; fields: string[] }[] {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const rows: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  let touched = false;
  const endRow = () => {
    fields.push(field);
    if (touched || fields.length > 1 || fields[0] !== '') rows.push({ line: rowLine, fields });
    fields = [];
    field = '';
    touched = false;
  };
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (quoted) {
      if (c === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === '\n') line++;
        field += c;
      }
      continue;
    }
    if (c === '"' && field === '') {
      quoted = true;
      touched = true;
    } else if (c === ',') {
      fields.push(field);
      field = '';
      touched = true;
    } else if (c === '\r' && src[i + 1] === '\n') {
      // handled with the \n
    } else if (c === '\n' || c === '\r') {
      endRow();
      line++;
      rowLine = line;
    } else field += c;
  }
  if (quoted) throw new Error(`line ${rowLine}: a quoted field is not closed`);
  if (field !== '' || fields.length > 0 || touched) endRow();
  return rows;
}
