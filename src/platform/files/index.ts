export { assertFileKey, FileNotFoundError, InvalidFileKeyError, newFileKey, type FileMeta, type FileStore, type StoredFile } from './store.js';
export { createDiskFileStore } from './disk.js';
export { createMemoryFileStore, type MemoryFileStore } from './memory.js';
