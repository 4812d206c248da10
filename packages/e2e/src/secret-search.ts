import { randomBytes } from 'node:crypto';

/**
 * Planted secrets and the search for them (security.integration.test.ts). A secret leaks in
 * more shapes than its own text: inside a Basic header (base64 of `user:secret`, at whatever
 * offset the user name puts it), as bytes in a bytea column (hex), base64 or base64url inside a
 * longer encoded blob, URL-encoded. Each planted secret is searched in every shape it could take
 * on the way out.
 */

/** A fresh secret that nothing else in the run can contain by chance (letters and digits only, so
 * JSON, URL and form encodings leave it as it is). */
export function plantSecret(label: string): string {
  return `${label}${randomBytes(16).toString('hex')}`;
}

export interface SearchedSecret {
  /** What the secret is, for the failure message (the value itself is never printed). */
  name: string;
  /** Every text form to look for. */
  forms: string[];
}

/**
 * The part of the base64 (or base64url) text of `bytes` that is the same wherever the bytes sit
 * in a longer encoded blob: one form per alignment (0, 1 or 2 bytes before them). The characters
 * that also carry bits of the neighbouring bytes are cut off at both ends.
 */
export function base64Cores(bytes: Buffer, alphabet: 'base64' | 'base64url'): string[] {
  return [0, 1, 2].map((shift) => {
    const encoded = Buffer.concat([Buffer.alloc(shift), bytes]).toString(alphabet);
    const start = Math.ceil((shift * 8) / 6);
    const end = Math.floor(((shift + bytes.length) * 8) / 6);
    return encoded.slice(start, end);
  });
}

function byteForms(bytes: Buffer): string[] {
  return [
    bytes.toString('hex'),
    bytes.toString('hex').toUpperCase(),
    ...base64Cores(bytes, 'base64'),
    ...base64Cores(bytes, 'base64url'),
  ];
}

/** A text secret: itself, URL-encoded, and its UTF-8 bytes as hex and as base64/base64url at any offset. */
export function textSecret(name: string, value: string): SearchedSecret {
  const forms = [value, encodeURIComponent(value), ...byteForms(Buffer.from(value, 'utf8'))];
  return { name, forms: [...new Set(forms)] };
}

/** A key given as base64 (MLC_MASTER_KEY): its text in every form, and its raw bytes in every form. */
export function base64KeySecret(name: string, base64: string): SearchedSecret {
  const raw = Buffer.from(base64, 'base64');
  return { name, forms: [...new Set([...textSecret(name, base64).forms, ...byteForms(raw)])] };
}

/**
 * One line per secret found in `texts`: where, which secret, and the text around it with the
 * secret replaced by its name (so a failing run prints no secret).
 */
export function findLeaks(
  where: string,
  texts: Iterable<string>,
  secrets: readonly SearchedSecret[],
): string[] {
  const leaks: string[] = [];
  for (const text of texts) {
    for (const secret of secrets) {
      const form = secret.forms.find((candidate) => text.includes(candidate));
      if (form === undefined) continue;
      const at = text.indexOf(form);
      let context = text.slice(Math.max(0, at - 160), at + form.length + 80);
      // Every secret's forms, not only this one's: the message must print none of them.
      for (const { name, forms } of secrets)
        for (const other of forms) context = context.replaceAll(other, `<${name}>`);
      leaks.push(`${where}: ${secret.name} in …${context}…`);
    }
  }
  return leaks;
}
