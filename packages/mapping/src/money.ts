import { Decimal } from 'decimal.js';

/**
 * Money is decimal.js, never floats. Rounding is ROUND_HALF_UP (ties away from zero: 12.345 →
 * 12.35, -12.345 → -12.35), the "commercial" rounding Oracle Payables applies with its default
 * "Nearest" rounding rule and what a person checking a bill by hand expects. Banker's rounding
 * would make our figures disagree with both systems' displayed totals on every tie.
 */
export const Money = Decimal.clone({ precision: 50, rounding: Decimal.ROUND_HALF_UP });
export type Money = Decimal;

/** ISO 4217 minor units that are not 2. Everything else (USD, CAD, EUR, GBP…) has 2. */
const minorUnits: Readonly<Record<string, number>> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  CLF: 4,
  UYW: 4,
};

/** Oracle and Procurify both cap amounts below 10^13 (the spec's `exclusiveMaximum`). */
export const maxAbsoluteAmount = new Money('1e13');

export function currencyDecimals(currency: string): number {
  const code = currency.trim().toUpperCase();
  return Object.hasOwn(minorUnits, code) ? (minorUnits[code] ?? 2) : 2;
}

/** A currency code as Oracle wants it, or undefined when it is not three letters. */
export function currencyCode(value: string | null | undefined): string | undefined {
  const code = (value ?? '').trim().toUpperCase();
  return /^[A-Z]{3}$/.test(code) ? code : undefined;
}

/**
 * Parses a Procurify decimal ("50.00000000", "1250", 1250.5). Undefined for anything that is not
 * a finite number: empty strings (the spec's decimal pattern allows them), "abc", NaN, Infinity.
 */
export function parseMoney(value: string | number | null | undefined): Money | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? new Money(value) : undefined;
  const text = value.trim();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text)) return undefined;
  return new Money(text);
}

function parseOrThrow(value: string | number): Money {
  const parsed = parseMoney(value);
  if (parsed === undefined) throw new RangeError(`not a decimal amount: ${JSON.stringify(value)}`);
  return parsed;
}

/** Rounds to the currency's minor units, ROUND_HALF_UP; never "-0.00". */
export function roundMoneyDecimal(amount: Money, currency: string): Money {
  const rounded = amount.toDecimalPlaces(currencyDecimals(currency), Money.ROUND_HALF_UP);
  return rounded.isZero() ? new Money(0) : rounded;
}

/** "12.345" USD → "12.35"; 1234.5 JPY → "1235"; 1.2 KWD → "1.200". Throws on a non-number. */
export function roundMoney(amount: string | number, currency: string): string {
  return formatMoney(parseOrThrow(amount), currency);
}

/** The exact sum, rounded once to the currency's minor units. Throws on a non-number. */
export function sumMoney(amounts: readonly (string | number)[], currency: string): string {
  const total = amounts.reduce<Money>((sum, amount) => sum.plus(parseOrThrow(amount)), new Money(0));
  return formatMoney(total, currency);
}

export function formatMoney(amount: Money, currency: string): string {
  return roundMoneyDecimal(amount, currency).toFixed(currencyDecimals(currency));
}

/** A rounded amount as the JSON number Oracle takes ("1250.50" → 1250.5). */
export function toAmountNumber(amount: Money, currency: string): number {
  return roundMoneyDecimal(amount, currency).toNumber();
}

/**
 * Rounds `parts` to the currency's minor units so that they add up to exactly `total` (largest
 * remainder method): each part is rounded towards zero, and the minor units still missing go, one
 * each, to the parts that lost the most (ties to the earlier part). Used when a bill line is
 * split across allocations such as 33.33333333 × 3 = 100.00. Returns undefined when the exact sum
 * of the parts does not round to `total` (then the split does not describe the line) or when a
 * part is negative.
 */
export function allocateRounded(
  parts: readonly Money[],
  total: Money,
  currency: string,
): Money[] | undefined {
  const decimals = currencyDecimals(currency);
  const target = roundMoneyDecimal(total, currency);
  if (parts.some((part) => part.isNegative())) return undefined;
  const exact = parts.reduce<Money>((sum, part) => sum.plus(part), new Money(0));
  if (!roundMoneyDecimal(exact, currency).equals(target)) return undefined;

  const unit = new Money(1).dividedBy(new Money(10).pow(decimals));
  const rounded = parts.map((part) => part.toDecimalPlaces(decimals, Money.ROUND_DOWN));
  let missing = target
    .minus(rounded.reduce<Money>((sum, part) => sum.plus(part), new Money(0)))
    .dividedBy(unit)
    .toNumber();
  const byRemainder = parts
    .map((part, index) => ({ index, remainder: part.minus(rounded[index] ?? 0) }))
    .sort((a, b) => b.remainder.comparedTo(a.remainder) || a.index - b.index);
  // Each part lost less than one unit, so `missing` is at most parts.length; a negative
  // `missing` cannot happen because rounding down never overshoots a positive target.
  for (const { index } of byRemainder) {
    if (missing <= 0) break;
    rounded[index] = (rounded[index] ?? new Money(0)).plus(unit);
    missing -= 1;
  }
  return missing === 0 ? rounded : undefined;
}
