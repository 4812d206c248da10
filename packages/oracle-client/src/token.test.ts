import { createVerify, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildUserAssertion } from './token.ts';

describe('buildUserAssertion', () => {
  it('signs an RS256 user assertion Oracle can verify with the uploaded certificate', () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwt = buildUserAssertion(
      {
        type: 'jwt_assertion',
        clientId: 'client-1',
        username: 'integration.user',
        privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        certificateThumbprint: 'thumb-x5t',
      },
      1_800_000_000,
    );
    const [header, claims, signature] = jwt.split('.') as [string, string, string];
    expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toEqual({
      alg: 'RS256',
      typ: 'JWT',
      x5t: 'thumb-x5t',
      kid: 'thumb-x5t',
    });
    expect(JSON.parse(Buffer.from(claims, 'base64url').toString())).toMatchObject({
      sub: 'integration.user',
      iss: 'client-1',
      iat: 1_800_000_000,
      exp: 1_800_000_300,
    });
    expect(
      createVerify('RSA-SHA256')
        .update(`${header}.${claims}`)
        .verify(publicKey, Buffer.from(signature, 'base64url')),
    ).toBe(true);
  });
});
