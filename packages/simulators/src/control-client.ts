import type { RouteCount } from './core/counters.ts';
import type { FaultRule } from './core/faults.ts';

/**
 * Client for a simulator's control API (`/_sim/…`), for tests, the demo and benchmarks that run
 * the simulators in another process. In-process callers can also use the stores directly.
 */
export class SimulatorControl {
  readonly baseUrl: string;

  constructor(baseUrl: string) {
    this.baseUrl = baseUrl.replace(/\/$/, '');
  }

  async request<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.baseUrl}/_sim${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok)
      throw new Error(`simulator control ${method} ${path} answered ${response.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  counters(): Promise<{ total: number; routes: Record<string, RouteCount> }> {
    return this.request('GET', '/counters');
  }

  resetCounters(): Promise<unknown> {
    return this.request('DELETE', '/counters');
  }

  setFaults(rules: FaultRule[], seed?: number): Promise<unknown> {
    return this.request('PUT', '/faults', seed === undefined ? { rules } : { rules, seed });
  }

  clearFaults(): Promise<unknown> {
    return this.request('DELETE', '/faults');
  }

  advanceClock(by: { ms?: number; seconds?: number; days?: number }): Promise<{ now: string }> {
    return this.request('POST', '/clock/advance', by);
  }

  expireTokens(): Promise<unknown> {
    return this.request('POST', '/tokens/expire', {});
  }

  revokeCredentials(clientId?: string): Promise<unknown> {
    return this.request('POST', '/tokens/revoke', clientId === undefined ? {} : { clientId });
  }

  restoreCredentials(clientId?: string): Promise<unknown> {
    return this.request('POST', '/tokens/restore', clientId === undefined ? {} : { clientId });
  }

  setTokenLifetime(expiresInSeconds: number): Promise<unknown> {
    return this.request('PUT', '/tokens/lifetime', { expiresInSeconds });
  }

  reset(options: { seed?: number; purchaseOrders?: number; bills?: number } = {}): Promise<unknown> {
    return this.request('POST', '/reset', options);
  }
}
