import { PermanentError } from '@mlc/errors';
import { createLogger } from '@mlc/logger';
import { describe, expect, it } from 'vitest';
import { parseRetryAfter, UpstreamHttp } from './http-client.ts';

const http = new UpstreamHttp({
  system: 'procurify',
  baseUrl: 'https://acme.procurify.com',
  logger: createLogger({ name: 'test', level: 'silent' }),
});

describe('UpstreamHttp.resolve', () => {
  it.each([
    ['api/v3/vendors/', 'https://acme.procurify.com/api/v3/vendors/'],
    [
      'https://acme.procurify.com/api/v3/vendors/?page=2&page_size=100',
      'https://acme.procurify.com/api/v3/vendors/?page=2&page_size=100',
    ],
    ['/api/v3/vendors/?page=3', 'https://acme.procurify.com/api/v3/vendors/?page=3'],
  ])('follows %s on the connection’s origin', (path, expected) => {
    expect(http.resolve(path).toString()).toBe(expected);
  });

  it.each([
    ['another host', 'https://evil.example/api/v3/vendors/?page=2'],
    ['another tenant', 'https://other.procurify.com/api/v3/vendors/?page=2'],
    ['a look-alike host', 'https://acme.procurify.com.evil.example/api/v3/vendors/'],
    ['plain http on the same host', 'http://acme.procurify.com/api/v3/vendors/?page=2'],
    ['another port', 'https://acme.procurify.com:8443/api/v3/vendors/'],
    ['a protocol-relative link', '//evil.example/api/v3/vendors/'],
  ])('refuses a next link to %s', (_label, path) => {
    let refused: unknown;
    try {
      http.resolve(path);
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(PermanentError);
    expect(refused).toMatchObject({ code: 'UPSTREAM_FOREIGN_URL', system: 'procurify' });
    expect((refused as Error).message).toMatch(
      /^Refusing to follow \S+: it is not the connection's https:\/\/acme\.procurify\.com$/,
    );
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('30')).toBe(30_000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', Date.parse('2026-01-01T00:00:00Z'))).toBe(10_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });
});
