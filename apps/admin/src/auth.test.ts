import { ConnectionNotFoundError } from '@mlc/connections';
import { PermanentError, TransientError } from '@mlc/errors';
import { ConflictError, InvalidRequestError } from '@mlc/operations';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { presentedToken, TokenChecker } from './auth.ts';
import { readOnlyRedirect } from './bull-board.ts';
import { toHttpError } from './http-error.ts';

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('presentedToken', () => {
  it.each([
    ['Bearer abc.def', 'abc.def'],
    ['bearer   abc', 'abc'],
    [basic('operator', 'tok:en'), 'tok:en'],
    [basic('', 'token'), 'token'],
  ])('reads %s', (header, token) => expect(presentedToken(header)).toBe(token));

  it.each([undefined, '', 'Bearer', 'Digest abc', `Basic ${Buffer.from('no-colon').toString('base64')}`])(
    'finds no token in %s',
    (header) => expect(presentedToken(header)).toBeUndefined(),
  );
});

describe('TokenChecker', () => {
  const checker = new TokenChecker({
    adminToken: 'admin-token-0123456789',
    viewerToken: 'viewer-token-0123456789',
  });

  it('tells the admin from the viewer and refuses anything else', () => {
    expect(checker.roleOf('admin-token-0123456789')).toBe('admin');
    expect(checker.roleOf('viewer-token-0123456789')).toBe('viewer');
    expect(checker.roleOf('admin-token-012345678')).toBeUndefined();
    expect(checker.roleOf('')).toBeUndefined();
    expect(checker.roleOf(undefined)).toBeUndefined();
  });

  it('has no viewer when none is configured, and refuses a viewer token equal to the admin one', () => {
    expect(
      new TokenChecker({ adminToken: 'admin-token-0123456789' }).roleOf('viewer-token-0123456789'),
    ).toBeUndefined();
    expect(
      () => new TokenChecker({ adminToken: 'same-token-0123456789', viewerToken: 'same-token-0123456789' }),
    ).toThrow(/must differ/);
  });
});

describe('readOnlyRedirect', () => {
  it.each([
    ['/admin/queues', '/admin/queues/read-only'],
    ['/admin/queues/', '/admin/queues/read-only'],
    ['/admin/queues/queue/poll?status=failed', '/admin/queues/read-only/queue/poll?status=failed'],
  ])('sends a viewer from %s to %s', (url, target) => expect(readOnlyRedirect(url)).toBe(target));

  it.each([
    '/admin/queues/api/queues',
    '/admin/queues/static/css/main.css',
    '/admin/queues/read-only/queue/poll',
    '/api/connections',
  ])('leaves %s alone', (url) => expect(readOnlyRedirect(url)).toBeUndefined());
});

describe('toHttpError', () => {
  it.each<[Error, number, string]>([
    [new ConnectionNotFoundError('acme'), 404, 'CONNECTION_NOT_FOUND'],
    [new InvalidRequestError('bad'), 400, 'INVALID_REQUEST'],
    [new ConflictError('paused', { code: 'CONNECTION_PAUSED' }), 409, 'CONNECTION_PAUSED'],
    [new PermanentError('file', { code: 'INVALID_CONNECTION_FILE' }), 400, 'INVALID_CONNECTION_FILE'],
    [new TransientError('down', { code: 'TOKEN_SERVICE_UNREACHABLE' }), 502, 'TOKEN_SERVICE_UNAVAILABLE'],
    [new PermanentError('no', { code: 'UNAUTHORIZED' }), 502, 'TOKEN_SERVICE_REFUSED'],
    [
      new PermanentError('Oracle said no', { code: 'ORACLE_BAD_REQUEST', system: 'oracle' }),
      502,
      'ORACLE_BAD_REQUEST',
    ],
    [
      Object.assign(new Error('Body cannot be empty'), {
        statusCode: 400,
        code: 'FST_ERR_CTP_EMPTY_JSON_BODY',
      }),
      400,
      'INVALID_BODY',
    ],
  ])('%s → %i %s', (error, status, code) => {
    expect(toHttpError(error)).toMatchObject({ statusCode: status, code });
  });

  it('keeps zod problems as details and leaves unknown errors to the 500 handler', () => {
    const zodError = z.object({ a: z.string() }).safeParse({}).error!;
    expect(toHttpError(zodError)).toMatchObject({ statusCode: 400, details: [{ path: 'a' }] });
    expect(toHttpError(new Error('boom'))).toBeUndefined();
  });

  it('scrubs credentials an upstream message might echo', () => {
    const error = new TransientError('failed with Authorization: Bearer abcdefghijkl', {
      code: 'X',
      system: 'oracle',
    });
    expect(toHttpError(error)?.message).not.toContain('abcdefghijkl');
  });
});
