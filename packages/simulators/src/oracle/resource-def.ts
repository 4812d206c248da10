import type { QAttributes } from './q-language.ts';

/**
 * How one REST resource (or child resource) renders its rows: the attribute names it publishes,
 * the attribute that keys an item URL, and its child collections. Rows can be any record type;
 * `attributes` maps one to its Oracle attributes.
 */
export interface ResourceDef<Row> {
  /** The resource or child name in URLs (`invoices`, `invoiceLines`). */
  name: string;
  /** The attribute whose value is the item's path segment (`InvoiceId`, `LineNumber`). */
  keyAttribute: string;
  attributeNames: readonly string[];
  // Method syntax on purpose: a ResourceDef<Line> must be usable where a ResourceDef<object> is.
  attributes(row: Row): QAttributes;
  children: readonly ChildDef<Row>[];
}

export interface ChildDef<Parent> {
  resource: ResourceDef<object>;
  rows(parent: Parent): readonly object[];
}

export type Finder<Row> = (variables: Record<string, string>) => (row: Row) => boolean;

/** A top-level resource: where its rows come from and its finders besides PrimaryKey. */
export interface TopResource<Row> {
  resource: ResourceDef<Row>;
  all(): readonly Row[];
  byKey(key: string): Row | undefined;
  finders?: Record<string, Finder<Row>>;
}

/** The attribute names of a row type, checked both ways at compile time (none missing, none extra). */
export function attributeList<Row>(names: Record<keyof Row & string, true>): readonly (keyof Row & string)[] {
  return Object.keys(names) as (keyof Row & string)[];
}

export function childOf<Parent, Child extends object>(
  resource: ResourceDef<Child>,
  rows: (parent: Parent) => readonly Child[],
): ChildDef<Parent> {
  return { resource, rows };
}

export function itemKey<Row>(resource: ResourceDef<Row>, row: Row): string {
  return String(resource.attributes(row)[resource.keyAttribute]);
}

/** Resolves `lines.schedules` to the child resource it names, or undefined. */
export function childAtPath(resource: ResourceDef<object>, path: string): ResourceDef<object> | undefined {
  let current: ResourceDef<object> | undefined = resource;
  for (const name of path.split('.')) {
    current = current?.children.find((child) => child.resource.name === name)?.resource;
    if (!current) return undefined;
  }
  return current;
}
