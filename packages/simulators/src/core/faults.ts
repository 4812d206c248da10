import { Random } from './random.ts';

/**
 * Fault injection, configured per route at run time through the control API. A rule applies to
 * requests whose `METHOD /path` matches `match`: '*' (every API request), 'POST *', an exact
 * 'POST /fscmRestApi/resources/11.13.18.05/invoices', or a prefix ending in '*'. The control API
 * (`/_sim/…`) and token endpoints are never faulted unless a rule names them explicitly.
 */
export interface FaultRule {
  match: string;
  /** Added latency: fixed, or uniform in [min, max]. */
  latencyMs?: number | { min: number; max: number };
  /** Share (0..1) of matched requests answered with a 5xx from `serverErrorStatuses`. */
  serverErrorRate?: number;
  serverErrorStatuses?: number[];
  /** Share answered 429 with `Retry-After: retryAfterSeconds`. */
  rateLimitRate?: number;
  retryAfterSeconds?: number;
  /** Share whose connection is reset before anything happens. */
  resetRate?: number;
  /** Share held for `timeoutHoldMs` (default 30 s) and then dropped, unprocessed. */
  timeoutRate?: number;
  timeoutHoldMs?: number;
  /** Share processed normally (the create happens) whose response is then lost (connection destroyed). */
  lostResponseRate?: number;
  /**
   * Share processed normally whose successful (< 400) response body is then corrupted as
   * `corruption` says: the request worked, the client gets a malformed answer.
   */
  corruptRate?: number;
  corruption?: ResponseCorruption;
  /** Bearer tokens older than this many seconds get 401. */
  tokenMaxAgeSeconds?: number;
  /** Stop applying the rule's error/reset/timeout/lost faults after this many of them. */
  times?: number;
}

/** How a `corruptRate` fault mangles a successful response (status and headers are kept). */
export type ResponseCorruption =
  /** The first half of the body: JSON cut off mid-document. */
  | { kind: 'truncate' }
  /** No body at all. */
  | { kind: 'empty' }
  /** Attributes removed from the JSON object and from each of its `items` (a 201 without the id). */
  | { kind: 'omit'; fields: readonly string[] }
  /** Attributes overwritten in the JSON object and each of its `items` (an enum value nobody documented). */
  | { kind: 'set'; fields: Record<string, unknown> };

export type FaultAction =
  | { kind: 'reset' }
  | { kind: 'timeout'; holdMs: number }
  | { kind: 'server_error'; status: number }
  | { kind: 'rate_limited'; retryAfterSeconds: number }
  | { kind: 'lost_response' }
  | { kind: 'corrupt_response'; corruption: ResponseCorruption };

export interface FaultDecision {
  latencyMs: number;
  action: FaultAction | undefined;
  tokenMaxAgeSeconds: number | undefined;
}

const neverFaultedByWildcard = [/^\w+ \/_sim(\/|$)/, /^\w+ \/oauth2?\/(v1\/)?token\/?$/];

function matches(pattern: string, key: string): boolean {
  if (pattern === key) return true;
  const isWildcard = pattern === '*' || /^[A-Z]+ \*$/.test(pattern);
  if (isWildcard) {
    if (neverFaultedByWildcard.some((regex) => regex.test(key))) return false;
    return pattern === '*' || key.startsWith(pattern.slice(0, -1));
  }
  return pattern.endsWith('*') && key.startsWith(pattern.slice(0, -1));
}

export class FaultInjector {
  private rules: { rule: FaultRule; applied: number }[] = [];
  private random: Random;
  /** How many faults of each kind were injected, for test assertions and reports. */
  readonly injected: Record<FaultAction['kind'], number> = {
    reset: 0,
    timeout: 0,
    server_error: 0,
    rate_limited: 0,
    lost_response: 0,
    corrupt_response: 0,
  };

  constructor(seed = 1) {
    this.random = new Random(seed);
  }

  configure(rules: FaultRule[], seed?: number): void {
    this.rules = rules.map((rule) => ({ rule, applied: 0 }));
    if (seed !== undefined) this.random = new Random(seed);
  }

  list(): FaultRule[] {
    return this.rules.map(({ rule }) => rule);
  }

  clear(): void {
    this.rules = [];
  }

  /** What to do with a request keyed `METHOD /path` (no query string). */
  decide(key: string): FaultDecision {
    const decision: FaultDecision = { latencyMs: 0, action: undefined, tokenMaxAgeSeconds: undefined };
    for (const entry of this.rules) {
      const { rule } = entry;
      if (!matches(rule.match, key)) continue;
      if (rule.latencyMs !== undefined) {
        decision.latencyMs +=
          typeof rule.latencyMs === 'number'
            ? rule.latencyMs
            : this.random.int(rule.latencyMs.min, rule.latencyMs.max);
      }
      if (rule.tokenMaxAgeSeconds !== undefined) decision.tokenMaxAgeSeconds = rule.tokenMaxAgeSeconds;
      if (decision.action || (rule.times !== undefined && entry.applied >= rule.times)) continue;
      const action = this.pickAction(rule);
      if (action) {
        entry.applied += 1;
        this.injected[action.kind] += 1;
        decision.action = action;
      }
    }
    return decision;
  }

  private pickAction(rule: FaultRule): FaultAction | undefined {
    if (rule.resetRate && this.random.chance(rule.resetRate)) return { kind: 'reset' };
    if (rule.timeoutRate && this.random.chance(rule.timeoutRate))
      return { kind: 'timeout', holdMs: rule.timeoutHoldMs ?? 30_000 };
    if (rule.serverErrorRate && this.random.chance(rule.serverErrorRate))
      return {
        kind: 'server_error',
        status: this.random.pick(rule.serverErrorStatuses ?? [500, 502, 503, 504]),
      };
    if (rule.rateLimitRate && this.random.chance(rule.rateLimitRate))
      return { kind: 'rate_limited', retryAfterSeconds: rule.retryAfterSeconds ?? 1 };
    if (rule.lostResponseRate && this.random.chance(rule.lostResponseRate)) return { kind: 'lost_response' };
    if (rule.corruption && rule.corruptRate && this.random.chance(rule.corruptRate))
      return { kind: 'corrupt_response', corruption: rule.corruption };
    return undefined;
  }
}

/** The body a `corrupt_response` fault sends instead of `payload` (JSON text, usually). */
export function corruptPayload(payload: string, corruption: ResponseCorruption): string {
  switch (corruption.kind) {
    case 'truncate':
      return payload.slice(0, Math.max(1, Math.floor(payload.length / 2)));
    case 'empty':
      return '';
    case 'omit':
    case 'set': {
      let body: unknown;
      try {
        body = JSON.parse(payload);
      } catch {
        return payload;
      }
      const rewrite = (value: unknown) => {
        if (typeof value !== 'object' || value === null || Array.isArray(value)) return;
        const record = value as Record<string, unknown>;
        if (corruption.kind === 'omit') for (const field of corruption.fields) delete record[field];
        else Object.assign(record, structuredClone(corruption.fields));
      };
      rewrite(body);
      const items = (body as { items?: unknown } | null)?.items;
      if (Array.isArray(items)) items.forEach(rewrite);
      return JSON.stringify(body);
    }
  }
}
