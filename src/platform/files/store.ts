// Files kept outside the database (case attachments, later letters and exports), behind one small
// interface. The disk store ships; a council that runs several app servers or wants object storage
// writes another implementation of FileStore (S3, Azure Blob, ...) and passes it to createApp.
import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';

export interface FileMeta {
  /** The checked content type; object stores keep it with the object, the disk store ignores it. */
  contentType: string;
}

export interface StoredFile {
  key: string;
  size: number;
  /** Hex SHA-256 of the bytes as stored, so a file can later be checked against its database row. */
  sha256: string;
}

export interface FileStore {
  /** Writes the whole file or nothing: a reader never sees half a file under `key`. */
  put(key: string, body: Readable | Uint8Array, meta: FileMeta): Promise<StoredFile>;
  /** The file's bytes; FileNotFoundError when there is no file under `key`. */
  get(key: string): Promise<Readable>;
  /** Removes the file; a key with no file is not an error (deleting twice is safe). */
  delete(key: string): Promise<void>;
}

export class FileNotFoundError extends Error {
  constructor(readonly key: string) {
    super(`No stored file under ${key}`);
  }
}

export class InvalidFileKeyError extends Error {}

// Keys are made by us (newFileKey), never from a user's filename: lowercase letters, digits and
// hyphens in segments joined by '/'. No dots at all, so no '..', no hidden files, and no clash with
// the disk store's temporary files.
const KEY = /^[a-z0-9][a-z0-9-]{0,99}(?:\/[a-z0-9][a-z0-9-]{0,99}){0,5}$/;

export function assertFileKey(key: string): void {
  if (!KEY.test(key)) throw new InvalidFileKeyError(`Not a valid file key: ${JSON.stringify(key)}`);
}

/** A fresh random key under `prefix`, fanned out by its first two characters to keep folders small. */
export function newFileKey(prefix: string): string {
  const id = randomUUID();
  const key = `${prefix}/${id.slice(0, 2)}/${id}`;
  assertFileKey(key);
  return key;
}

/** Reads `body` to its end, handing each chunk to `write` in order; returns its size and SHA-256. */
export async function copyMeasured(body: Readable | Uint8Array, write: (chunk: Buffer) => Promise<unknown> | void): Promise<{ size: number; sha256: string }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of toReadable(body)) {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    hash.update(bytes);
    size += bytes.length;
    await write(bytes);
  }
  return { size, sha256: hash.digest('hex') };
}

function toReadable(body: Readable | Uint8Array): Readable {
  return body instanceof Readable ? body : Readable.from([Buffer.from(body.buffer, body.byteOffset, body.byteLength)]);
}
