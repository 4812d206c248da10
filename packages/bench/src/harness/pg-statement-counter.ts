import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * Statements one app executed, as seen on the wire. pg_stat_statements needs
 * `shared_preload_libraries` (a server restart on a shared machine), so the benchmarks count at
 * the protocol instead: each app's DATABASE_URL points at its own counting proxy, which forwards
 * every byte unchanged and counts each simple `Query` and each extended-protocol `Execute`
 * (the SQL of an Execute is its bound statement's `Parse`). BEGIN and COMMIT count as statements.
 */
export interface StatementCounts {
  total: number;
  /** By first keyword: SELECT, INSERT, UPDATE, DELETE, BEGIN, COMMIT, … */
  byKind: Record<string, number>;
  /** By statement text (whitespace collapsed, first 160 characters). */
  byText: Map<string, number>;
}

export function emptyCounts(): StatementCounts {
  return { total: 0, byKind: {}, byText: new Map() };
}

function normalize(sql: string): string {
  return sql.replace(/\s+/g, ' ').trim().slice(0, 160);
}

function kindOf(sql: string): string {
  const keyword = /^\s*\(?\s*([a-zA-Z]+)/.exec(sql)?.[1]?.toUpperCase() ?? '?';
  return keyword === 'WITH'
    ? (/\b(INSERT|UPDATE|DELETE)\b/i.exec(sql)?.[1]?.toUpperCase() ?? 'SELECT')
    : keyword;
}

function count(counts: StatementCounts, sql: string): void {
  counts.total += 1;
  const kind = kindOf(sql);
  counts.byKind[kind] = (counts.byKind[kind] ?? 0) + 1;
  const text = normalize(sql);
  counts.byText.set(text, (counts.byText.get(text) ?? 0) + 1);
}

function cString(buffer: Buffer, offset: number): [string, number] {
  const end = buffer.indexOf(0, offset);
  return [buffer.toString('utf8', offset, end), end + 1];
}

/** Parses the client → server byte stream of one connection and counts what it executes. */
class FrontendParser {
  private pending: Buffer = Buffer.alloc(0);
  private startedUp = false;
  private readonly statements = new Map<string, string>();
  private readonly portals = new Map<string, string>();

  private readonly counts: () => StatementCounts;

  constructor(counts: () => StatementCounts) {
    this.counts = counts;
  }

  push(chunk: Buffer): void {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    for (;;) {
      if (!this.startedUp) {
        if (this.pending.length < 8) return;
        const length = this.pending.readInt32BE(0);
        if (this.pending.length < length) return;
        const code = this.pending.readInt32BE(4);
        // SSLRequest / GSSENCRequest come before the startup message; the startup message ends it.
        if (code !== 80_877_103 && code !== 80_877_104) this.startedUp = true;
        this.pending = this.pending.subarray(length);
        continue;
      }
      if (this.pending.length < 5) return;
      const type = String.fromCharCode(this.pending[0] ?? 0);
      const length = this.pending.readInt32BE(1);
      if (this.pending.length < 1 + length) return;
      const body = this.pending.subarray(5, 1 + length);
      this.pending = this.pending.subarray(1 + length);
      this.message(type, body);
    }
  }

  private message(type: string, body: Buffer): void {
    switch (type) {
      case 'Q':
        count(this.counts(), cString(body, 0)[0]);
        return;
      case 'P': {
        const [name, next] = cString(body, 0);
        this.statements.set(name, cString(body, next)[0]);
        return;
      }
      case 'B': {
        const [portal, next] = cString(body, 0);
        this.portals.set(portal, cString(body, next)[0]);
        return;
      }
      case 'E': {
        const [portal] = cString(body, 0);
        const statement = this.portals.get(portal);
        count(this.counts(), (statement === undefined ? undefined : this.statements.get(statement)) ?? '?');
        return;
      }
      default:
    }
  }
}

export interface StatementCounter {
  /** postgresql://…@127.0.0.1:<proxy port>/<database>: give it to the app as DATABASE_URL. */
  url: string;
  counts: StatementCounts;
  reset(): void;
  close(): Promise<void>;
}

/** A counting proxy in front of the database of `databaseUrl`, listening on a free loopback port. */
export async function startStatementCounter(databaseUrl: string): Promise<StatementCounter> {
  const target = new URL(databaseUrl);
  const sockets = new Set<Socket>();
  let counts = emptyCounts();
  const server: Server = createServer((client) => {
    const upstream = connect(Number(target.port || 5432), target.hostname);
    sockets.add(client);
    sockets.add(upstream);
    const parser = new FrontendParser(() => counts);
    client.on('data', (chunk: Buffer) => {
      parser.push(chunk);
      upstream.write(chunk);
    });
    upstream.pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', end);
    upstream.on('close', end);
    client.on('error', end);
    upstream.on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('statement counter: no port');
  const url = new URL(databaseUrl);
  url.hostname = '127.0.0.1';
  url.port = String(address.port);
  return {
    url: url.toString(),
    get counts() {
      return counts;
    },
    reset() {
      counts = emptyCounts();
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
