import { describe, expect, it } from 'vitest';
import { describeUpstreamBody, parseBody } from './response-body.ts';

function describe_(contentType: string, text: string, status = 400) {
  return describeUpstreamBody({
    status,
    text,
    body: parseBody(contentType, text).value,
    headers: { 'content-type': contentType },
  });
}

describe('describeUpstreamBody', () => {
  it('keeps Oracle’s plain-text validation message', () => {
    expect(describe_('text/plain', 'The value of the attribute Supplier is not valid.\n')).toBe(
      'The value of the attribute Supplier is not valid.',
    );
  });

  it('reads Oracle’s JSON error details and Procurify’s DRF bodies', () => {
    expect(
      describe_(
        'application/json',
        JSON.stringify({ title: 'Bad Request', 'o:errorDetails': [{ detail: 'Invalid supplier site.' }] }),
      ),
    ).toBe('Invalid supplier site.');
    expect(describe_('application/json', JSON.stringify({ detail: 'Not found.' }), 404)).toBe('Not found.');
    expect(
      describe_(
        'application/json',
        JSON.stringify({
          name: ['Ensure this field has no more than 150 characters.'],
          email: ['Enter a valid email address.'],
        }),
      ),
    ).toBe('name: Ensure this field has no more than 150 characters.; email: Enter a valid email address.');
    expect(
      describe_(
        'application/json',
        JSON.stringify({ error: 'invalid_client', error_description: 'Bad credentials' }),
        401,
      ),
    ).toBe('Bad credentials');
  });

  it('summarises an HTML error page', () => {
    expect(
      describe_(
        'text/html',
        '<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>',
        502,
      ),
    ).toBe('HTML error page: 502 Bad Gateway – Bad Gateway');
  });

  it('flags truncated JSON instead of throwing', () => {
    expect(parseBody('application/json', '{"items": [{"InvoiceId": 1')).toEqual({
      value: '{"items": [{"InvoiceId": 1',
      malformedJson: true,
    });
  });

  it('says so when the body is empty', () => {
    expect(describe_('', '', 503)).toBe('HTTP 503 with an empty body');
  });
});
