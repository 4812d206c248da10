/**
 * Reading what an upstream answered. Oracle replies to validation failures in plain text (or JSON
 * at higher framework versions), Procurify in DRF-style JSON, and both sit behind load balancers
 * that answer 502/503/504 with HTML pages. Each becomes one readable message.
 */

const maxMessageLength = 1_000;

export function parseBody(contentType: string, text: string): { value: unknown; malformedJson: boolean } {
  const looksJson = /json/i.test(contentType) || (contentType === '' && /^\s*[[{]/.test(text));
  if (!looksJson || text.trim() === '') return { value: text, malformedJson: false };
  try {
    return { value: JSON.parse(text) as unknown, malformedJson: false };
  } catch {
    return { value: text, malformedJson: true };
  }
}

function clip(text: string): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  return clean.length > maxMessageLength ? `${clean.slice(0, maxMessageLength - 1)}…` : clean;
}

function fromHtml(html: string): string {
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(html)?.[1]?.trim();
  const heading = /<h1[^>]*>([^<]*)<\/h1>/i.exec(html)?.[1]?.trim();
  const text = [title, heading && heading !== title ? heading : undefined].filter(Boolean).join(' – ');
  return `HTML error page${text ? `: ${text}` : ''}`;
}

/** DRF field errors `{"name": ["too long"]}` → "name: too long". */
function fromFieldErrors(body: Record<string, unknown>): string | undefined {
  const parts: string[] = [];
  for (const [field, value] of Object.entries(body)) {
    if (Array.isArray(value) && value.every((item) => typeof item === 'string')) {
      parts.push(`${field}: ${value.join(' ')}`);
    } else if (value && typeof value === 'object' && !Array.isArray(value)) {
      const nested = fromFieldErrors(value as Record<string, unknown>);
      if (nested) parts.push(`${field}.${nested}`);
    }
  }
  return parts.length > 0 ? parts.join('; ') : undefined;
}

function fromJson(body: unknown): string | undefined {
  if (typeof body === 'string') return body;
  if (!body || typeof body !== 'object') return undefined;
  const record = body as Record<string, unknown>;
  const details = record['o:errorDetails'];
  if (Array.isArray(details)) {
    const texts = details
      .map((detail) =>
        detail && typeof detail === 'object' ? (detail as Record<string, unknown>)['detail'] : undefined,
      )
      .filter((text): text is string => typeof text === 'string');
    if (texts.length > 0) return texts.join('; ');
  }
  for (const key of ['detail', 'error_description', 'message', 'title', 'error']) {
    const value = record[key];
    if (typeof value === 'string' && value.trim()) return value;
  }
  return fromFieldErrors(record);
}

/** The upstream's own words for a response, in one line. */
export function describeUpstreamBody(response: {
  status: number;
  text: string;
  body: unknown;
  headers: Record<string, unknown>;
}): string {
  const header = response.headers['content-type'];
  const contentType = typeof header === 'string' ? header : '';
  if (/html/i.test(contentType) || /^\s*<(!doctype|html)/i.test(response.text))
    return clip(fromHtml(response.text));
  const fromBody = typeof response.body === 'string' ? response.body : fromJson(response.body);
  if (fromBody?.trim()) return clip(fromBody);
  return `HTTP ${response.status} with an empty body`;
}
