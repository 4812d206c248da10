// Container healthcheck (the images have no curl): exits 0 when every URL given answers 2xx
// within the timeout, 1 otherwise, printing one line per failure for `docker inspect`.
//
//   node infra/healthcheck.ts http://127.0.0.1:3010/readyz [more URLs…]
//
// HEALTHCHECK_TIMEOUT_MS (default 3000) bounds each request; compose's own `timeout` should be
// longer so that this script, not Docker, reports a slow answer.

const timeoutMs = Number(process.env['HEALTHCHECK_TIMEOUT_MS'] ?? 3000);
const urls = process.argv.slice(2);
if (urls.length === 0) {
  process.stderr.write('usage: node infra/healthcheck.ts URL [URL…]\n');
  process.exit(2);
}

const failures = await Promise.all(
  urls.map(async (url): Promise<string | undefined> => {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
      await response.body?.cancel();
      return response.ok ? undefined : `${url}: HTTP ${response.status}`;
    } catch (error) {
      const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : '';
      return `${url}: ${error instanceof Error ? error.message : String(error)}${cause}`;
    }
  }),
);
const problems = failures.filter((failure) => failure !== undefined);
for (const problem of problems) process.stderr.write(`${problem}\n`);
process.exit(problems.length === 0 ? 0 : 1);
