// CharterDesk runs on Node.js 20: `npm ci` there must not warn that an installed package wants a
// newer Node (cookie@2, pulled in by @fastify/cookie and light-my-request, wanted Node 22; it is
// pinned to cookie 1.x in package.json "overrides"). This reads every installed package's
// declared engines, so a new dependency or an upgrade that drops Node 20 fails here first.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The oldest Node 20 the toolchain supports (vite, sass and html-to-text want 20.19 or later).
const NODE_20 = '20.19.0';
const NODE_MODULES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../node_modules');

type Version = [number, number, number];
const parse = (v: string): Version => v.split('.').map(Number) as Version;
const compare = (a: Version, b: Version) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

/** [lowest, below) of one comparator of a semver range: "20", ">=18", "^20.19.0", "~1.2", ">= 10.x". */
function bounds(comparator: string): [Version, Version | undefined] {
  const match = /^(>=|<=|>|<|=|\^|~)?v?(\d+|x|\*)(?:\.(\d+|x|\*))?(?:\.(\d+|x|\*))?$/.exec(comparator);
  if (!match) throw new Error(`cannot read the engine range part "${comparator}"`);
  const [, op = '', ...parts] = match;
  if (parts[0] === 'x' || parts[0] === '*') return [[0, 0, 0], undefined];
  const given = parts.filter((p) => p !== undefined && p !== 'x' && p !== '*').map(Number);
  const low: Version = [given[0] ?? 0, given[1] ?? 0, given[2] ?? 0];
  const nextMajor: Version = [low[0] + 1, 0, 0];
  const next: Version = given.length === 1 ? nextMajor : given.length === 2 ? [low[0], low[1] + 1, 0] : [low[0], low[1], low[2] + 1];
  switch (op) {
    case '>=':
      return [low, undefined];
    case '>':
      return [next, undefined];
    case '<':
      return [[0, 0, 0], low];
    case '<=':
      return [[0, 0, 0], next];
    case '^':
      return [low, nextMajor];
    case '~':
      return [low, given.length === 1 ? nextMajor : [low[0], low[1] + 1, 0]];
    default:
      return [low, next];
  }
}

/** Whether a semver range (as packages write engines.node) admits the version. */
function admits(range: string, version: string): boolean {
  const v = parse(version);
  return range.split('||').some((set) => {
    const comparators = set.trim().replace(/(>=|<=|>|<|=|\^|~)\s+/g, '$1').split(/\s+/).filter(Boolean);
    return comparators.every((c) => {
      const [low, below] = bounds(c);
      return compare(v, low) >= 0 && (!below || compare(v, below) < 0);
    });
  });
}

/** Every package installed under node_modules, nested ones included, with its engines.node. */
function installedEngines(dir: string): { name: string; node: string }[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).flatMap((entry) => {
    if (entry.startsWith('.')) return [];
    const folder = path.join(dir, entry);
    if (entry.startsWith('@')) return installedEngines(folder);
    const manifest = path.join(folder, 'package.json');
    const own = fs.existsSync(manifest) ? (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string; version?: string; engines?: { node?: string } }) : {};
    const here = own.engines?.node ? [{ name: `${own.name}@${own.version}`, node: own.engines.node }] : [];
    return [...here, ...installedEngines(path.join(folder, 'node_modules'))];
  });
}

describe('installed packages and Node.js 20', () => {
  it('reads engine ranges as npm does', () => {
    expect(admits('>=18', NODE_20)).toBe(true);
    expect(admits('>=22', NODE_20)).toBe(false);
    expect(admits('18 || 20 || >=22', NODE_20)).toBe(true);
    expect(admits('^20.19.0 || >=22.12.0', NODE_20)).toBe(true);
    expect(admits('^20.19.0 || >=22.12.0', '20.18.3')).toBe(false);
    expect(admits('>=16 || 14 >=14.17', NODE_20)).toBe(true);
    expect(admits('>= 10.x', NODE_20)).toBe(true);
    expect(admits('^12.22.0 || ^14.17.0 || >=16.0.0', NODE_20)).toBe(true);
    expect(admits('^10 || ^12 || >=14', '13.1.0')).toBe(false);
  });

  it('has a cookie package that supports Node 20, wherever it is installed', () => {
    const cookies = installedEngines(NODE_MODULES).filter((p) => p.name.startsWith('cookie@'));
    expect(cookies.length).toBeGreaterThan(0);
    expect(cookies.filter((p) => !admits(p.node, NODE_20))).toEqual([]);
  });

  it('has no installed package whose declared engines exclude Node 20', () => {
    expect(installedEngines(NODE_MODULES).filter((p) => !admits(p.node, NODE_20))).toEqual([]);
  });
});
