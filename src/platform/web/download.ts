// Sending a customer's stored file (a case attachment, an email's attachment) to a member of staff.
import type { FastifyReply } from 'fastify';

export interface DownloadFile {
  contentType: string;
  size: number;
  filename: string;
  body: unknown;
}

/** Always a download, never shown inline, with the type we checked from its bytes. */
export function sendDownload(reply: FastifyReply, file: DownloadFile): FastifyReply {
  return reply
    .header('content-type', file.contentType)
    .header('content-length', file.size)
    .header('content-disposition', attachmentDisposition(file.filename))
    .header('x-content-type-options', 'nosniff')
    // A customer's document: never kept by a shared computer's browser or a proxy.
    .header('cache-control', 'private, no-store')
    .send(file.body);
}

/** Content-Disposition for a download: an ASCII fallback plus the exact name in RFC 5987 form. */
export function attachmentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
