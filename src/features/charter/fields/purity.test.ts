import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

describe('src/features/charter/fields', () => {
  it('neither reads the clock nor does I/O: today and files come from the caller', () => {
    const folder = new URL('.', import.meta.url);
    const sources = readdirSync(folder).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    expect(sources.length).toBeGreaterThan(4);
    for (const file of sources) {
      const text = readFileSync(new URL(file, folder), 'utf8');
      expect(text, file).not.toMatch(/Date\.now|new Date\b|performance\.now|Math\.random|from 'node:/);
    }
  });
});
