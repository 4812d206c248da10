/**
 * Simulated time: real time plus an offset that tests move forward (`advance`), so "changed
 * since" filters, token expiry and due dates can be exercised without waiting.
 */
export class SimClock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  nowMs(): number {
    return Date.now() + this.offsetMs;
  }

  advance(ms: number): Date {
    this.offsetMs += ms;
    return this.now();
  }

  /** Jumps simulated time to `date` (tests start from a scenario's anchor). */
  set(date: Date): Date {
    this.offsetMs = date.getTime() - Date.now();
    return this.now();
  }

  get offset(): number {
    return this.offsetMs;
  }
}
