import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { Queue } from 'bullmq';
import type { FastifyInstance } from 'fastify';

/** Where the board lives (design.md §3), and the read-only twin viewers are sent to. */
export const boardPath = '/admin/queues';
export const readOnlyBoardPath = `${boardPath}/read-only`;

/**
 * Two Bull Boards over the same queues: the full one for the admin token, and a read-only one
 * (bull-board's readOnlyMode: no retry, clean, promote, pause… buttons, and its API refuses
 * them) where viewers are redirected. The auth hook refuses every viewer mutation anyway; the
 * second board only spares viewers buttons that could never work.
 */
export async function registerBullBoards(app: FastifyInstance, queues: readonly Queue[]): Promise<void> {
  for (const [basePath, readOnlyMode] of [
    [boardPath, false],
    [readOnlyBoardPath, true],
  ] as const) {
    const serverAdapter = new FastifyAdapter();
    serverAdapter.setBasePath(basePath);
    createBullBoard({
      queues: queues.map((queue) => new BullMQAdapter(queue, { readOnlyMode })),
      serverAdapter,
      options: {
        uiConfig: { boardTitle: readOnlyMode ? 'ml-connector queues (read-only)' : 'ml-connector queues' },
      },
    });
    await app.register(serverAdapter.registerPlugin(), { prefix: basePath });
  }
}

/** A viewer opening a page of the full board lands on the same page of the read-only one. */
export function readOnlyRedirect(url: string): string | undefined {
  const path = url.split('?', 1)[0] ?? url;
  if (path !== boardPath && !path.startsWith(`${boardPath}/`)) return undefined;
  const rest = path.slice(boardPath.length);
  if (rest.startsWith('/read-only') || rest.startsWith('/api/') || rest.startsWith('/static/'))
    return undefined;
  return `${readOnlyBoardPath}${rest === '/' ? '' : rest}${url.slice(path.length)}`;
}
