/**
 * The `q` query language of ADF REST collections, small enough to read in one sitting.
 *
 * - Conditions: `Attr = value`, `!=` (or `<>`), `>`, `>=`, `<`, `<=`, `Attr LIKE 'pat%'`
 *   (`%` any run, `_` one character, case-sensitive as Oracle's SQL), `Attr is null`,
 *   `Attr is not null`. Values are `'quoted'` (`''` for a quote) or bare (`5`, `Y`, `Canceled`).
 * - `;` separates conditions that must all hold.
 * - `and`, `or` and parentheses only with REST-Framework-Version ≥ 2. Under version 1 (the
 *   default) q is query-by-example and an expression using them silently matches nothing: the
 *   field gotcha recorded in the Oracle notes (`a=1 and b=2` returned 0 rows, `a=1;b=2` worked).
 * - Comparisons follow the attribute's type: numbers numerically, flags tolerantly (true, 'Y',
 *   'true' are one value), timestamps as instants (offsets such as +00:00 or Z honoured), other
 *   strings exactly.
 */

export type QOperator = '=' | '!=' | '<' | '<=' | '>' | '>=' | 'like';

export interface QLiteral {
  text: string;
  number: number | undefined;
  instantMs: number | undefined;
  flag: boolean | undefined;
}

export type QExpression =
  | { kind: 'all' }
  | { kind: 'none' }
  | { kind: 'and' | 'or'; operands: QExpression[] }
  | { kind: 'compare'; attribute: string; operator: QOperator; literal: QLiteral }
  | { kind: 'null'; attribute: string; negated: boolean };

export type QAttributes = Record<string, unknown>;

/** A q the server cannot parse or that names an attribute the resource does not have. */
export class QSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QSyntaxError';
  }
}

type Token =
  | { type: 'string'; value: string }
  | { type: 'word'; value: string }
  | { type: 'op'; value: Exclude<QOperator, 'like'> }
  | { type: '(' | ')' | ';' };

function tokenize(q: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < q.length) {
    const char = q[index] ?? '';
    if (/\s/.test(char)) {
      index += 1;
    } else if (char === "'") {
      let value = '';
      index += 1;
      for (;;) {
        if (index >= q.length) throw new QSyntaxError('unterminated quoted value');
        if (q[index] === "'") {
          if (q[index + 1] === "'") {
            value += "'";
            index += 2;
            continue;
          }
          index += 1;
          break;
        }
        value += q[index];
        index += 1;
      }
      tokens.push({ type: 'string', value });
    } else if (char === '(' || char === ')' || char === ';') {
      tokens.push({ type: char });
      index += 1;
    } else if ('=<>!'.includes(char)) {
      const two = q.slice(index, index + 2);
      if (two === '>=' || two === '<=' || two === '!=' || two === '<>') {
        tokens.push({ type: 'op', value: two === '<>' ? '!=' : two });
        index += 2;
      } else if (char === '!') {
        throw new QSyntaxError(`unexpected '!' at ${index}`);
      } else {
        tokens.push({ type: 'op', value: char as '=' | '<' | '>' });
        index += 1;
      }
    } else {
      const word = /^[^\s'();=<>!]+/.exec(q.slice(index))?.[0] ?? char;
      tokens.push({ type: 'word', value: word });
      index += word.length;
    }
  }
  return tokens;
}

const isKeyword = (token: Token | undefined, keyword: string): boolean =>
  token?.type === 'word' && token.value.toLowerCase() === keyword;

const isoInstant =
  /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Epoch ms of an ISO 8601 date or timestamp (no offset means UTC); undefined if it is not one. */
export function parseInstant(text: string): number | undefined {
  const match = isoInstant.exec(text);
  if (!match) return undefined;
  const [, date, time, offset] = match;
  const zone = offset === undefined || offset === 'Z' ? 'Z' : `${offset.slice(0, 3)}:${offset.slice(-2)}`;
  const ms = Date.parse(`${date}T${time ?? '00:00:00'}${zone}`);
  return Number.isNaN(ms) ? undefined : ms;
}

function toLiteral(text: string): QLiteral {
  const number = /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : undefined;
  const lower = text.toLowerCase();
  const flag =
    lower === 'y' || lower === 'true' ? true : lower === 'n' || lower === 'false' ? false : undefined;
  return { text, number, instantMs: parseInstant(text), flag };
}

class Parser {
  private position = 0;
  private readonly tokens: Token[];

  constructor(tokens: Token[]) {
    this.tokens = tokens;
  }

  private peek(): Token | undefined {
    return this.tokens[this.position];
  }

  private next(): Token | undefined {
    const token = this.tokens[this.position];
    this.position += 1;
    return token;
  }

  get done(): boolean {
    return this.position >= this.tokens.length;
  }

  /** expression (';' expression)* — the whole of q under framework version ≥ 2. */
  parseAll(): QExpression {
    const operands: QExpression[] = [];
    while (!this.done) {
      if (this.peek()?.type === ';') {
        this.next();
        continue;
      }
      operands.push(this.parseOr());
      const after = this.peek();
      if (after && after.type !== ';') throw new QSyntaxError(`unexpected ${describe(after)}`);
    }
    return combine('and', operands);
  }

  private parseOr(): QExpression {
    const operands = [this.parseAnd()];
    while (isKeyword(this.peek(), 'or')) {
      this.next();
      operands.push(this.parseAnd());
    }
    return combine('or', operands);
  }

  private parseAnd(): QExpression {
    const operands = [this.parsePrimary()];
    while (isKeyword(this.peek(), 'and')) {
      this.next();
      operands.push(this.parsePrimary());
    }
    return combine('and', operands);
  }

  private parsePrimary(): QExpression {
    if (this.peek()?.type === '(') {
      this.next();
      const inner = this.parseOr();
      if (this.next()?.type !== ')') throw new QSyntaxError("missing ')'");
      return inner;
    }
    return this.parseCondition(false);
  }

  /** `Attr op value`, `Attr LIKE value`, `Attr is [not] null`. Version 1 lets a bare value span words. */
  parseCondition(bareValueMaySpanWords: boolean): QExpression {
    const attributeToken = this.next();
    if (attributeToken?.type !== 'word')
      throw new QSyntaxError(`expected an attribute, found ${describe(attributeToken)}`);
    const attribute = attributeToken.value;
    const operatorToken = this.next();
    if (isKeyword(operatorToken, 'is')) {
      const negated = isKeyword(this.peek(), 'not');
      if (negated) this.next();
      if (!isKeyword(this.next(), 'null')) throw new QSyntaxError(`expected 'null' after ${attribute} is`);
      return { kind: 'null', attribute, negated };
    }
    let operator: QOperator;
    if (operatorToken?.type === 'op') operator = operatorToken.value;
    else if (isKeyword(operatorToken, 'like')) operator = 'like';
    else throw new QSyntaxError(`expected an operator after ${attribute}, found ${describe(operatorToken)}`);
    const valueToken = this.next();
    if (valueToken?.type === 'string')
      return { kind: 'compare', attribute, operator, literal: toLiteral(valueToken.value) };
    if (valueToken?.type !== 'word')
      throw new QSyntaxError(`expected a value after ${attribute} ${operator}`);
    const words = [valueToken.value];
    if (bareValueMaySpanWords)
      for (let token = this.peek(); token?.type === 'word'; token = this.peek()) {
        words.push(token.value);
        this.next();
      }
    return { kind: 'compare', attribute, operator, literal: toLiteral(words.join(' ')) };
  }
}

function describe(token: Token | undefined): string {
  if (!token) return 'the end of the expression';
  return 'value' in token ? `'${token.value}'` : `'${token.type}'`;
}

function combine(kind: 'and' | 'or', operands: QExpression[]): QExpression {
  if (operands.length === 0) return { kind: 'all' };
  if (operands.length === 1) return operands[0] ?? { kind: 'all' };
  return { kind, operands };
}

/** Parses q as the given REST framework version reads it. Throws QSyntaxError. */
export function parseQ(q: string, frameworkVersion: number): QExpression {
  const tokens = tokenize(q);
  if (frameworkVersion >= 2) return new Parser(tokens).parseAll();

  // Version 1: query-by-example, conditions separated by ';'. Expressions are not understood and
  // match nothing (no error) — that is the real behaviour this simulator must reproduce.
  const usesExpressions = tokens.some(
    (token) => token.type === '(' || token.type === ')' || isKeyword(token, 'and') || isKeyword(token, 'or'),
  );
  if (usesExpressions) return { kind: 'none' };
  const operands: QExpression[] = [];
  let condition: Token[] = [];
  for (const token of [...tokens, { type: ';' } as const]) {
    if (token.type !== ';') {
      condition.push(token);
      continue;
    }
    if (condition.length > 0) {
      const parser = new Parser(condition);
      operands.push(parser.parseCondition(true));
      if (!parser.done) throw new QSyntaxError('unexpected text after a condition');
    }
    condition = [];
  }
  return combine('and', operands);
}

function attributesOf(expression: QExpression): string[] {
  switch (expression.kind) {
    case 'all':
    case 'none':
      return [];
    case 'and':
    case 'or':
      return expression.operands.flatMap(attributesOf);
    case 'compare':
    case 'null':
      return [expression.attribute];
  }
}

function likeRegex(pattern: string): RegExp {
  const source = pattern.replace(/[.*+?^${}()|[\]\\%_]/g, (char) =>
    char === '%' ? '.*' : char === '_' ? '.' : `\\${char}`,
  );
  return new RegExp(`^${source}$`, 's');
}

const looksLikeDate = (text: string) => /^\d{4}-\d{2}-\d{2}/.test(text);

/** <0, 0, >0, or undefined when the values cannot be compared (SQL: the condition is false). */
function compareValue(value: unknown, literal: QLiteral): number | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'number') return literal.number === undefined ? undefined : value - literal.number;
  if (typeof value === 'boolean')
    return literal.flag === undefined ? undefined : Number(value) - Number(literal.flag);
  if (typeof value !== 'string') return undefined;
  if ((value === 'Y' || value === 'N') && literal.flag !== undefined)
    return Number(value === 'Y') - Number(literal.flag);
  if (looksLikeDate(value) && looksLikeDate(literal.text)) {
    const instant = parseInstant(value);
    if (instant !== undefined) {
      if (literal.instantMs === undefined)
        throw new QSyntaxError(
          `'${literal.text}' is not a valid date or timestamp (an unencoded '+' reads as a space)`,
        );
      return instant - literal.instantMs;
    }
  }
  return value < literal.text ? -1 : value > literal.text ? 1 : 0;
}

/**
 * A predicate over a row's attributes. Throws QSyntaxError if the expression names an attribute
 * outside `attributeNames`, as Oracle answers 400 for those.
 */
export function compileQ(
  expression: QExpression,
  attributeNames: ReadonlySet<string>,
): (row: QAttributes) => boolean {
  for (const attribute of attributesOf(expression))
    if (!attributeNames.has(attribute))
      throw new QSyntaxError(`${attribute} is not an attribute of this resource`);
  const build = (node: QExpression): ((row: QAttributes) => boolean) => {
    switch (node.kind) {
      case 'all':
        return () => true;
      case 'none':
        return () => false;
      case 'and': {
        const parts = node.operands.map(build);
        return (row) => parts.every((part) => part(row));
      }
      case 'or': {
        const parts = node.operands.map(build);
        return (row) => parts.some((part) => part(row));
      }
      case 'null':
        return (row) => (row[node.attribute] === null || row[node.attribute] === undefined) !== node.negated;
      case 'compare': {
        const { attribute, literal: value } = node;
        if (node.operator === 'like') {
          const regex = likeRegex(value.text);
          return (row) => {
            const actual = row[attribute];
            return (typeof actual === 'string' || typeof actual === 'number') && regex.test(String(actual));
          };
        }
        const test = comparators[node.operator];
        return (row) => {
          const result = compareValue(row[attribute], value);
          return result !== undefined && test(result);
        };
      }
    }
  };
  return build(expression);
}

const comparators: Record<Exclude<QOperator, 'like'>, (result: number) => boolean> = {
  '=': (result) => result === 0,
  '!=': (result) => result !== 0,
  '<': (result) => result < 0,
  '<=': (result) => result <= 0,
  '>': (result) => result > 0,
  '>=': (result) => result >= 0,
};
