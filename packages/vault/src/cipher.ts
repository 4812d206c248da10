import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** Plain byte arrays (what Prisma's `Bytes` columns hold). */
export interface SealedSecret {
  ciphertext: Uint8Array<ArrayBuffer>;
  iv: Uint8Array<ArrayBuffer>;
  authTag: Uint8Array<ArrayBuffer>;
}

/**
 * AES-256-GCM with a random 96-bit IV. `associatedData` binds the ciphertext to where it is
 * stored (e.g. "acme-mfg:oracle"), so a row copied onto another connection does not decrypt.
 */
export function seal(key: Buffer, plaintext: string, associatedData: string): SealedSecret {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return {
    ciphertext: Uint8Array.from(ciphertext),
    iv: Uint8Array.from(iv),
    authTag: Uint8Array.from(cipher.getAuthTag()),
  };
}

export function open(
  key: Buffer,
  sealed: { ciphertext: Uint8Array; iv: Uint8Array; authTag: Uint8Array },
  associatedData: string,
): string {
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.iv);
  decipher.setAAD(Buffer.from(associatedData, 'utf8'));
  decipher.setAuthTag(sealed.authTag);
  return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]).toString('utf8');
}
