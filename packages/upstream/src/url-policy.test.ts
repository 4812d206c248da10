import { describe, expect, it } from 'vitest';
import { assertSafeUpstreamUrl, UnsafeUpstreamUrlError } from './url-policy.ts';

describe('assertSafeUpstreamUrl', () => {
  it.each([
    ['procurify', 'https://acme.procurify.com'],
    ['oracle-pod', 'https://acme-test.fa.us2.oraclecloud.com'],
    ['oracle-pod', 'https://acme.fa.ocs.oraclecloud.com/'],
    ['oracle-token', 'https://idcs-0123abcd.identity.oraclecloud.com/oauth2/v1/token'],
  ] as const)('accepts %s URL %s', (kind, url) => {
    expect(assertSafeUpstreamUrl(kind, url, false).protocol).toBe('https:');
  });

  it.each([
    ['procurify', 'http://acme.procurify.com', /must use https/],
    ['procurify', 'https://acme.procurify.com.evil.example', /not an allowed host/],
    ['procurify', 'https://127.0.0.1:4010', /not an allowed host.*MLC_ALLOW_INSECURE_UPSTREAMS=1/],
    ['oracle-pod', 'https://oraclecloud.com.evil.example', /not an allowed host/],
    ['oracle-pod', 'https://acme.fa.us2.oraclecloud.com:8443', /not an allowed host/],
    ['oracle-token', 'https://login.example.com/oauth2/v1/token', /idcs-\{id\}/],
    ['oracle-pod', 'https://user:pass@acme.fa.us2.oraclecloud.com', /must not carry credentials/],
    ['procurify', 'not a url', /not a valid URL/],
  ] as const)('refuses %s URL %s', (kind, url, message) => {
    expect(() => assertSafeUpstreamUrl(kind, url, false)).toThrow(message);
    expect(() => assertSafeUpstreamUrl(kind, url, false)).toThrow(UnsafeUpstreamUrlError);
  });

  it('allows plain http and loopback hosts only with the development flag', () => {
    expect(assertSafeUpstreamUrl('oracle-pod', 'http://127.0.0.1:4020', true).host).toBe('127.0.0.1:4020');
    expect(() => assertSafeUpstreamUrl('oracle-pod', 'file:///etc/passwd', true)).toThrow(/http or https/);
  });
});
