import { randomBytes } from 'node:crypto';
import type { SimClock } from './clock.ts';

export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
}

interface IssuedToken {
  clientId: string;
  issuedAtMs: number;
  expiresAtMs: number;
  scope: string | undefined;
}

export type TokenCheck =
  | { ok: true; clientId: string; ageSeconds: number; scope: string | undefined }
  | { ok: false; reason: 'missing' | 'unknown' | 'expired' | 'revoked' };

/** OAuth clients and the bearer tokens issued to them, on the simulator's clock. */
export class TokenStore {
  private readonly clients = new Map<string, { secret: string; active: boolean }>();
  private readonly tokens = new Map<string, IssuedToken>();
  /** Lifetime of new tokens, seconds; tests change it at run time. */
  expiresInSeconds: number;
  issuedCount = 0;

  private readonly clock: SimClock;

  constructor(clock: SimClock, options: { expiresInSeconds: number }) {
    this.clock = clock;
    this.expiresInSeconds = options.expiresInSeconds;
  }

  registerClient(credentials: ClientCredentials): void {
    this.clients.set(credentials.clientId, { secret: credentials.clientSecret, active: true });
  }

  /** Checks client credentials; undefined when they are wrong or revoked. */
  authenticate(clientId: string | undefined, clientSecret: string | undefined): string | undefined {
    if (!clientId || clientSecret === undefined) return undefined;
    const client = this.clients.get(clientId);
    return client?.active && client.secret === clientSecret ? clientId : undefined;
  }

  issue(clientId: string, scope?: string): { accessToken: string; expiresIn: number } {
    const accessToken = `sim_${randomBytes(24).toString('base64url')}`;
    const issuedAtMs = this.clock.nowMs();
    this.tokens.set(accessToken, {
      clientId,
      issuedAtMs,
      expiresAtMs: issuedAtMs + this.expiresInSeconds * 1000,
      scope,
    });
    this.issuedCount += 1;
    return { accessToken, expiresIn: this.expiresInSeconds };
  }

  check(authorization: string | undefined): TokenCheck {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match?.[1]) return { ok: false, reason: 'missing' };
    const token = this.tokens.get(match[1]);
    if (!token) return { ok: false, reason: 'unknown' };
    if (!this.clients.get(token.clientId)?.active) return { ok: false, reason: 'revoked' };
    const now = this.clock.nowMs();
    if (now >= token.expiresAtMs) return { ok: false, reason: 'expired' };
    return {
      ok: true,
      clientId: token.clientId,
      ageSeconds: (now - token.issuedAtMs) / 1000,
      scope: token.scope,
    };
  }

  /** Every access token issued so far (secret-leak tests search for them where none may be). */
  issuedTokens(): string[] {
    return [...this.tokens.keys()];
  }

  /** Every token issued so far expires now. */
  expireAll(): number {
    const now = this.clock.nowMs();
    for (const token of this.tokens.values()) token.expiresAtMs = Math.min(token.expiresAtMs, now);
    return this.tokens.size;
  }

  /** The client's credentials stop working and its tokens are rejected (or every client's). */
  revoke(clientId?: string): void {
    for (const [id, client] of this.clients) if (!clientId || id === clientId) client.active = false;
  }

  restore(clientId?: string): void {
    for (const [id, client] of this.clients) if (!clientId || id === clientId) client.active = true;
  }
}
