import { badRequest, invalidValue, requiredAttribute } from './request-error.ts';

export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Typed reads of an Oracle request payload. ADF is lenient about JSON types (Oracle's own examples
 * send `"LineNumber": "1"` and `"LineAmount": "100.25"`), so numbers may come as numeric strings
 * and flags as booleans, "true"/"false" or "Y"/"N". Anything else is a 400 naming the attribute.
 */
export class BodyReader {
  readonly body: JsonObject;
  /** "line 2" and the like, for messages about nested rows. */
  readonly where: string | undefined;

  constructor(body: unknown, where?: string) {
    if (!isJsonObject(body))
      throw badRequest(`The request payload${where ? ` for ${where}` : ''} is not valid.`);
    this.body = body;
    this.where = where;
  }

  has(attribute: string): boolean {
    return this.body[attribute] !== undefined && this.body[attribute] !== null;
  }

  string(attribute: string): string | undefined {
    const value = this.body[attribute];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') return value;
    if (typeof value === 'number') return String(value);
    throw invalidValue(attribute, value);
  }

  requiredString(attribute: string): string {
    const value = this.string(attribute);
    if (value === undefined || value.trim() === '') throw requiredAttribute(attribute, this.where);
    return value;
  }

  number(attribute: string): number | undefined {
    const value = this.body[attribute];
    if (value === undefined || value === null) return undefined;
    const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    if (typeof number !== 'number' || !Number.isFinite(number)) throw invalidValue(attribute, value);
    return number;
  }

  requiredNumber(attribute: string): number {
    const value = this.number(attribute);
    if (value === undefined) throw requiredAttribute(attribute, this.where);
    return value;
  }

  positiveNumber(attribute: string): number {
    const value = this.requiredNumber(attribute);
    if (value <= 0) throw invalidValue(attribute, value, 'The value must be greater than zero.');
    return value;
  }

  boolean(attribute: string): boolean | undefined {
    const value = this.body[attribute];
    if (value === undefined || value === null) return undefined;
    if (value === true || value === 'true' || value === 'Y') return true;
    if (value === false || value === 'false' || value === 'N') return false;
    throw invalidValue(attribute, value);
  }

  /** A date attribute (YYYY-MM-DD; a full timestamp is cut to its date). */
  date(attribute: string): string | undefined {
    const value = this.string(attribute);
    if (value === undefined) return undefined;
    if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(Date.parse(value.slice(0, 10))))
      throw invalidValue(attribute, value);
    return value.slice(0, 10);
  }

  /** A nested child collection (`lines`, `invoiceLines`, …) as readers; [] when absent. */
  children(attribute: string, label: (index: number) => string): BodyReader[] {
    const value = this.body[attribute];
    if (value === undefined || value === null) return [];
    // Framework versions ≥ 3 may also nest children as { items: [...] }.
    const items = isJsonObject(value) && Array.isArray(value.items) ? value.items : value;
    if (!Array.isArray(items)) throw invalidValue(attribute, value);
    return items.map((item, index) => new BodyReader(item, label(index)));
  }

  /** Attributes present in the payload that are not in `allowed` (for PATCH). */
  unknownAttributes(allowed: readonly string[]): string[] {
    return Object.keys(this.body).filter((key) => !allowed.includes(key));
  }
}
