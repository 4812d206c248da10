/**
 * Keys whose values are secrets wherever they appear in a log object (up to three levels deep,
 * which covers `{ connection: { oracle: { auth: … } } }` shapes).
 */
export const secretKeys = [
  'authorization',
  'Authorization',
  'cookie',
  'set-cookie',
  'password',
  'secret',
  'clientSecret',
  'client_secret',
  'accessToken',
  'access_token',
  'refreshToken',
  'refresh_token',
  'token',
  'idToken',
  'assertion',
  'client_assertion',
  'privateKey',
  'private_key',
  'masterKey',
  'MLC_MASTER_KEY',
  'MLC_MASTER_KEY_PREVIOUS',
  'ADMIN_TOKEN',
  'ADMIN_VIEWER_TOKEN',
  'INTERNAL_TOKEN',
  'ciphertext',
] as const;

function bracket(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? key : `["${key}"]`;
}

function join(prefix: string, key: string): string {
  const part = bracket(key);
  if (prefix === '') return part;
  return part.startsWith('[') ? `${prefix}${part}` : `${prefix}.${part}`;
}

export const redactPaths: string[] = secretKeys.flatMap((key) =>
  ['', '*', '*.*', '*.*.*'].map((prefix) => join(prefix, key)),
);

const bearerPattern = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/g;

/** Scrubs credentials that slipped into free text (an upstream echoing a header, say). */
export function scrubText(text: string): string {
  return text.replace(bearerPattern, '$1 [redacted]');
}
