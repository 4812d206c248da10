import { createHash, hkdfSync } from 'node:crypto';

export interface MasterKey {
  key: Buffer;
  /** First 16 hex characters of SHA-256 of the key: names it without revealing it. */
  fingerprint: string;
}

function toMasterKey(base64: string, label: string): MasterKey {
  const key = Buffer.from(base64.trim(), 'base64');
  if (key.length !== 32) throw new Error(`${label} must be base64 of 32 bytes`);
  return { key, fingerprint: createHash('sha256').update(key).digest('hex').slice(0, 16) };
}

/**
 * The master keys a process holds: the current one (encrypts everything new) and previous ones
 * (still decrypt until `mlc keys rotate` has re-encrypted their rows). From MLC_MASTER_KEY and
 * MLC_MASTER_KEY_PREVIOUS (comma-separated).
 */
export class KeyRing {
  readonly current: MasterKey;
  private readonly byFingerprint: Map<string, MasterKey>;

  constructor(current: string, previous: readonly string[] = []) {
    this.current = toMasterKey(current, 'MLC_MASTER_KEY');
    const keys = [
      this.current,
      ...previous
        .filter((value) => value.trim())
        .map((value) => toMasterKey(value, 'MLC_MASTER_KEY_PREVIOUS')),
    ];
    this.byFingerprint = new Map(keys.map((key) => [key.fingerprint, key]));
  }

  static fromEnv(current: string, previous?: string): KeyRing {
    return new KeyRing(current, previous ? previous.split(',') : []);
  }

  find(fingerprint: string): MasterKey | undefined {
    return this.byFingerprint.get(fingerprint);
  }

  get fingerprints(): string[] {
    return [...this.byFingerprint.keys()];
  }

  /** A key for another purpose (e.g. the token cache), derived from the current master key. */
  derive(purpose: string): Buffer {
    return Buffer.from(hkdfSync('sha256', this.current.key, 'ml-connector', purpose, 32));
  }
}
