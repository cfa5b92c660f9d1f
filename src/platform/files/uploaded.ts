// What we decide about an uploaded file (a case attachment, a letter's scan, an email's attachment)
// from its bytes and name alone: pure, no I/O.
// The browser's declared content type and the file's extension are claims anyone can forge, so
// the type we check and store is the one the first bytes show.

interface Signature {
  contentType: string;
  magic: readonly number[];
}

const SIGNATURES: readonly Signature[] = [
  { contentType: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
  { contentType: 'image/png', magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { contentType: 'application/pdf', magic: [...Buffer.from('%PDF-')] },
];

/** Kept when the bytes match no type we accept: the field's reader then refuses the file. */
export const UNRECOGNISED_CONTENT_TYPE = 'application/octet-stream';

/** The content type the file's first bytes show, or UNRECOGNISED_CONTENT_TYPE. */
export function sniffContentType(bytes: Uint8Array): string {
  const found = SIGNATURES.find((s) => s.magic.length <= bytes.length && s.magic.every((b, i) => bytes[i] === b));
  return found?.contentType ?? UNRECOGNISED_CONTENT_TYPE;
}

const MAX_FILENAME = 200;

/**
 * A resident's filename made safe to show and to send back in a header: the last path segment,
 * without control or bidirectional-formatting characters (which can disguise "gpj.exe" as
 * "exe.jpg"), without characters filesystems reject, at most 200 characters.
 */
export function displayFilename(raw: string): string {
  const name = (raw.split(/[\\/]/).pop() ?? '')
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '')
    .replace(/[<>:"|?*]/g, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '');
  const short = Array.from(name).slice(0, MAX_FILENAME).join('').trim();
  return short || 'file';
}
