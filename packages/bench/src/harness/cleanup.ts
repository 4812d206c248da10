/** What must stop if the benchmark is interrupted (Ctrl-C): running stacks and simulators. */
const pending = new Set<() => Promise<unknown>>();

/** Registers `close` until it has run; returns a wrapper that runs it once and unregisters it. */
export function onInterrupt(close: () => Promise<unknown>): () => Promise<void> {
  let done = false;
  const once = async () => {
    if (done) return;
    done = true;
    pending.delete(once);
    await close();
  };
  pending.add(once);
  return once;
}

export async function closeEverything(): Promise<void> {
  for (const close of [...pending].toReversed()) await close().catch(() => undefined);
}
