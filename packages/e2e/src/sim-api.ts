import type { RunningSimulators } from '@mlc/simulators';

/**
 * What a person does in either system during a test: the simulators' control APIs (`/_sim/…`),
 * and Procurify's public API with a token of its own (as a Procurify user editing a vendor would).
 */

export async function control<T = unknown>(
  sims: RunningSimulators,
  system: 'procurify' | 'oracle',
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(`${sims[system].url}/_sim/${system}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

export async function procurifyApi<T = unknown>(
  sims: RunningSimulators,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const tokenResponse = await fetch(`${sims.procurify.url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      grant_type: 'client_credentials',
      client_id: sims.procurify.credentials.clientId,
      client_secret: sims.procurify.credentials.clientSecret,
      audience: 'https://api.procurify.com/',
    }),
  });
  const { access_token: token } = (await tokenResponse.json()) as { access_token: string };
  const response = await fetch(`${sims.procurify.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      'x-procurify-client': 'api',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return (JSON.parse(text) as { data: T }).data;
}
