// The default FileStore: files in a folder on local disk (DATA_DIR/files). Fine for one app server;
// several servers need a shared folder or an object-store implementation (see README.md).
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { assertFileKey, FileNotFoundError, InvalidFileKeyError, copyMeasured, type FileStore, type StoredFile } from './store.js';

export function createDiskFileStore(root: string): FileStore {
  const base = path.resolve(root);

  // The key pattern already rules out '..'; resolving and checking again costs nothing and means a
  // future change to the pattern cannot let a key reach outside the folder.
  const pathFor = (key: string): string => {
    assertFileKey(key);
    const full = path.resolve(base, ...key.split('/'));
    if (!full.startsWith(base + path.sep)) throw new InvalidFileKeyError(`File key escapes the store: ${key}`);
    return full;
  };

  return {
    async put(key, body): Promise<StoredFile> {
      const target = pathFor(key);
      await fs.promises.mkdir(path.dirname(target), { recursive: true });
      // Write beside the target, flush, then rename: rename within a folder is atomic, so a crash
      // leaves either no file or the whole file, never a partial one under the key.
      const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
      let measured: { size: number; sha256: string };
      try {
        const handle = await fs.promises.open(temp, 'wx', 0o600);
        try {
          measured = await copyMeasured(body, (chunk) => handle.write(chunk));
          await handle.sync();
        } finally {
          await handle.close();
        }
        await fs.promises.rename(temp, target);
      } catch (error) {
        await fs.promises.rm(temp, { force: true });
        throw error;
      }
      return { key, ...measured };
    },

    async get(key): Promise<Readable> {
      try {
        // Open first, so a missing file is an error here rather than on the response stream.
        const handle = await fs.promises.open(pathFor(key), 'r');
        return handle.createReadStream();
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new FileNotFoundError(key);
        throw error;
      }
    },

    async delete(key): Promise<void> {
      await fs.promises.rm(pathFor(key), { force: true });
    },
  };
}
