import { PermanentError } from '@mlc/errors';

/**
 * Which hosts an upstream URL may point at (design.md §2 "Security"): Procurify tenants live on
 * `https://{subdomain}.procurify.com`, Oracle pods on `https://…oraclecloud.com`, identity
 * domains on `https://idcs-….identity.oraclecloud.com`. Plain HTTP and local hosts (the
 * simulators) need MLC_ALLOW_INSECURE_UPSTREAMS=1.
 */
export type UpstreamUrlKind = 'procurify' | 'oracle-pod' | 'oracle-token';

const allowedHosts: Record<UpstreamUrlKind, { pattern: RegExp; description: string }> = {
  procurify: { pattern: /^[a-z0-9-]+\.procurify\.com$/, description: 'https://{subdomain}.procurify.com' },
  'oracle-pod': {
    pattern: /^([a-z0-9-]+\.)+oraclecloud\.com$/,
    description: 'https://{pod}.fa.{region}.oraclecloud.com',
  },
  'oracle-token': {
    pattern: /^idcs-[a-z0-9]+\.identity\.oraclecloud\.com$/,
    description: 'https://idcs-{id}.identity.oraclecloud.com',
  },
};

export class UnsafeUpstreamUrlError extends PermanentError {
  constructor(message: string) {
    super(message, { code: 'UNSAFE_UPSTREAM_URL' });
  }
}

export const procurifySubdomainPattern = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** Returns the parsed URL, or throws UnsafeUpstreamUrlError saying what is allowed. */
export function assertSafeUpstreamUrl(kind: UpstreamUrlKind, value: string, allowInsecure: boolean): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UnsafeUpstreamUrlError(`"${value}" is not a valid URL`);
  }
  if (url.username || url.password) {
    throw new UnsafeUpstreamUrlError(`${kind} URL must not carry credentials`);
  }
  if (allowInsecure) {
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new UnsafeUpstreamUrlError(`${kind} URL must use http or https, not ${url.protocol}`);
    }
    return url;
  }
  const rule = allowedHosts[kind];
  if (url.protocol !== 'https:') {
    throw new UnsafeUpstreamUrlError(
      `${kind} URL ${url.origin} must use https (plain http is only allowed with MLC_ALLOW_INSECURE_UPSTREAMS=1)`,
    );
  }
  if (!rule.pattern.test(url.hostname) || url.port !== '') {
    throw new UnsafeUpstreamUrlError(
      `${kind} URL ${url.origin} is not an allowed host: expected ${rule.description} ` +
        `(other hosts, such as the simulators, need MLC_ALLOW_INSECURE_UPSTREAMS=1)`,
    );
  }
  return url;
}
