/**
 * Procurify's free-text units (lower-cased, trimmed) → Oracle units of measure. The connection's
 * `options.unitMap` is merged over these; anything else blocks the PO with a `unit` mapping.
 */
export const defaultUnitMap: Readonly<Record<string, string>> = {
  each: 'Each',
  ea: 'Each',
  box: 'Box',
  case: 'Case',
  pack: 'Pack',
  pk: 'Pack',
  kit: 'Kit',
  pair: 'Pair',
  pr: 'Pair',
  hr: 'Hour',
  hour: 'Hour',
  hours: 'Hour',
  kg: 'Kilogram',
  lb: 'Pound',
  lbs: 'Pound',
};

export const unitKey = (unit: string | null | undefined): string => (unit ?? '').trim().toLowerCase();

/** The Oracle UOM for a Procurify unit, or undefined when neither map knows it. */
export function oracleUnit(
  unit: string | null | undefined,
  unitMap: Readonly<Record<string, string>> = {},
): string | undefined {
  const key = unitKey(unit);
  if (key === '') return undefined;
  for (const [from, to] of Object.entries(unitMap)) {
    if (unitKey(from) === key && to.trim() !== '') return to.trim();
  }
  return Object.hasOwn(defaultUnitMap, key) ? defaultUnitMap[key] : undefined;
}
