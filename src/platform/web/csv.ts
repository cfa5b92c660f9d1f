// CSV for spreadsheets (RFC 4180), safe to open in Excel or LibreOffice: a cell starting with
// = + - @ (or a tab or carriage return) would be run as a formula, so it gets a leading quote,
// as OWASP advises for CSV injection. Text people typed (names, email subjects) goes into the
// audit trail's download, so every cell is treated as hostile.
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | null | undefined): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(values: readonly (string | number | null | undefined)[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}

/** Excel reads a CSV as UTF-8 only when it starts with a byte order mark. */
export const CSV_BOM = '\uFEFF';
