import { paymentTerms, shippingTerms } from '../scenario/catalog.ts';
import type { TermRecord } from './records.ts';

/** Procurify's currency table for the simulated domain (USD is the base currency). */
export const currencies = [
  { id: 1, name: 'USD', description: 'US Dollar', rate: '1.000000', base: true },
  { id: 2, name: 'CAD', description: 'Canadian Dollar', rate: '1.360000', base: false },
  { id: 3, name: 'EUR', description: 'Euro', rate: '0.920000', base: false },
  { id: 4, name: 'GBP', description: 'Pound Sterling', rate: '0.790000', base: false },
  { id: 5, name: 'MXN', description: 'Mexican Peso', rate: '17.100000', base: false },
] as const;

export type CurrencyRow = (typeof currencies)[number];

const currencyByName = new Map<string, CurrencyRow>(currencies.map((row) => [row.name, row]));
const currencyById = new Map<number, CurrencyRow>(currencies.map((row) => [row.id, row]));

export function currencyNamed(name: string): CurrencyRow {
  const row = currencyByName.get(name);
  if (!row) throw new Error(`Procurify simulator has no currency ${name}`);
  return row;
}

export function currencyWithId(id: number): CurrencyRow | undefined {
  return currencyById.get(id);
}

export const paymentTermRows: TermRecord[] = paymentTerms.map((name, index) => ({
  id: index + 1,
  name,
  description: null,
  active: true,
}));

export const shippingTermRows: TermRecord[] = shippingTerms.map((name, index) => ({
  id: index + 1,
  name,
  description: null,
  active: true,
}));

export function termNamed(rows: TermRecord[], name: string): TermRecord {
  return rows.find((row) => row.name === name) ?? { id: 0, name, description: null, active: true };
}

/** The carrier every simulated PO ships with (`shipping_method`). */
export const defaultShippingMethod: TermRecord = { id: 1, name: 'Ground', description: null, active: true };

/** Auth user id behind a Procurify user profile (`UserSummary.user`). */
export const authUserId = (profileId: number) => 10_000 + profileId;

/** Address ids per location: primary billing and primary shipping. */
export const billingAddressId = (locationId: number) => locationId * 10 + 1;
export const shippingAddressId = (locationId: number) => locationId * 10 + 2;

/** PaymentResponse status → v2 PaymentStatusEnum (bill_payment.payment.status). */
export const paymentStatusCode: Record<string, number> = {
  draft: 0,
  pending_approval: 1,
  approved: 2,
  denied: 3,
  paid: 5,
  processing: 7,
  failed: 8,
  scheduled: 9,
};

export const paymentStatuses = [
  'draft',
  'pending_approval',
  'approved',
  'denied',
  'paid',
  'processing',
  'failed',
  'scheduled',
] as const;
