import { setTimeout as delay } from 'node:timers/promises';

/**
 * Resolves once `check` returns a value other than undefined/false, re-checking after each
 * `intervalMs`. For state that lives in another process (a database row, a simulator's store),
 * where there is no event to await; fails with `description` after `timeoutMs`.
 */
export async function until<T>(
  description: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  options: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting until ${description}`);
    await delay(options.intervalMs ?? 25);
  }
}
