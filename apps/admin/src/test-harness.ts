// Shared by this app's *.integration.test.ts files: admin started in the test's process against
// the file's own database and Redis prefix, and a small client that keeps every answer it got
// (so a test can search all of them for planted secrets).
import { createLogger, type Logger } from '@mlc/logger';
import { testSecrets } from '@mlc/testing';
import { startAdmin, type AdminConfig, type RunningAdmin } from './app.ts';

export function startTestAdmin(
  services: { database: { url: string }; redis: { url: string; prefix: string } },
  overrides: Partial<AdminConfig> = {},
  logger: Logger = createLogger({ name: 'admin', level: 'silent' }),
): Promise<RunningAdmin> {
  return startAdmin(
    {
      databaseUrl: services.database.url,
      databasePoolSize: 5,
      databaseConnectTimeoutMs: 5_000,
      databaseStatementTimeoutMs: 30_000,
      redisUrl: services.redis.url,
      redisPrefix: services.redis.prefix,
      host: '127.0.0.1',
      port: 0,
      adminToken: testSecrets.ADMIN_TOKEN,
      viewerToken: testSecrets.ADMIN_VIEWER_TOKEN,
      // Tests send many wrong tokens on purpose; the limit has its own test with its own admin.
      authFailureLimit: 100_000,
      authFailureWindowSeconds: 60,
      trustProxy: false,
      tokenServiceUrl: 'http://127.0.0.1:9',
      internalToken: testSecrets.INTERNAL_TOKEN,
      allowInsecureUpstreams: true,
      ...overrides,
    },
    logger,
  );
}

export interface Answer<T = unknown> {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed JSON body, when there is one. */
  body: T;
}

export type Credential = 'admin' | 'viewer' | 'none' | { bearer: string } | { basic: string };

function authorization(credential: Credential): string | undefined {
  if (credential === 'none') return undefined;
  if (credential === 'admin') return `Bearer ${testSecrets.ADMIN_TOKEN}`;
  if (credential === 'viewer') return `Bearer ${testSecrets.ADMIN_VIEWER_TOKEN}`;
  if ('bearer' in credential) return `Bearer ${credential.bearer}`;
  return `Basic ${Buffer.from(`operator:${credential.basic}`).toString('base64')}`;
}

/** fetch() against a running admin, as an operator's script would; remembers every answer. */
export class AdminClient {
  readonly url: string;
  readonly answers: Answer[] = [];

  constructor(url: string) {
    this.url = url;
  }

  async request<T = unknown>(
    method: string,
    path: string,
    options: { as?: Credential; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<Answer<T>> {
    const auth = authorization(options.as ?? 'admin');
    const response = await fetch(`${this.url}${path}`, {
      method,
      redirect: 'manual',
      headers: {
        ...(auth ? { authorization: auth } : {}),
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...options.headers,
      },
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
    const text = await response.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    const answer: Answer<T> = { status: response.status, headers: response.headers, text, body: body as T };
    this.answers.push(answer);
    return answer;
  }

  get<T = unknown>(path: string, as: Credential = 'admin') {
    return this.request<T>('GET', path, { as });
  }

  post<T = unknown>(path: string, body?: unknown, as: Credential = 'admin') {
    return this.request<T>('POST', path, { as, body });
  }

  put<T = unknown>(path: string, body?: unknown, as: Credential = 'admin') {
    return this.request<T>('PUT', path, { as, body });
  }

  delete<T = unknown>(path: string, as: Credential = 'admin') {
    return this.request<T>('DELETE', path, { as });
  }
}
