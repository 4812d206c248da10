import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildJobId } from './job-id.ts';
import { jobIds } from './queues.ts';

const key = {
  connectionId: 'acme-mfg',
  entity: 'bill',
  sourceId: '847aae0d-dda0-43e3-be0b-8a0203e4920b',
  contentHash: 'f00dbabe12345678deadbeef',
};

describe('job ids', () => {
  it('are stable for the same record version', () => {
    expect(jobIds.map(key)).toBe('map.acme-mfg.bill.847aae0d-dda0-43e3-be0b-8a0203e4920b.f00dbabe12345678');
    expect(jobIds.map({ ...key })).toBe(jobIds.map(key));
    expect(jobIds.oracleWrite(key)).toBe(
      'ow.acme-mfg.bill.847aae0d-dda0-43e3-be0b-8a0203e4920b.f00dbabe12345678',
    );
  });

  it('change with the content hash and with each replay', () => {
    const ids = new Set([
      jobIds.map(key),
      jobIds.map({ ...key, contentHash: '0123456789abcdef0000' }),
      jobIds.map({ ...key, replays: 1 }),
      jobIds.map({ ...key, replays: 2 }),
    ]);
    expect(ids.size).toBe(4);
  });

  it('never contain ":" and never collide, whatever the parts', () => {
    const part = fc.oneof(
      fc.string(),
      fc.string({ unit: 'grapheme' }),
      fc.constantFrom(':', '.', '~3a', 'a.b', 'a:b'),
    );
    fc.assert(
      fc.property(
        fc.array(part, { minLength: 1, maxLength: 4 }),
        fc.array(part, { minLength: 1, maxLength: 4 }),
        (a, b) => {
          const idA = buildJobId('k', ...a);
          const idB = buildJobId('k', ...b);
          expect(idA).not.toContain(':');
          expect(idA === idB).toBe(JSON.stringify(a) === JSON.stringify(b));
        },
      ),
    );
  });
});
