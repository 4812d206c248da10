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
    // Plain HTTP or another scheme, on otherwise allowed hosts.
    ['oracle-pod', 'http://acme-test.fa.us2.oraclecloud.com', /must use https/],
    ['oracle-token', 'http://idcs-0123abcd.identity.oraclecloud.com/oauth2/v1/token', /must use https/],
    ['oracle-pod', 'ftp://acme-test.fa.us2.oraclecloud.com', /must use https/],
    ['oracle-pod', 'file:///etc/passwd', /must use https/],
    // Local and private hosts, however spelled: the simulators, the cloud metadata service.
    ['procurify', 'https://localhost', /not an allowed host/],
    ['oracle-pod', 'https://localhost:4020', /not an allowed host/],
    ['oracle-pod', 'https://10.0.0.5/fscmRestApi', /not an allowed host/],
    ['oracle-pod', 'https://169.254.169.254/latest/meta-data', /not an allowed host/],
    ['oracle-pod', 'https://[::1]:4020', /not an allowed host/],
    ['procurify', 'https://2130706433', /not an allowed host/],
    ['oracle-token', 'https://0x7f.1/oauth2/v1/token', /not an allowed host/],
    // Other domains dressed up as vendor ones.
    ['oracle-pod', 'https://evil-oraclecloud.com', /not an allowed host/],
    ['procurify', 'https://acme.procurify.com@evil.example', /must not carry credentials/],
    ['procurify', 'https://evil.example#.procurify.com', /not an allowed host/],
    ['procurify', 'https://evil.example\\.procurify.com', /not an allowed host/],
    ['procurify', 'https://acme.evil.procurify.com.example', /not an allowed host/],
    ['procurify', 'https://two.levels.procurify.com', /not an allowed host/],
    // A token URL must be an identity domain, not the pod.
    ['oracle-token', 'https://acme-test.fa.us2.oraclecloud.com/oauth2/v1/token', /idcs-\{id\}/],
  ] as const)('refuses %s URL %s', (kind, url, message) => {
    expect(() => assertSafeUpstreamUrl(kind, url, false)).toThrow(message);
    expect(() => assertSafeUpstreamUrl(kind, url, false)).toThrow(UnsafeUpstreamUrlError);
  });

  it('allows plain http and loopback hosts only with the development flag', () => {
    expect(assertSafeUpstreamUrl('oracle-pod', 'http://127.0.0.1:4020', true).host).toBe('127.0.0.1:4020');
    expect(() => assertSafeUpstreamUrl('oracle-pod', 'file:///etc/passwd', true)).toThrow(/http or https/);
    // The flag relaxes the host and scheme rules, not the ban on credentials in the URL.
    expect(() => assertSafeUpstreamUrl('procurify', 'http://user:pw@127.0.0.1:4010', true)).toThrow(
      /must not carry credentials/,
    );
  });
});
