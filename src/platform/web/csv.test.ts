// CSV cells a spreadsheet will not run as formulas, and that survive commas, quotes and new lines.
import { describe, expect, it } from 'vitest';
import { csvCell, csvRow } from './csv.js';

describe('csv cells', () => {
  it('defuses anything a spreadsheet would run as a formula', () => {
    for (const formula of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx']) expect(csvCell(formula).replace(/^"|"$/g, '').startsWith(`'`)).toBe(true);
    expect(csvCell('=HYPERLINK("http://evil","x")')).toBe(`"'=HYPERLINK(""http://evil"",""x"")"`);
  });

  it('quotes commas, quotes, new lines and edge spaces; leaves plain text alone', () => {
    expect(csvRow(['Priya Shah', 'a, b', 'say "hi"', 'two\nlines', ' padded', null, undefined, 3])).toBe('Priya Shah,"a, b","say ""hi""","two\nlines"," padded",,,3\r\n');
  });
});
