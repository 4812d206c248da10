import { formatCents, parseCents } from '../scenario/generate.ts';
import type { ScenarioAllocation } from '../scenario/types.ts';

/** quantity × unit price, in cents (quantities may be fractional: "2.5" hours). */
export function lineTotalCents(quantity: string, price: string): number {
  return Math.round(Number(quantity) * parseCents(price));
}

/** Splits `totalCents` over allocations in their current proportions (the last takes the rest). */
export function reallocate(
  allocations: readonly ScenarioAllocation[],
  totalCents: number,
): ScenarioAllocation[] {
  const before = allocations.reduce((sum, allocation) => sum + parseCents(allocation.amount), 0);
  let left = totalCents;
  return allocations.map((allocation, index) => {
    const share =
      index === allocations.length - 1
        ? left
        : Math.round(before === 0 ? 0 : (totalCents * parseCents(allocation.amount)) / before);
    left -= share;
    return { ...allocation, amount: formatCents(share) };
  });
}
