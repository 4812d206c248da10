import type { FastifyInstance } from 'fastify';

/** Django's plain 404 page (DEBUG off), for URLs no view serves. */
const notFoundPage = `<!doctype html>
<html lang="en">
<head>
  <title>Not Found</title>
</head>
<body>
  <h1>Not Found</h1><p>The requested resource was not found on this server.</p>
</body>
</html>
`;

export const serverErrorPage = `<!doctype html>
<html lang="en">
<head>
  <title>Server Error (500)</title>
</head>
<body>
  <h1>Server Error (500)</h1><p></p>
</body>
</html>
`;

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * URL handling the way Procurify's Django stack shows it to clients, for everything outside
 * `/_sim`: paths end with '/', and a GET/HEAD without it is redirected (301, CommonMiddleware's
 * APPEND_SLASH) when the slashed path exists; other methods get the 404 page. A known path
 * asked with a method it does not serve answers DRF's 405. Must be installed before routes.
 */
export function serveUrlsLikeDjango(app: FastifyInstance): void {
  const routes: { method: string; pattern: RegExp }[] = [];
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/_sim')) return;
    const pattern = new RegExp(`^${escapeRegex(route.url).replace(/:[A-Za-z_]\w*/g, '[^/]+')}$`);
    for (const method of Array.isArray(route.method) ? route.method : [route.method])
      routes.push({ method, pattern });
  });
  const methodsServing = (path: string) =>
    routes.filter((route) => route.pattern.test(path)).map((route) => route.method);

  app.setNotFoundHandler(async (request, reply) => {
    const queryAt = request.url.indexOf('?');
    const path = queryAt < 0 ? request.url : request.url.slice(0, queryAt);
    const search = queryAt < 0 ? '' : request.url.slice(queryAt);
    if (!path.startsWith('/_sim')) {
      const allowed = methodsServing(path);
      if (allowed.length > 0)
        return reply
          .code(405)
          .header('allow', [...new Set([...allowed, 'OPTIONS'])].join(', '))
          .send({ detail: `Method "${request.method}" not allowed.` });
      const isSafe = request.method === 'GET' || request.method === 'HEAD';
      if (isSafe && !path.endsWith('/') && methodsServing(`${path}/`).includes(request.method))
        return reply.code(301).header('location', `${path}/${search}`).send();
    }
    return reply.code(404).type('text/html; charset=utf-8').send(notFoundPage);
  });
}
