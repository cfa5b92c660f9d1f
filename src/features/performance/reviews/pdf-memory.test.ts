// A published review's PDF is printed once: the same document and header give the PDF already
// made, a different one is printed, and only the last few are kept.
import { describe, expect, it } from 'vitest';
import { rememberingPdfs, type PdfRenderer } from './pdf.js';

describe('remembered PDFs', () => {
  it('prints each document once, prints a changed one, and forgets the oldest beyond its size', async () => {
    const printed: string[] = [];
    const renderer: PdfRenderer = {
      pdf: (html) => {
        printed.push(html);
        return Promise.resolve(Buffer.from(`PDF of ${html}`));
      },
      close: () => Promise.resolve(),
    };
    const pdfs = rememberingPdfs(renderer, 2);
    const header = { councilName: 'Brackenfield District Council', title: 'Customer Service Review' };
    expect((await pdfs.pdf('<p>Q3</p>', header)).toString()).toBe('PDF of <p>Q3</p>');
    expect((await pdfs.pdf('<p>Q3</p>', header)).toString()).toBe('PDF of <p>Q3</p>');
    expect(printed).toEqual(['<p>Q3</p>']);
    await pdfs.pdf('<p>Q3</p>', { ...header, councilName: 'Another council' });
    await pdfs.pdf('<p>Q4</p>', header);
    await pdfs.pdf('<p>Q3</p>', header);
    expect(printed).toEqual(['<p>Q3</p>', '<p>Q3</p>', '<p>Q4</p>', '<p>Q3</p>']);
  });
});
