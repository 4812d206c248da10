/** Oracle renders timestamps with milliseconds and an explicit offset: 2024-01-15T10:22:33.123+00:00. */
export function oracleTimestamp(date: Date | string): string {
  return new Date(date).toISOString().replace('Z', '+00:00');
}

/** A date attribute (InvoiceDate, PaymentDate, DueDate): YYYY-MM-DD. */
export function oracleDate(date: Date | string): string {
  return new Date(date).toISOString().slice(0, 10);
}

export function toCents(amount: number): number {
  return Math.round(amount * 100);
}

export function fromCents(cents: number): number {
  return Math.round(cents) / 100;
}

/** "1234.5" for messages, as Oracle prints amounts with two decimals. */
export function formatAmount(cents: number): string {
  return (cents / 100).toFixed(2);
}

const dayMs = 86_400_000;

export function addDays(date: string, days: number): string {
  return oracleDate(new Date(Date.parse(`${date.slice(0, 10)}T00:00:00Z`) + days * dayMs));
}

/** Days of a payment term such as "Net 30" (0 for "Immediate" and anything without a number). */
export function termDays(paymentTerms: string | null): number {
  return Number(/(\d+)\s*$/.exec(paymentTerms ?? '')?.[1] ?? 0);
}
