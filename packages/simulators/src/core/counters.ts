/** Requests seen per route (`METHOD /route/pattern`) and per status, for tests and reports. */
export interface RouteCount {
  count: number;
  byStatus: Record<string, number>;
}

export class RequestCounters {
  private routes = new Map<string, RouteCount>();
  total = 0;

  record(routeKey: string, status: number | 'reset' | 'timeout' | 'lost'): void {
    this.total += 1;
    const entry = this.routes.get(routeKey) ?? { count: 0, byStatus: {} };
    entry.count += 1;
    entry.byStatus[String(status)] = (entry.byStatus[String(status)] ?? 0) + 1;
    this.routes.set(routeKey, entry);
  }

  /** Requests to routes whose key starts with `prefix` (e.g. 'POST ' for every create). */
  count(prefix = ''): number {
    let total = 0;
    for (const [key, entry] of this.routes) if (key.startsWith(prefix)) total += entry.count;
    return total;
  }

  snapshot(): { total: number; routes: Record<string, RouteCount> } {
    return { total: this.total, routes: Object.fromEntries(this.routes) };
  }

  reset(): void {
    this.routes = new Map();
    this.total = 0;
  }
}
