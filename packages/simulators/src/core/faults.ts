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
  /** Bearer tokens older than this many seconds get 401. */
  tokenMaxAgeSeconds?: number;
  /** Stop applying the rule's error/reset/timeout/lost faults after this many of them. */
  times?: number;
}

export type FaultAction =
  | { kind: 'reset' }
  | { kind: 'timeout'; holdMs: number }
  | { kind: 'server_error'; status: number }
  | { kind: 'rate_limited'; retryAfterSeconds: number }
  | { kind: 'lost_response' };

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
    return undefined;
  }
}
