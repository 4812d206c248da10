import { describe, expect, it } from 'vitest';
import { describeChanges, diffPayloads } from './payload-diff.ts';

const po = {
  Description: '[PRC-PO-12] Toner',
  lines: [
    { LineNumber: 1, Quantity: 4, Price: 50 },
    { LineNumber: 2, Quantity: 1, Price: 10 },
  ],
};

describe('diffPayloads', () => {
  it('finds nothing between equal payloads', () => {
    expect(diffPayloads(po, structuredClone(po))).toEqual([]);
  });

  it('names changed leaves by path, lines 1-based', () => {
    const after = structuredClone(po);
    after.lines[1]!.Quantity = 3;
    after.Description = '[PRC-PO-12] Toner, urgent';
    expect(diffPayloads(po, after)).toEqual([
      { path: 'Description', before: '[PRC-PO-12] Toner', after: '[PRC-PO-12] Toner, urgent' },
      { path: 'lines[2].Quantity', before: 1, after: 3 },
    ]);
  });

  it('reports added and removed lines as whole items', () => {
    const after = {
      ...po,
      lines: [po.lines[0], { LineNumber: 2, Quantity: 1, Price: 10 }, { LineNumber: 3 }],
    };
    const added = diffPayloads(po, after);
    expect(added).toEqual([{ path: 'lines[3]', before: undefined, after: { LineNumber: 3 } }]);
    expect(describeChanges(added)).toBe('lines[3] added');
    const removed = diffPayloads(po, { ...po, lines: [po.lines[0]] });
    expect(describeChanges(removed)).toBe('lines[2] removed');
  });

  it('describes a few changes and counts the rest', () => {
    const after = { ...po, lines: po.lines.map((line) => ({ ...line, Price: line.Price + 1 })) };
    expect(describeChanges(diffPayloads(po, after), 1)).toBe('lines[1].Price 50 → 51; and 1 more');
  });
});
