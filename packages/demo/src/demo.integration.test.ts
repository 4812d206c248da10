import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { inheritedEnv, test } from '@mlc/testing';
import pg from 'pg';
import { describe, expect } from 'vitest';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('pnpm demo', () => {
  test(
    'reaches its summary, then Ctrl-C stops every app and exits 0',
    { timeout: 240_000 },
    async ({ redis }) => {
      const databaseName = `mlc_demo_t${process.pid}`;
      const serverUrl = new URL(
        process.env['DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/postgres',
      );
      const child = spawn(process.execPath, [join(import.meta.dirname, 'demo.ts')], {
        env: {
          ...inheritedEnv(),
          DATABASE_URL: serverUrl.toString(),
          REDIS_URL: redis.url,
          MLC_DEMO_DATABASE: databaseName,
          ADMIN_PORT: '0',
          LOG_LEVEL: 'info',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const exited = once(child, 'exit');
      const output: string[] = [];
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      const running = new Promise<void>((resolve, reject) => {
        createInterface({ input: child.stdout }).on('line', (line) => {
          output.push(line);
          if (line.includes('Press Ctrl-C to stop')) resolve();
        });
        void exited.then(() => reject(new Error(`demo exited early:\n${output.join('\n')}\n${stderr}`)));
      });
      try {
        await running;
        const text = output.join('\n');
        const pids = [...text.matchAll(/\(pid (\d+)\)/g)].map((match) => Number(match[1]));
        expect(pids).toHaveLength(6);
        expect(pids.every(alive)).toBe(true);
        expect(text).toMatch(/✓ \d+ purchase orders: \d+ synced/);
        expect(text).toMatch(/✓ \d+ bills: \d+ synced/);
        expect(text).toMatch(/re-queued at once; [1-9]\d* now in Oracle/);
        expect(text).toContain('/admin/queues');

        child.kill('SIGINT');
        const [code] = await exited;
        expect(code).toBe(0);
        expect(output.join('\n')).toContain('every app stopped cleanly');
        expect(pids.filter(alive)).toEqual([]);
      } finally {
        if (child.exitCode === null) child.kill('SIGKILL');
        const admin = new pg.Client({ connectionString: serverUrl.toString() });
        await admin.connect();
        await admin.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
        await admin.end();
      }
    },
  );
});
