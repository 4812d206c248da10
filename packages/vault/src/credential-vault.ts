import type { PrismaClient, UpstreamSystem } from '@mlc/db';
import { open, seal } from './cipher.ts';
import type { KeyRing } from './key-ring.ts';

export class VaultError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'VaultError';
    this.code = code;
  }
}

export interface RotationResult {
  reencrypted: number;
  /** Rows left under another key (their key is not in this process's key ring). */
  remaining: number;
  retiredVersions: number[];
  currentVersion: number;
}

type Db = Pick<PrismaClient, 'encryptionKey' | 'credential' | '$transaction'>;

/**
 * Credentials at rest: one AES-256-GCM ciphertext per connection and system, with the version
 * of the master key it is sealed under. Values are JSON objects (client id and secret, private
 * key…); this class never logs or returns them anywhere but to its caller.
 */
export class CredentialVault {
  private readonly db: Db;
  private readonly keys: KeyRing;
  private versions: Map<number, string> | undefined;
  private currentVersion: number | undefined;

  constructor(db: Db, keys: KeyRing) {
    this.db = db;
    this.keys = keys;
  }

  /** Registers the current key's fingerprint (once per process) and returns its version. */
  async ensureCurrentKey(): Promise<number> {
    if (this.currentVersion !== undefined) return this.currentVersion;
    const fingerprint = this.keys.current.fingerprint;
    const row = await this.db.encryptionKey.upsert({
      where: { fingerprint },
      create: { fingerprint },
      update: { retiredAt: null },
    });
    this.currentVersion = row.version;
    this.versions = undefined;
    return row.version;
  }

  private async keyFor(version: number) {
    if (!this.versions?.has(version)) {
      const rows = await this.db.encryptionKey.findMany();
      this.versions = new Map(rows.map((row) => [row.version, row.fingerprint]));
    }
    const fingerprint = this.versions.get(version);
    const key = fingerprint ? this.keys.find(fingerprint) : undefined;
    if (!key) {
      throw new VaultError(
        'KEY_UNAVAILABLE',
        `Credentials are encrypted under key version ${version}, which is not in MLC_MASTER_KEY or MLC_MASTER_KEY_PREVIOUS`,
      );
    }
    return key.key;
  }

  async store(connectionId: string, system: UpstreamSystem, secret: Record<string, unknown>): Promise<void> {
    const keyVersion = await this.ensureCurrentKey();
    const sealed = seal(this.keys.current.key, JSON.stringify(secret), `${connectionId}:${system}`);
    const data = { ...sealed, keyVersion };
    await this.db.credential.upsert({
      where: { connectionId_system: { connectionId, system } },
      create: { connectionId, system, ...data },
      update: data,
    });
  }

  /** The decrypted secret, or undefined when none is stored. */
  async load(connectionId: string, system: UpstreamSystem): Promise<Record<string, unknown> | undefined> {
    const row = await this.db.credential.findUnique({
      where: { connectionId_system: { connectionId, system } },
    });
    if (!row) return undefined;
    const key = await this.keyFor(row.keyVersion);
    try {
      return JSON.parse(open(key, row, `${connectionId}:${system}`)) as Record<string, unknown>;
    } catch {
      throw new VaultError(
        'DECRYPT_FAILED',
        `Credentials of ${connectionId}/${system} could not be decrypted (wrong key or tampered row)`,
      );
    }
  }

  /** When the credentials of a connection last changed (to resume after an auth failure). */
  async updatedAt(connectionId: string, system: UpstreamSystem): Promise<Date | undefined> {
    const row = await this.db.credential.findUnique({
      where: { connectionId_system: { connectionId, system } },
      select: { updatedAt: true },
    });
    return row?.updatedAt;
  }

  /**
   * Re-encrypts every credential sealed under an older key with the current one, in small
   * transactions (each row checked again under lock), then retires versions nothing uses.
   * Safe to run while apps run: readers hold both keys until it completes.
   */
  async rotate(
    options: { batchSize?: number; onProgress?: (done: number) => void } = {},
  ): Promise<RotationResult> {
    const currentVersion = await this.ensureCurrentKey();
    const batchSize = options.batchSize ?? 50;
    let reencrypted = 0;
    let skipped = 0;
    for (;;) {
      const rows = await this.db.credential.findMany({
        where: { keyVersion: { not: currentVersion } },
        orderBy: { id: 'asc' },
        take: batchSize,
        skip: skipped,
      });
      if (rows.length === 0) break;
      for (const row of rows) {
        let plaintext: string;
        try {
          plaintext = open(await this.keyFor(row.keyVersion), row, `${row.connectionId}:${row.system}`);
        } catch {
          skipped += 1;
          continue;
        }
        const sealed = seal(this.keys.current.key, plaintext, `${row.connectionId}:${row.system}`);
        // Only if nobody rewrote the row meanwhile (a new secret stored concurrently wins).
        const { count } = await this.db.credential.updateMany({
          where: { id: row.id, keyVersion: row.keyVersion, updatedAt: row.updatedAt },
          data: { ...sealed, keyVersion: currentVersion },
        });
        reencrypted += count;
      }
      options.onProgress?.(reencrypted);
    }
    const inUse = await this.db.credential.groupBy({ by: ['keyVersion'], _count: true });
    const used = new Set(inUse.map((group) => group.keyVersion));
    const stale = await this.db.encryptionKey.findMany({
      where: { retiredAt: null, version: { not: currentVersion } },
    });
    const retiredVersions = stale.filter((key) => !used.has(key.version)).map((key) => key.version);
    if (retiredVersions.length > 0) {
      await this.db.encryptionKey.updateMany({
        where: { version: { in: retiredVersions } },
        data: { retiredAt: new Date() },
      });
    }
    const remaining = inUse
      .filter((group) => group.keyVersion !== currentVersion)
      .reduce((sum, group) => sum + group._count, 0);
    return { reencrypted, remaining, retiredVersions, currentVersion };
  }
}
