// A FileStore in memory, for tests and tools that never keep files: same contract as the disk store.
import { Readable } from 'node:stream';
import { assertFileKey, FileNotFoundError, copyMeasured, type FileMeta, type FileStore } from './store.js';

export interface MemoryFileStore extends FileStore {
  /** What is stored, by key: tests look inside. */
  readonly files: ReadonlyMap<string, { bytes: Buffer; meta: FileMeta }>;
}

export function createMemoryFileStore(): MemoryFileStore {
  const files = new Map<string, { bytes: Buffer; meta: FileMeta }>();
  return {
    files,
    async put(key, body, meta) {
      assertFileKey(key);
      const chunks: Buffer[] = [];
      const measured = await copyMeasured(body, (chunk) => {
        chunks.push(chunk);
      });
      // Stored only once every byte has arrived, as the disk store does.
      files.set(key, { bytes: Buffer.concat(chunks), meta: { ...meta } });
      return { key, ...measured };
    },
    // Promise-returning rather than async, but a bad key still rejects instead of throwing.
    get(key) {
      return Promise.resolve().then(() => {
        assertFileKey(key);
        const file = files.get(key);
        if (!file) throw new FileNotFoundError(key);
        return Readable.from([file.bytes]);
      });
    },
    delete(key) {
      return Promise.resolve().then(() => {
        assertFileKey(key);
        files.delete(key);
      });
    },
  };
}
