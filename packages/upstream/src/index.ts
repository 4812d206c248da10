export {
  UpstreamHttp,
  defaultTimeoutsMs,
  parseRetryAfter,
  type AccessToken,
  type RequestKind,
  type TokenProvider,
  type UpstreamClientOptions,
  type UpstreamRequest,
  type UpstreamRequestEvent,
  type UpstreamResponse,
} from './http-client.ts';
export { describeUpstreamBody, parseBody } from './response-body.ts';
export {
  assertSafeUpstreamUrl,
  procurifySubdomainPattern,
  UnsafeUpstreamUrlError,
  type UpstreamUrlKind,
} from './url-policy.ts';
export { tokenFingerprint } from './fingerprint.ts';
