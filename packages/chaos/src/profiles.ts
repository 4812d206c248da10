/** What one chaos run does: its size, its faults and its deadlines. */
export interface ChaosProfile {
  name: 'full' | 'ci';
  seed: number;
  purchaseOrders: number;
  bills: number;
  /** Each app is SIGKILLed after a pause drawn from [min, max] ms, then restarted. */
  killEveryMs: { min: number; max: number };
  /** Both simulators expire every token they issued this often. */
  tokenExpiryEveryMs: number;
  /** Share of the documents expected to sync that are synced when Redis is restarted (0..1). */
  redisRestartAt: number;
  /** How long the private Redis stays down. */
  redisDownMs: number;
  /** Share synced when Postgres is restarted (cut and refused through the proxy). */
  postgresRestartAt: number;
  postgresDownMs: number;
  /** Chaos stops after this long even if the pipeline has not finished (then the run fails). */
  maxChaosMs: number;
  /** After chaos: the last "sync now" must drain within this. */
  finalDrainMs: number;
}

/** The run: 2,000 POs + 2,000 bills, every app killed every 10–20 s. */
export const fullProfile: ChaosProfile = {
  name: 'full',
  seed: 29,
  purchaseOrders: 2_000,
  bills: 2_000,
  killEveryMs: { min: 10_000, max: 20_000 },
  tokenExpiryEveryMs: 30_000,
  redisRestartAt: 0.35,
  redisDownMs: 3_000,
  postgresRestartAt: 0.65,
  postgresDownMs: 8_000,
  maxChaosMs: 90 * 60_000,
  finalDrainMs: 10 * 60_000,
};

/**
 * The CI-sized run (`--ci`): 200 + 200 with the kill rate. (Kills every 5–10 s left each
 * app down most of the time on 2 busy cores — a restart takes 10–25 s there — and the run did
 * not finish in 15 min.)
 */
export const ciProfile: ChaosProfile = {
  ...fullProfile,
  name: 'ci',
  purchaseOrders: 200,
  bills: 200,
  postgresDownMs: 5_000,
  maxChaosMs: 15 * 60_000,
  finalDrainMs: 5 * 60_000,
};
