/**
 * Deterministic BullMQ job ids. BullMQ rejects custom ids containing ':' (its key separator), so
 * each part is escaped (anything outside [A-Za-z0-9_-] becomes `~hh`) and parts are joined by
 * '.', which the escaping never leaves in a part: distinct inputs always give distinct ids.
 */
export function escapeJobIdPart(part: string | number): string {
  return String(part).replace(/[^A-Za-z0-9_-]/gu, (char) =>
    [...Buffer.from(char, 'utf8')].map((byte) => `~${byte.toString(16).padStart(2, '0')}`).join(''),
  );
}

export function buildJobId(kind: string, ...parts: (string | number)[]): string {
  return [kind, ...parts].map(escapeJobIdPart).join('.');
}

/** Content hashes are long; 16 hex characters (64 bits) keep ids short and collisions negligible per record. */
export function shortHash(hash: string): string {
  return hash.slice(0, 16);
}
