// Sending a customer's stored file (a case attachment, an email's attachment) to a member of staff.
import type { FastifyReply } from 'fastify';
import { attachmentDisposition } from './attachments.js';

export interface StoredFile {
  contentType: string;
  size: number;
  filename: string;
  body: unknown;
}

/** Always a download, never shown inline, with the type we checked from its bytes. */
export function sendDownload(reply: FastifyReply, file: StoredFile): FastifyReply {
  return reply
    .header('content-type', file.contentType)
    .header('content-length', file.size)
    .header('content-disposition', attachmentDisposition(file.filename))
    .header('x-content-type-options', 'nosniff')
    // A customer's document: never kept by a shared computer's browser or a proxy.
    .header('cache-control', 'private, no-store')
    .send(file.body);
}
