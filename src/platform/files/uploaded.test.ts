import { describe, expect, it } from 'vitest';
import { displayFilename, sniffContentType, UNRECOGNISED_CONTENT_TYPE } from './uploaded.js';

describe('sniffContentType', () => {
  it('knows JPEG, PNG and PDF by their first bytes', () => {
    expect(sniffContentType(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0]))).toBe('image/jpeg');
    expect(sniffContentType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('image/png');
    expect(sniffContentType(Buffer.from('%PDF-1.7\n'))).toBe('application/pdf');
  });

  it('does not recognise anything else, however it is named', () => {
    expect(sniffContentType(Buffer.from('MZ\x90\x00'))).toBe(UNRECOGNISED_CONTENT_TYPE);
    expect(sniffContentType(Buffer.from([0x89, 0x50]))).toBe(UNRECOGNISED_CONTENT_TYPE);
    expect(sniffContentType(Buffer.alloc(0))).toBe(UNRECOGNISED_CONTENT_TYPE);
    expect(sniffContentType(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBe(UNRECOGNISED_CONTENT_TYPE);
  });
});

describe('displayFilename', () => {
  it('keeps an ordinary name', () => {
    expect(displayFilename('Photo of the tip 2.jpg')).toBe('Photo of the tip 2.jpg');
    expect(displayFilename('Café receipt.pdf')).toBe('Café receipt.pdf');
  });

  it('drops paths, control and direction-changing characters, and leading dots', () => {
    expect(displayFilename('C:\\Users\\me\\tip.png')).toBe('tip.png');
    expect(displayFilename('../../etc/passwd')).toBe('passwd');
    expect(displayFilename('invoice\u202Egpj.exe')).toBe('invoicegpj.exe');
    expect(displayFilename('a\r\nb\u0000.png')).toBe('ab.png');
    expect(displayFilename('..hidden')).toBe('hidden');
    expect(displayFilename('what?<is>"this".png')).toBe('what__is__this_.png');
  });

  it('never gives an empty or overlong name', () => {
    expect(displayFilename('')).toBe('file');
    expect(displayFilename('   ')).toBe('file');
    expect(Array.from(displayFilename('ü'.repeat(500))).length).toBe(200);
  });
});
