import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('configuration from the environment', () => {
  it('serves the demo on port 3000 with the embedded database when nothing is set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, host: '127.0.0.1', databaseUrl: undefined, demo: true, councilNation: 'england' });
    expect(config.dataDir).toBe(path.resolve('./data'));
  });

  it('reads every documented variable', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      DATABASE_URL: 'postgres://app@db.internal:5432/charterdesk',
      DATA_DIR: '/var/lib/charterdesk',
      DEMO: '0',
      ADMIN_EMAIL: 'first.admin@council.example',
      ADMIN_PASSWORD: 'a long enough password',
      COUNCIL_NAME: 'Eastshire Council',
      COUNCIL_NATION: 'scotland',
      SESSION_SECRET: 'x'.repeat(32),
      TRUST_PROXY: 'true',
    });
    expect(config).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      databaseUrl: 'postgres://app@db.internal:5432/charterdesk',
      dataDir: '/var/lib/charterdesk',
      demo: false,
      adminEmail: 'first.admin@council.example',
      councilName: 'Eastshire Council',
      councilNation: 'scotland',
      trustProxy: 1,
    });
  });

  it.each([
    [{ PORT: 'eighty' }, /^PORT must be a whole number from 1 to 65535 \(got "eighty"\)$/],
    [{ PORT: '70000' }, /^PORT must be a whole number/],
    [{ DATABASE_URL: 'mysql://localhost/x' }, /^DATABASE_URL must be a URL such as postgres:/],
    [{ DATABASE_URL: 'not a url' }, /^DATABASE_URL must be a URL/],
    [{ DEMO: 'maybe' }, /^DEMO must be 1 or 0/],
    [{ COUNCIL_NATION: 'cornwall' }, /^COUNCIL_NATION must be one of england, wales, scotland, northern-ireland/],
    [{ ADMIN_EMAIL: 'admin@council.example' }, /^ADMIN_EMAIL and ADMIN_PASSWORD must be set together$/],
    [{ ADMIN_EMAIL: 'admin@council.example', ADMIN_PASSWORD: 'short' }, /^ADMIN_PASSWORD must be at least 12 characters/],
    [{ TRUST_PROXY: 'maybe' }, /^TRUST_PROXY must be 0 \(no proxy\), the number of proxies in front of the app \(1 for one\), or their addresses .* \(got "maybe"\)$/],
    [{ TRUST_PROXY: '10.0.0.0/33' }, /^TRUST_PROXY must be 0/],
    [{ TRUST_PROXY: '10.0.0.5, proxy.internal' }, /^TRUST_PROXY must be 0/],
  ])('rejects %o with one clear line', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  // Believing every X-Forwarded-For hop let a client choose its own address: only the proxies named are believed.
  it.each([
    ['0', false],
    ['false', false],
    ['1', 1],
    ['true', 1],
    ['2', 2],
    ['10.0.0.5', ['10.0.0.5']],
    ['10.0.0.0/8, fd00::/8,loopback', ['10.0.0.0/8', 'fd00::/8', 'loopback']],
  ])('reads TRUST_PROXY=%s as %o', (value, trust) => {
    expect(loadConfig({ TRUST_PROXY: value }).trustProxy).toEqual(trust);
  });
});
