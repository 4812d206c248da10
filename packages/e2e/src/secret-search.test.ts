import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { base64Cores, base64KeySecret, findLeaks, plantSecret, textSecret } from './secret-search.ts';

// The positive control of the security suite: every shape a planted secret can leak in is found,
// wherever it sits in the text, and a report of a leak never repeats the secret.

const value = plantSecret('clientsecret');
const secret = textSecret('client secret', value);
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

describe('findLeaks', () => {
  it.each([
    ['a JSON log line', JSON.stringify({ level: 30, msg: 'token request', body: { client_secret: value } })],
    ['a URL query', `/oauth/token?client_secret=${value}&grant_type=client_credentials`],
    ['a form body', new URLSearchParams({ client_secret: value }).toString()],
    ['a Basic header, user of 1 byte', `authorization: Basic ${b64(`a:${value}`)}`],
    ['a Basic header, user of 2 bytes', `authorization: Basic ${b64(`ab:${value}`)}`],
    ['a Basic header, user of 3 bytes', `authorization: Basic ${b64(`abc:${value}`)}`],
    [
      'base64url in a JWT segment',
      `eyJhbGciOiJub25lIn0.${Buffer.from(`{"s":"${value}"}`).toString('base64url')}.`,
    ],
    ['a bytea column as Postgres prints it', `{"iv":"\\\\x00ff${Buffer.from(value).toString('hex')}00"}`],
    ['upper-case hex', `0x${Buffer.from(value).toString('hex').toUpperCase()}`],
    ['a BullMQ job hash, JSON inside JSON', JSON.stringify({ data: JSON.stringify({ secret: value }) })],
  ])('finds a secret in %s', (_where, text) => {
    const leaks = findLeaks('sample', [text], [secret]);
    expect(leaks).toHaveLength(1);
    expect(leaks[0]).toMatch(/^sample: client secret in …/);
    // The report names the secret and never shows it, in any form.
    for (const form of secret.forms) expect(leaks[0]).not.toContain(form);
  });

  it('finds a base64 master key as text, URL-encoded, and as raw bytes in hex or base64 at any offset', () => {
    const key = randomBytes(32);
    const masterKey = base64KeySecret('MLC_MASTER_KEY', key.toString('base64'));
    const texts = [
      `MLC_MASTER_KEY=${key.toString('base64')}`,
      `?key=${encodeURIComponent(key.toString('base64'))}`,
      `key bytes ${key.toString('hex')}`,
      ...[0, 1, 2].map((shift) =>
        Buffer.concat([randomBytes(shift), key, randomBytes(5)]).toString('base64'),
      ),
    ];
    for (const text of texts) expect(findLeaks('sample', [text], [masterKey])).toHaveLength(1);
  });

  it('finds nothing where the secret is not, and tells secrets apart', () => {
    const other = textSecret('other secret', plantSecret('clientsecret'));
    const texts = [
      JSON.stringify({ msg: 'token issued', fingerprint: 'a1b2c3', connectionId: 'cascade-fab' }),
      `authorization: Basic ${b64(`operator:${plantSecret('clientsecret')}`)}`,
      // A near miss: the secret with its last character changed.
      `${value.slice(0, -1)}${value.endsWith('0') ? '1' : '0'}`,
    ];
    expect(findLeaks('sample', texts, [secret])).toEqual([]);
    expect(findLeaks('sample', [`x ${value} y`], [secret, other])).toEqual([
      'sample: client secret in …x <client secret> y…',
    ]);
  });

  it('cuts the base64 forms to the characters that depend only on the secret', () => {
    const bytes = Buffer.from('0123456789', 'utf8');
    for (const [shift, core] of base64Cores(bytes, 'base64').entries()) {
      for (let prefix = 0; prefix < 256; prefix += 51) {
        const around = Buffer.concat([Buffer.alloc(shift, prefix), bytes, Buffer.from([prefix])]);
        expect(around.toString('base64')).toContain(core);
      }
      expect(core.length).toBeGreaterThanOrEqual(11);
    }
  });
});
