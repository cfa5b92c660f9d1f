// The FileStore contract, run against each implementation, plus what only the disk store can get
// wrong: keys reaching outside its folder, half-written files.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { afterAll, describe, expect, it } from 'vitest';
import { createDiskFileStore, createMemoryFileStore, FileNotFoundError, InvalidFileKeyError, newFileKey, type FileStore } from './index.js';

const tempRoots: string[] = [];
afterAll(() => {
  for (const dir of tempRoots) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'charterdesk-files-'));
  tempRoots.push(dir);
  return dir;
}

const sha256 = (value: string | Buffer) => createHash('sha256').update(value).digest('hex');

const BAD_KEYS = ['../outside', 'a/../../outside', '/etc/passwd', 'a/./b', 'a//b', '', 'A/B', 'photo.png', 'a\\b', '..', 'a/b/', 'x'.repeat(101)];

const stores: [string, () => FileStore][] = [
  ['disk', () => createDiskFileStore(path.join(tempDir(), 'files'))],
  ['memory', () => createMemoryFileStore()],
];

for (const [name, make] of stores) {
  describe(`${name} file store`, () => {
    it('puts a buffer and gets the same bytes back, with their size and SHA-256', async () => {
      const store = make();
      const key = newFileKey('attachments');
      const stored = await store.put(key, Buffer.from('hello, council'), { contentType: 'text/plain' });
      expect(stored).toEqual({ key, size: 14, sha256: sha256('hello, council') });
      expect(await text(await store.get(key))).toBe('hello, council');
    });

    it('puts a stream', async () => {
      const store = make();
      const key = newFileKey('attachments');
      const chunks = [Buffer.alloc(70_000, 1), Buffer.alloc(70_000, 2)];
      const stored = await store.put(key, Readable.from(chunks), { contentType: 'application/octet-stream' });
      expect(stored.size).toBe(140_000);
      expect(stored.sha256).toBe(sha256(Buffer.concat(chunks)));
      const back: Buffer[] = [];
      for await (const chunk of await store.get(key)) back.push(chunk as Buffer);
      expect(Buffer.concat(back).equals(Buffer.concat(chunks))).toBe(true);
    });

    it('deletes, and deleting again or a file never stored is fine', async () => {
      const store = make();
      const key = newFileKey('attachments');
      await store.put(key, Buffer.from('x'), { contentType: 'text/plain' });
      await store.delete(key);
      await expect(store.get(key)).rejects.toBeInstanceOf(FileNotFoundError);
      await store.delete(key);
      await store.delete(newFileKey('attachments'));
    });

    it('refuses keys that could escape its folder or were not made by us', async () => {
      const store = make();
      for (const key of BAD_KEYS) {
        await expect(store.put(key, Buffer.from('x'), { contentType: 'text/plain' }), key).rejects.toBeInstanceOf(InvalidFileKeyError);
        await expect(store.get(key), key).rejects.toBeInstanceOf(InvalidFileKeyError);
        await expect(store.delete(key), key).rejects.toBeInstanceOf(InvalidFileKeyError);
      }
    });

    it('stores nothing when the stream fails part-way', async () => {
      const store = make();
      const key = newFileKey('attachments');
      const failing = new Readable({
        read() {
          this.push(Buffer.from('half a file'));
          this.destroy(new Error('connection lost'));
        },
      });
      await expect(store.put(key, failing, { contentType: 'text/plain' })).rejects.toThrow('connection lost');
      await expect(store.get(key)).rejects.toBeInstanceOf(FileNotFoundError);
    });
  });
}

describe('disk file store on disk', () => {
  it('writes inside its own folder only, and leaves no temporary files behind', async () => {
    const root = tempDir();
    const store = createDiskFileStore(path.join(root, 'files'));
    const key = newFileKey('attachments');
    await store.put(key, Buffer.from('inside'), { contentType: 'text/plain' });
    await expect(store.put('x'.repeat(10) + '/../../escape', Buffer.from('x'), { contentType: 'text/plain' })).rejects.toThrow();
    const written = fs.readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    expect(written.map((e) => path.relative(root, path.join(e.parentPath, e.name)))).toEqual([path.join('files', ...key.split('/'))]);
  });

  it('a failed write leaves no temporary file', async () => {
    const root = tempDir();
    const store = createDiskFileStore(root);
    const failing = Readable.from(
      (async function* () {
        yield Buffer.from('part');
        await Promise.resolve();
        throw new Error('gone');
      })(),
    );
    await expect(store.put(newFileKey('attachments'), failing, { contentType: 'text/plain' })).rejects.toThrow('gone');
    expect(fs.readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile())).toEqual([]);
  });
});
