// Reading a multipart/form-data post (a form with a file input) into the same plain body a
// urlencoded form gives, plus the files held in memory. Runs as the route's preValidation hook,
// so the CSRF check (a preHandler) finds the form's _csrf field in request.body as usual, and no
// file is stored before that check has passed.
import type { MultipartFile, MultipartValue } from '@fastify/multipart';
import type { FastifyRequest, preValidationAsyncHookHandler } from 'fastify';

export interface ReceivedFile {
  field: string;
  /** As the browser sent it: a claim, not yet made safe. */
  filename: string;
  bytes: Buffer;
  /** More than the size limit was sent; `bytes` holds only the first part. */
  tooLarge: boolean;
}

export interface MultipartLimits {
  maxFileBytes: number;
  /** Files in one post; more is refused as a whole (413). */
  maxFiles: number;
}

const received = new WeakMap<FastifyRequest, ReceivedFile[]>();

/** The files posted with this request (none for a urlencoded post). */
export function receivedFiles(request: FastifyRequest): ReceivedFile[] {
  return received.get(request) ?? [];
}

async function readFile(part: MultipartFile): Promise<ReceivedFile> {
  const chunks: Buffer[] = [];
  for await (const chunk of part.file) chunks.push(chunk as Buffer);
  // An empty file input is posted with filename="", which busboy reports as undefined.
  return { field: part.fieldname, filename: part.filename ?? '', bytes: Buffer.concat(chunks), tooLarge: part.file.truncated };
}

function addField(body: Record<string, string | string[]>, part: MultipartValue): void {
  if (part.valueTruncated) throw httpError(413, 'a form field is too long');
  const value = String(part.value);
  const existing = body[part.fieldname];
  body[part.fieldname] = existing === undefined ? value : ([] as string[]).concat(existing, value);
}

function httpError(statusCode: number, message: string): Error & { statusCode: number } {
  return Object.assign(new Error(message), { statusCode });
}

/**
 * The hook. An oversized file is not an error here: it is kept (truncated, marked tooLarge) so the
 * form can say "must be smaller than 10MB" on its field. Broken multipart data is a 400 and too
 * many parts or files a 413, never a 500.
 */
export function readMultipartForm(limits: MultipartLimits): preValidationAsyncHookHandler {
  return async function multipartForm(request) {
    if (!request.isMultipart()) return;
    const body: Record<string, string | string[]> = Object.create(null) as Record<string, string | string[]>;
    const files: ReceivedFile[] = [];
    try {
      // throwFileSizeLimit: false is read at run time but missing from the plugin's parts() type.
      const options = { limits: { fileSize: limits.maxFileBytes, files: limits.maxFiles, fields: 500, fieldSize: 1024 * 1024 }, throwFileSizeLimit: false };
      for await (const part of request.parts(options)) {
        if (part.type === 'file') files.push(await readFile(part));
        else addField(body, part);
      }
    } catch (error) {
      const status = (error as { statusCode?: number }).statusCode;
      throw status && status >= 400 && status < 500 ? error : httpError(400, `the form could not be read: ${(error as Error).message}`);
    }
    request.body = { ...body };
    received.set(request, files);
  };
}
