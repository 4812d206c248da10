import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';

const secret = 'PLANTED-SECRET-7f3a9c';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      callback();
    },
  });
  return { lines, logger: createLogger({ name: 'test', level: 'trace', destination }) };
}

describe('logger redaction', () => {
  it.each([
    ['authorization header', { headers: { authorization: `Bearer ${secret}` } }],
    ['nested request headers', { request: { headers: { Authorization: `Bearer ${secret}` } } }],
    ['client secret', { connection: { oracle: { clientSecret: secret } } }],
    ['OAuth token response', { body: { access_token: secret, token_type: 'Bearer' } }],
    ['access token', { accessToken: secret }],
    ['private key', { auth: { privateKey: `-----BEGIN PRIVATE KEY-----${secret}` } }],
    ['master key', { MLC_MASTER_KEY: secret }],
    ['internal token', { env: { INTERNAL_TOKEN: secret } }],
    ['password', { oracle: { auth: { password: secret } } }],
  ])('removes a planted secret from %s', (_label, fields) => {
    const { lines, logger } = capture();
    logger.info(fields, 'something happened');
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain(secret);
    expect(lines[0]).toContain('[redacted]');
  });

  it('keeps only safe fields of errors that carry request options', () => {
    const { lines, logger } = capture();
    const error = Object.assign(new Error('Response code 500 (Internal Server Error)'), {
      code: 'ERR_NON_2XX_3XX_RESPONSE',
      options: { headers: { authorization: `Bearer ${secret}` } },
      response: { body: secret },
    });
    logger.error({ err: error }, 'request failed');
    expect(lines[0]).not.toContain(secret);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      err: {
        type: 'Error',
        message: 'Response code 500 (Internal Server Error)',
        code: 'ERR_NON_2XX_3XX_RESPONSE',
      },
    });
  });

  it('scrubs bearer credentials from free text', () => {
    const { lines, logger } = capture();
    logger.warn({ err: new Error(`upstream echoed Authorization: Bearer ${secret}`) }, 'odd');
    expect(lines[0]).not.toContain(secret);
  });

  it('child loggers keep redaction and add their bindings', () => {
    const { lines, logger } = capture();
    logger.child({ module: 'oracle-client' }).info({ clientSecret: secret, status: 201 }, 'created');
    const line = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({
      app: 'test',
      module: 'oracle-client',
      status: 201,
      clientSecret: '[redacted]',
    });
  });
});
