import { describe, expect, it } from 'vitest';
import { attachmentDisposition } from './download.js';

describe('attachmentDisposition', () => {
  it('sends an ASCII fallback and the exact UTF-8 name', () => {
    expect(attachmentDisposition('tip.png')).toBe(`attachment; filename="tip.png"; filename*=UTF-8''tip.png`);
    expect(attachmentDisposition('Café (1).pdf')).toBe(`attachment; filename="Caf_ (1).pdf"; filename*=UTF-8''Caf%C3%A9%20%281%29.pdf`);
  });
});
