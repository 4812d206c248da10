import { createHash } from 'node:crypto';

/** A short, non-reversible name for a token: safe to log, to send, to compare. */
export function tokenFingerprint(token: string): string {
  return createHash('sha256').update(token).digest('hex').slice(0, 16);
}
