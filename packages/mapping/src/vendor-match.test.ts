import { describe, expect, it } from 'vitest';
import { acmeSupplier, caBU, site, supplier, usBU } from './fixtures/oracle.fixtures.ts';
import {
  chooseSupplierSite,
  matchVendor,
  SupplierIndex,
  type SupplierCandidate,
  type VendorRef,
} from './vendor-match.ts';

const acme = acmeSupplier();
const zenith = supplier('2001', 'Zenith Paper Company');
const zenithCa = supplier('2002', 'ZENITH PAPER LTD');
const acmeOld = supplier('0999', 'Acme Supply', { active: false });
const northwind = supplier('3001', 'Northwind Traders');
const northwindDup = supplier('3002', 'Northwind Traders');
const apex = supplier('4001', 'Apex Supply Co');

const index = new SupplierIndex([acme, zenith, zenithCa, acmeOld, northwind, northwindDup, apex]);

const vendor = (name: string, externalId: string | null = null): VendorRef => ({
  id: '57',
  name,
  externalId,
});
const linkedTo = (match: ReturnType<typeof matchVendor>) =>
  match.kind === 'linked'
    ? { number: match.supplier.supplierNumber, by: match.matchedBy, site: match.preferredSite }
    : match;

describe('SupplierIndex', () => {
  it('finds suppliers by number and id, ignoring surrounding spaces', () => {
    expect(index.byNumber(' 1253 ')).toBe(acme);
    expect(index.byId('300000047507499')).toBe(acme);
    expect(index.byNumber('nope')).toBeUndefined();
    expect(index.size).toBe(7);
  });

  it('finds exact names ignoring case and spacing, active or not', () => {
    expect(index.exact('  acme   SUPPLY ')).toEqual([acmeOld]);
    expect(index.exact('Northwind Traders')).toEqual([northwind, northwindDup]);
    expect(index.exact('Acme Supply LLC')).toEqual([]);
  });

  it('finds normalized names', () => {
    expect(index.normalized('ACME SUPPLY LLC').map((s) => s.supplierNumber)).toEqual(['1253', '0999']);
    expect(index.normalized('Zenith Paper')).toEqual([zenith, zenithCa]);
    expect(index.normalized('...')).toEqual([]);
  });

  it('suggests at most three active suppliers, best first, scores rounded to 3 decimals', () => {
    const suggestions = index.suggest('Acme Suply');
    expect(suggestions.length).toBeLessThanOrEqual(3);
    expect(suggestions[0]?.supplierNumber).toBe('1253');
    expect(suggestions.map((s) => s.supplierNumber)).not.toContain('0999');
    const scores = suggestions.map((suggestion) => suggestion.score);
    expect(scores).toEqual(scores.toSorted((a, b) => b - a));
    for (const score of scores) {
      expect(score).toBe(Math.round(score * 1000) / 1000);
      expect(score).toBeGreaterThan(0);
      expect(score).toBeLessThanOrEqual(1);
    }
  });

  it('leaves out names that are nothing alike and honours the limit', () => {
    expect(index.suggest('Quantum Dynamics')).toEqual([]);
    expect(index.suggest('Supply', 1)).toHaveLength(1);
    expect(index.suggest('Supply', 0)).toEqual([]);
  });

  it('breaks score ties by name, then supplier number', () => {
    const tied = new SupplierIndex([
      supplier('2', 'Beta Tools'),
      supplier('1', 'Beta Tools'),
      supplier('3', 'Alpha Tools'),
    ]);
    expect(tied.suggest('Beta Tools').map((s) => s.supplierNumber)).toEqual(['1', '2', '3']);
  });
});

describe('matchVendor', () => {
  const link = (
    supplierNumber: string,
    supplierId: string | null = null,
    siteCode: string | null = null,
  ) => ({
    supplierId,
    supplierNumber,
    siteCode,
  });

  it.each([
    [
      'an explicit link (by id) beats everything',
      vendor('Acme Supply', '1253'),
      link('zzz', zenith.supplierId, 'ZEN-1'),
      { number: '2001', by: 'explicit', site: 'ZEN-1' },
    ],
    [
      'an explicit link (by number) beats the external id',
      vendor('Acme Supply', '1253'),
      link('2001'),
      { number: '2001', by: 'explicit', site: null },
    ],
    [
      'an explicit link wins even to an inactive supplier',
      vendor('Zenith Paper'),
      link('0999'),
      { number: '0999', by: 'explicit', site: null },
    ],
    [
      'the external id (a supplier number) beats the name',
      vendor('Zenith Paper Company', '1253'),
      undefined,
      { number: '1253', by: 'external_id', site: null },
    ],
    [
      'the external id may hold the supplier id',
      vendor('Whatever', '300000047507499'),
      undefined,
      { number: '1253', by: 'external_id', site: null },
    ],
    [
      'an exact name beats a normalized one',
      vendor('zenith paper company'),
      undefined,
      { number: '2001', by: 'exact_name', site: null },
    ],
    [
      'a normalized name matches when no exact one does',
      vendor('Acme Supply, LLC'),
      undefined,
      { number: '1253', by: 'normalized_name', site: null },
    ],
    [
      'an unknown external id falls through to the name',
      vendor('Apex Supply Co', 'ORA-404'),
      undefined,
      { number: '4001', by: 'exact_name', site: null },
    ],
    [
      'an external id of an inactive supplier falls through to the name',
      vendor('Acme Supply Inc', '0999'),
      undefined,
      { number: '1253', by: 'normalized_name', site: null },
    ],
  ])('%s', (_rule, ref, explicit, expected) => {
    expect(linkedTo(matchVendor(ref, explicit, index))).toEqual(expected);
  });

  it('never matches an inactive supplier by name: the exact inactive one is skipped for the normalized active one', () => {
    // "Acme Supply" is exactly the inactive 0999; the normalized rule then finds only active 1253.
    expect(linkedTo(matchVendor(vendor('Acme Supply'), undefined, index))).toEqual({
      number: '1253',
      by: 'normalized_name',
      site: null,
    });
  });

  it('leaves a vendor unmatched when its only namesake is inactive', () => {
    const onlyInactive = new SupplierIndex([supplier('0999', 'Acme Supply', { active: false })]);
    const match = matchVendor(vendor('Acme Supply'), undefined, onlyInactive);
    expect(match).toEqual({ kind: 'unmatched', suggestions: [] });
  });

  it('treats several exact namesakes as ambiguous and suggests them', () => {
    const match = matchVendor(vendor('Northwind Traders'), undefined, index);
    expect(match).toEqual({
      kind: 'unmatched',
      suggestions: [
        { supplierId: northwind.supplierId, supplierNumber: '3001', name: 'Northwind Traders', score: 1 },
        { supplierId: northwindDup.supplierId, supplierNumber: '3002', name: 'Northwind Traders', score: 1 },
      ],
    });
  });

  it('suggests only the namesakes when ambiguous, not other similar names', () => {
    const similar = new SupplierIndex([northwind, northwindDup, supplier('3003', 'Northwind Trading')]);
    const match = matchVendor(vendor('Northwind Traders'), undefined, similar);
    expect(similar.suggest('Northwind Traders').map((s) => s.supplierNumber)).toEqual([
      '3001',
      '3002',
      '3003',
    ]);
    expect(match.kind === 'unmatched' && match.suggestions.map((s) => s.supplierNumber)).toEqual([
      '3001',
      '3002',
    ]);
  });

  it('treats several normalized namesakes as ambiguous', () => {
    const match = matchVendor(vendor('Zenith Paper Inc.'), undefined, index);
    expect(match.kind).toBe('unmatched');
    expect(match.kind === 'unmatched' && match.suggestions.map((s) => s.supplierNumber)).toEqual([
      '2002',
      '2001',
    ]);
  });

  it('caps ambiguous suggestions at three', () => {
    const many = new SupplierIndex(['1', '2', '3', '4', '5'].map((n) => supplier(n, 'Same Name')));
    const match = matchVendor(vendor('Same Name'), undefined, many);
    expect(match.kind === 'unmatched' && match.suggestions.map((s) => s.supplierNumber)).toEqual([
      '1',
      '2',
      '3',
    ]);
  });

  it('returns ranked suggestions when nothing matches', () => {
    const match = matchVendor(vendor('Acme Suppliers'), undefined, index);
    expect(match.kind).toBe('unmatched');
    if (match.kind !== 'unmatched') return;
    expect(match.suggestions.length).toBeGreaterThan(0);
    expect(match.suggestions.length).toBeLessThanOrEqual(3);
    expect(match.suggestions[0]?.supplierNumber).toBe('1253');
  });

  it('does not guess around a link to a supplier the index does not know', () => {
    const match = matchVendor(vendor('Acme Supply', '1253'), link('9999'), index);
    expect(match.kind).toBe('unmatched');
    expect(match.kind === 'unmatched' && match.suggestions[0]?.supplierNumber).toBe('1253');
  });

  it('ignores a blank external id', () => {
    expect(linkedTo(matchVendor(vendor('Apex Supply Co', '   '), undefined, index))).toMatchObject({
      by: 'exact_name',
    });
  });
});

describe('chooseSupplierSite', () => {
  const many: SupplierCandidate = supplier('5001', 'Multi Site', {
    sites: [
      site('B-US'),
      site('A-US'),
      site('ANY', { procurementBU: null }),
      site('PAY-ONLY', { purchasing: false }),
      site('C-CA', { procurementBU: caBU }),
    ],
  });

  it.each([
    ['the purchasing site in the BU', acme, usBU, 'purchasing', null, 'ACME-US'],
    ['the pay site in another BU', acme, caBU, 'pay', null, 'ACME-CA'],
    ['nothing when the only site in the BU cannot purchase', acme, caBU, 'purchasing', null, undefined],
    ['never an inactive site, even preferred', acme, usBU, 'pay', 'ACME-OLD', 'ACME-US'],
    ['the preferred site when eligible', many, usBU, 'purchasing', 'B-US', 'B-US'],
    ['the preferred site by id', many, usBU, 'purchasing', many.sites[1]!.siteId, 'A-US'],
    ['a site without BU when preferred', many, usBU, 'purchasing', 'ANY', 'ANY'],
    ['the lowest code in the BU when several qualify', many, usBU, 'purchasing', null, 'A-US'],
    [
      'the automatic choice when the preferred site has the wrong purpose',
      many,
      usBU,
      'purchasing',
      'PAY-ONLY',
      'A-US',
    ],
    ['the automatic choice when the preferred site is in another BU', many, usBU, 'pay', 'C-CA', 'A-US'],
    ['a BU-less site when none is in the BU', many, 'EU1 Business Unit', 'pay', null, 'ANY'],
    [
      'BU names compared ignoring case and spacing',
      acme,
      ' us1  business unit',
      'purchasing',
      null,
      'ACME-US',
    ],
  ] as const)('%s', (_case, candidate, bu, purpose, preferred, expected) => {
    expect(chooseSupplierSite(candidate, bu, purpose, preferred)?.siteCode).toBe(expected);
  });

  it('finds nothing for a supplier without sites', () => {
    expect(
      chooseSupplierSite(supplier('6001', 'No Sites', { sites: [] }), usBU, 'pay', null),
    ).toBeUndefined();
  });
});
