import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allocateRounded,
  currencyCode,
  currencyDecimals,
  Money,
  parseMoney,
  roundMoney,
  sumMoney,
  toAmountNumber,
} from './money.ts';

describe('currencyDecimals', () => {
  it.each([
    ['USD', 2],
    ['CAD', 2],
    ['EUR', 2],
    ['GBP', 2],
    ['JPY', 0],
    ['KRW', 0],
    ['KWD', 3],
    ['BHD', 3],
    ['jpy', 0],
    [' kwd ', 3],
    ['XYZ', 2],
    ['', 2],
    ['CONSTRUCTOR', 2],
  ])('%j has %i decimals', (currency, decimals) => {
    expect(currencyDecimals(currency)).toBe(decimals);
  });
});

describe('currencyCode', () => {
  it.each([
    ['USD', 'USD'],
    [' cad ', 'CAD'],
    ['US', undefined],
    ['USDT', undefined],
    ['U$D', undefined],
    ['', undefined],
    [null, undefined],
    [undefined, undefined],
  ])('%j → %j', (input, expected) => {
    expect(currencyCode(input)).toBe(expected);
  });
});

describe('roundMoney (ROUND_HALF_UP, ties away from zero)', () => {
  it.each([
    ['12.345', 'USD', '12.35'],
    ['12.344999', 'USD', '12.34'],
    ['-12.345', 'USD', '-12.35'],
    ['12.335', 'USD', '12.34'],
    ['12.325', 'USD', '12.33'],
    ['50.00000000', 'USD', '50.00'],
    ['1250.5', 'CAD', '1250.50'],
    [1250.5, 'CAD', '1250.50'],
    [1.005, 'USD', '1.01'],
    ['1234.5', 'JPY', '1235'],
    ['1234.4', 'KRW', '1234'],
    ['1.2', 'KWD', '1.200'],
    ['1.2345', 'BHD', '1.235'],
    ['-0.001', 'USD', '0.00'],
    ['0', 'USD', '0.00'],
    ['9999999999999.994', 'USD', '9999999999999.99'],
    ['1e3', 'USD', '1000.00'],
  ])('%j %s → %s', (amount, currency, expected) => {
    expect(roundMoney(amount, currency)).toBe(expected);
  });

  it.each(['', 'abc', '1,000.00', '12.3.4', ' ', 'NaN', 'Infinity'])('refuses %j', (amount) => {
    expect(() => roundMoney(amount, 'USD')).toThrow(RangeError);
  });

  it('refuses non-finite numbers', () => {
    expect(() => roundMoney(Number.NaN, 'USD')).toThrow(RangeError);
    expect(() => roundMoney(Number.POSITIVE_INFINITY, 'USD')).toThrow(RangeError);
  });
});

describe('parseMoney', () => {
  it.each([
    ['50.00000000', '50'],
    [' 7.5 ', '7.5'],
    ['.5', '0.5'],
    ['-3', '-3'],
    [1250.5, '1250.5'],
  ])('%j → %s', (input, expected) => {
    expect(parseMoney(input)?.toString()).toBe(expected);
  });

  it.each(['', '-', '1e', 'ten', null, undefined, Number.NaN])('%j → undefined', (input) => {
    expect(parseMoney(input)).toBeUndefined();
  });
});

describe('sumMoney', () => {
  it.each([
    [['0.1', '0.2'], 'USD', '0.30'],
    [[0.1, 0.2], 'USD', '0.30'],
    [['33.33333333', '33.33333333', '33.33333334'], 'USD', '100.00'],
    [['100', '-25.5'], 'CAD', '74.50'],
    [['1000', '2000.5'], 'JPY', '3001'],
    [[], 'USD', '0.00'],
  ])('%j %s → %s', (amounts, currency, expected) => {
    expect(sumMoney(amounts, currency)).toBe(expected);
  });

  it('refuses a non-number among the amounts', () => {
    expect(() => sumMoney(['1.00', 'x'], 'USD')).toThrow(RangeError);
  });

  it('of a random split of a total, in minor units, is the total', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('USD', 'CAD', 'JPY', 'KWD'),
        fc.array(fc.integer({ min: 0, max: 10_000_000 }), { minLength: 1, maxLength: 12 }),
        (currency, minorParts) => {
          const scale = new Money(10).pow(currencyDecimals(currency));
          const parts = minorParts.map((part) => new Money(part).dividedBy(scale).toString());
          const total = new Money(minorParts.reduce((sum, part) => sum + part, 0))
            .dividedBy(scale)
            .toString();
          expect(sumMoney(parts, currency)).toBe(roundMoney(total, currency));
        },
      ),
    );
  });
});

describe('toAmountNumber', () => {
  it('is the rounded amount as a JSON number', () => {
    expect(toAmountNumber(new Money('1250.50'), 'USD')).toBe(1250.5);
    expect(toAmountNumber(new Money('0.125'), 'USD')).toBe(0.13);
    expect(toAmountNumber(new Money('1234.5'), 'JPY')).toBe(1235);
  });
});

describe('allocateRounded (largest remainder)', () => {
  const money = (values: string[]) => values.map((value) => new Money(value));
  const strings = (values: Money[] | undefined) => values?.map((value) => value.toFixed(2));

  it.each([
    [['33.33333333', '33.33333333', '33.33333334'], '100.00', ['33.33', '33.33', '33.34']],
    [['50', '50'], '100', ['50.00', '50.00']],
    [['0.005', '0.005'], '0.01', ['0.01', '0.00']],
    [['66.666', '33.334'], '100.00', ['66.67', '33.33']],
    [['10', '0'], '10', ['10.00', '0.00']],
  ])('%j over %s → %j', (parts, total, expected) => {
    expect(strings(allocateRounded(money(parts), new Money(total), 'USD'))).toEqual(expected);
  });

  it('refuses a split that does not describe the total', () => {
    expect(allocateRounded(money(['50', '49.98']), new Money('100'), 'USD')).toBeUndefined();
  });

  it('refuses a negative part', () => {
    expect(allocateRounded(money(['150', '-50']), new Money('100'), 'USD')).toBeUndefined();
  });

  it('adds up exactly to the total for any split with many decimals', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('USD', 'JPY', 'KWD'),
        fc.integer({ min: 1, max: 1_000_000_000 }),
        fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 10 }),
        (currency, totalMinor, weights) => {
          const decimals = currencyDecimals(currency);
          const total = new Money(totalMinor).dividedBy(new Money(10).pow(decimals));
          const weightSum = weights.reduce((sum, weight) => sum + weight, 0);
          // Parts with 8 decimals (as Procurify sends them), the last one taking the remainder.
          const parts = weights
            .slice(0, -1)
            .map((weight) => total.times(weight).dividedBy(weightSum).toDecimalPlaces(8));
          parts.push(total.minus(parts.reduce((sum, part) => sum.plus(part), new Money(0))));
          const allocated = allocateRounded(parts, total, currency);
          expect(allocated).toBeDefined();
          const sum = (allocated ?? []).reduce((acc, part) => acc.plus(part), new Money(0));
          expect(sum.equals(total)).toBe(true);
          for (const [index, part] of (allocated ?? []).entries()) {
            expect(part.decimalPlaces()).toBeLessThanOrEqual(decimals);
            expect(
              part
                .minus(parts[index] ?? 0)
                .abs()
                .lessThan(new Money(10).pow(-decimals)),
            ).toBe(true);
          }
        },
      ),
    );
  });
});
