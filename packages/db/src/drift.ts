import { getSchema, type AttributeArgument, type Field, type Model } from '@mrleebo/prisma-ast';
import type pg from 'pg';

/**
 * Compares what schema.prisma declares with what the migrations built, because the migrations
 * are hand-written SQL (Prisma's schema engine cannot run here). Tables, columns (type and
 * nullability), enums, primary keys, unique constraints, indexes and foreign keys are compared;
 * defaults, triggers and functions are not (Prisma cannot express the latter anyway).
 */

export interface ColumnShape {
  type: string;
  nullable: boolean;
}

export interface DatabaseShape {
  enums: Map<string, string[]>;
  tables: Map<string, Map<string, ColumnShape>>;
  /** Signatures such as `sync_ledger UNIQUE (connection_id, entity, source_id)`. */
  indexes: Set<string>;
  foreignKeys: Set<string>;
}

const scalarTypes: Record<string, string> = {
  String: 'text',
  Int: 'integer',
  BigInt: 'bigint',
  Float: 'double precision',
  Boolean: 'boolean',
  DateTime: 'timestamp(3) without time zone',
  Json: 'jsonb',
  Bytes: 'bytea',
  Decimal: 'numeric(65,30)',
};

const referentialActions: Record<string, string> = {
  Cascade: 'CASCADE',
  Restrict: 'RESTRICT',
  NoAction: 'NO ACTION',
  SetNull: 'SET NULL',
  SetDefault: 'SET DEFAULT',
};

/** Field (`@map`) and block (`@@map`) attributes share these parts. */
interface AnyAttribute {
  type: 'attribute';
  name: string;
  group?: string | undefined;
  args?: AttributeArgument[] | undefined;
}

/** A field's type name; Prisma's `Unsupported("…")` types come back as functions. */
function typeName(field: Field): string {
  return typeof field.fieldType === 'string' ? field.fieldType : field.fieldType.name;
}

function unquote(value: unknown): string {
  return typeof value === 'string' ? value.replace(/^"|"$/g, '') : String(value);
}

function attributesOf(field: Field): AnyAttribute[] {
  return field.attributes ?? [];
}

function findAttribute(attributes: AnyAttribute[], name: string, group?: string): AnyAttribute | undefined {
  return attributes.find(
    (attribute) => attribute.name === name && (group === undefined || attribute.group === group),
  );
}

function firstArgument(attribute: AnyAttribute | undefined): unknown {
  return attribute?.args?.[0]?.value;
}

function keyValueArgument(attribute: AnyAttribute, key: string): unknown {
  const argument = attribute.args?.find(
    (candidate: AttributeArgument) =>
      typeof candidate.value === 'object' &&
      candidate.value !== null &&
      'type' in candidate.value &&
      candidate.value.type === 'keyValue' &&
      candidate.value.key === key,
  );
  const value = argument?.value;
  return typeof value === 'object' && value !== null && 'value' in value ? value.value : undefined;
}

function arrayArgument(value: unknown): string[] {
  if (
    typeof value === 'object' &&
    value !== null &&
    'type' in value &&
    value.type === 'array' &&
    'args' in value
  ) {
    return (value.args as unknown[]).map((item) => unquote(item).replace(/\(.*\)$/, ''));
  }
  return [];
}

function nativeType(attributes: AnyAttribute[]): string | undefined {
  const native = attributes.find((attribute) => attribute.group === 'db');
  if (!native) return undefined;
  const args = (native.args ?? []).map((argument) => unquote(argument.value));
  switch (native.name) {
    case 'Uuid':
      return 'uuid';
    case 'Text':
      return 'text';
    case 'Timestamptz':
      return `timestamp(${args[0] ?? 6}) with time zone`;
    case 'Timestamp':
      return `timestamp(${args[0] ?? 6}) without time zone`;
    case 'VarChar':
      return args[0] === undefined ? 'character varying' : `character varying(${args[0]})`;
    case 'Decimal':
      return `numeric(${args.join(',')})`;
    case 'Integer':
      return 'integer';
    case 'SmallInt':
      return 'smallint';
    case 'Date':
      return 'date';
    case 'JsonB':
      return 'jsonb';
    case 'Json':
      return 'json';
    default:
      return native.name.toLowerCase();
  }
}

/** The database shape schema.prisma implies. */
export function shapeFromSchema(schemaText: string): DatabaseShape {
  const schema = getSchema(schemaText);
  const models = schema.list.filter((block): block is Model => block.type === 'model');
  const modelNames = new Set(models.map((model) => model.name));
  const enumDbNames = new Map<string, string>();
  const shape: DatabaseShape = {
    enums: new Map(),
    tables: new Map(),
    indexes: new Set(),
    foreignKeys: new Set(),
  };

  for (const block of schema.list) {
    if (block.type !== 'enum') continue;
    const values: string[] = [];
    let dbName = block.name;
    for (const item of block.enumerators) {
      if (item.type === 'enumerator') values.push(item.name);
      if (item.type === 'attribute' && item.name === 'map') dbName = unquote(firstArgument(item));
    }
    enumDbNames.set(block.name, dbName);
    shape.enums.set(dbName, values);
  }

  const tableNameOf = (model: Model): string => {
    const map = model.properties.find(
      (property) => property.type === 'attribute' && property.name === 'map',
    ) as AnyAttribute | undefined;
    return map ? unquote(firstArgument(map)) : model.name;
  };
  const tableNames = new Map(models.map((model) => [model.name, tableNameOf(model)]));

  for (const model of models) {
    const table = tableNameOf(model);
    const columns = new Map<string, ColumnShape>();
    const columnOf = new Map<string, string>();
    const fields = model.properties.filter((property): property is Field => property.type === 'field');

    for (const field of fields) {
      if (modelNames.has(typeName(field))) continue;
      const attributes = attributesOf(field);
      const column = unquote(firstArgument(findAttribute(attributes, 'map', undefined)) ?? field.name);
      columnOf.set(field.name, column);
      const fieldType = typeName(field);
      const base =
        nativeType(attributes) ?? enumDbNames.get(fieldType) ?? scalarTypes[fieldType] ?? fieldType;
      // Prisma creates scalar lists without NOT NULL.
      columns.set(column, {
        type: field.array ? `${base}[]` : base,
        nullable: Boolean(field.optional || field.array),
      });
    }
    shape.tables.set(table, columns);

    const columnsFor = (names: string[]) => names.map((name) => columnOf.get(name) ?? name);
    for (const field of fields) {
      const attributes = attributesOf(field);
      const column = columnOf.get(field.name);
      if (column && findAttribute(attributes, 'id')) shape.indexes.add(`${table} PRIMARY KEY (${column})`);
      if (column && findAttribute(attributes, 'unique')) shape.indexes.add(`${table} UNIQUE (${column})`);
      const relation = findAttribute(attributes, 'relation');
      if (relation && modelNames.has(typeName(field))) {
        const from = arrayArgument(keyValueArgument(relation, 'fields'));
        if (from.length === 0) continue;
        const to = arrayArgument(keyValueArgument(relation, 'references'));
        const onDeleteName = keyValueArgument(relation, 'onDelete');
        const onDelete =
          referentialActions[String(onDeleteName)] ?? (field.optional ? 'SET NULL' : 'RESTRICT');
        const target = tableNames.get(typeName(field)) ?? typeName(field);
        const targetModel = models.find((candidate) => candidate.name === typeName(field));
        const targetColumns = to.map((name) => {
          const targetField = targetModel?.properties.find(
            (property): property is Field => property.type === 'field' && property.name === name,
          );
          return unquote(
            firstArgument(targetField ? findAttribute(attributesOf(targetField), 'map') : undefined) ?? name,
          );
        });
        shape.foreignKeys.add(
          `${table} (${columnsFor(from).join(', ')}) -> ${target} (${targetColumns.join(', ')}) ON DELETE ${onDelete}`,
        );
      }
    }
    for (const property of model.properties) {
      if (property.type !== 'attribute') continue;
      const attribute = property as AnyAttribute;
      const columnsList = columnsFor(arrayArgument(firstArgument(attribute)));
      if (property.name === 'id') shape.indexes.add(`${table} PRIMARY KEY (${columnsList.join(', ')})`);
      if (property.name === 'unique') shape.indexes.add(`${table} UNIQUE (${columnsList.join(', ')})`);
      if (property.name === 'index') {
        const method = unquote(keyValueArgument(attribute, 'type') ?? 'BTree').toLowerCase();
        shape.indexes.add(
          `${table} INDEX${method === 'btree' ? '' : ` USING ${method}`} (${columnsList.join(', ')})`,
        );
      }
    }
  }
  return shape;
}

const deleteActions: Record<string, string> = {
  a: 'NO ACTION',
  r: 'RESTRICT',
  c: 'CASCADE',
  n: 'SET NULL',
  d: 'SET DEFAULT',
};

/** The shape of the current schema of the database `client` is connected to. */
export async function shapeFromDatabase(client: pg.ClientBase | pg.Pool): Promise<DatabaseShape> {
  const shape: DatabaseShape = {
    enums: new Map(),
    tables: new Map(),
    indexes: new Set(),
    foreignKeys: new Set(),
  };
  const enums = await client.query<{ name: string; values: string[] }>(`
    SELECT t.typname AS name, array_agg(e.enumlabel ORDER BY e.enumsortorder)::text[] AS values
    FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
    WHERE n.nspname = current_schema() GROUP BY t.typname`);
  for (const row of enums.rows) shape.enums.set(row.name, row.values);

  const columns = await client.query<{ table: string; column: string; type: string; notnull: boolean }>(`
    SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS notnull
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = current_schema() AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
      AND c.relname <> '_prisma_migrations'
    ORDER BY c.relname, a.attnum`);
  for (const row of columns.rows) {
    const table = shape.tables.get(row.table) ?? new Map<string, ColumnShape>();
    table.set(row.column, { type: row.type.replace(/"/g, ''), nullable: !row.notnull });
    shape.tables.set(row.table, table);
  }

  const indexes = await client.query<{
    table: string;
    primary: boolean;
    unique: boolean;
    method: string;
    columns: string[];
  }>(`
    SELECT t.relname AS table, ix.indisprimary AS primary, ix.indisunique AS unique, am.amname AS method,
      array(SELECT a.attname FROM unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord)
            JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS columns
    FROM pg_index ix JOIN pg_class t ON t.oid = ix.indrelid JOIN pg_class i ON i.oid = ix.indexrelid
    JOIN pg_am am ON am.oid = i.relam JOIN pg_namespace n ON n.oid = t.relnamespace
    WHERE n.nspname = current_schema() AND t.relname <> '_prisma_migrations'`);
  for (const row of indexes.rows) {
    const kind = row.primary ? 'PRIMARY KEY' : row.unique ? 'UNIQUE' : 'INDEX';
    const using = kind === 'INDEX' && row.method !== 'btree' ? ` USING ${row.method}` : '';
    shape.indexes.add(`${row.table} ${kind}${using} (${row.columns.join(', ')})`);
  }

  const foreignKeys = await client.query<{
    table: string;
    columns: string[];
    target: string;
    target_columns: string[];
    on_delete: string;
  }>(`
    SELECT t.relname AS table, ft.relname AS target, c.confdeltype AS on_delete,
      array(SELECT a.attname FROM unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord)
            JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS columns,
      array(SELECT a.attname FROM unnest(c.confkey) WITH ORDINALITY AS k(attnum, ord)
            JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS target_columns
    FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_class ft ON ft.oid = c.confrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
    WHERE c.contype = 'f' AND n.nspname = current_schema()`);
  for (const row of foreignKeys.rows) {
    shape.foreignKeys.add(
      `${row.table} (${row.columns.join(', ')}) -> ${row.target} (${row.target_columns.join(', ')}) ON DELETE ${deleteActions[row.on_delete] ?? row.on_delete}`,
    );
  }
  return shape;
}

/** Every difference between the two shapes, one readable line each; empty when they agree. */
export function diffShapes(expected: DatabaseShape, actual: DatabaseShape): string[] {
  const problems: string[] = [];
  for (const [name, values] of expected.enums) {
    const found = actual.enums.get(name);
    if (!found) problems.push(`enum ${name}: missing in the database`);
    else if (found.join(',') !== values.join(','))
      problems.push(`enum ${name}: schema has (${values.join(', ')}), database has (${found.join(', ')})`);
  }
  for (const name of actual.enums.keys()) {
    if (!expected.enums.has(name)) problems.push(`enum ${name}: in the database but not in schema.prisma`);
  }
  for (const [table, columns] of expected.tables) {
    const found = actual.tables.get(table);
    if (!found) {
      problems.push(`table ${table}: missing in the database`);
      continue;
    }
    for (const [column, shape] of columns) {
      const actualColumn = found.get(column);
      if (!actualColumn) problems.push(`column ${table}.${column}: missing in the database`);
      else {
        if (actualColumn.type !== shape.type)
          problems.push(
            `column ${table}.${column}: schema type ${shape.type}, database type ${actualColumn.type}`,
          );
        if (actualColumn.nullable !== shape.nullable)
          problems.push(
            `column ${table}.${column}: ${shape.nullable ? 'nullable' : 'NOT NULL'} in schema, ${actualColumn.nullable ? 'nullable' : 'NOT NULL'} in the database`,
          );
      }
    }
    for (const column of found.keys()) {
      if (!columns.has(column))
        problems.push(`column ${table}.${column}: in the database but not in schema.prisma`);
    }
  }
  for (const table of actual.tables.keys()) {
    if (!expected.tables.has(table))
      problems.push(`table ${table}: in the database but not in schema.prisma`);
  }
  for (const index of expected.indexes) {
    if (!actual.indexes.has(index)) problems.push(`${index}: missing in the database`);
  }
  for (const index of actual.indexes) {
    if (!expected.indexes.has(index)) problems.push(`${index}: in the database but not in schema.prisma`);
  }
  for (const key of expected.foreignKeys) {
    if (!actual.foreignKeys.has(key)) problems.push(`foreign key ${key}: missing in the database`);
  }
  for (const key of actual.foreignKeys) {
    if (!expected.foreignKeys.has(key))
      problems.push(`foreign key ${key}: in the database but not in schema.prisma`);
  }
  return problems;
}

export async function checkDrift(schemaText: string, client: pg.ClientBase | pg.Pool): Promise<string[]> {
  return diffShapes(shapeFromSchema(schemaText), await shapeFromDatabase(client));
}
