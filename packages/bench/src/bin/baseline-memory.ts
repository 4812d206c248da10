#!/usr/bin/env node
// `node packages/bench/src/bin/baseline-memory.ts`: what an app's resident set is made of before
// it does any work — the RSS after each of the imports every app makes, in the order they load,
// and after Prisma's first query. The memory scenario's "idle RSS" is this plus the app's own
// modules; docs/benchmarks.md explains why it matters for the 200 MB target.

const rows: [string, NodeJS.MemoryUsage][] = [];
const mark = (step: string) => rows.push([step, process.memoryUsage()]);

// A bare `node` starts at ~42 MiB; running this .ts file already loaded type stripping (amaro).
mark('node with type stripping');
const { env } = await import('../env.ts');
mark('+ zod and @mlc/config');
const { createDatabase } = await import('@mlc/db');
mark('+ @mlc/db (Prisma client, query compiler, pg)');
const database = createDatabase({
  url: env.DATABASE_URL,
  poolSize: 1,
  connectTimeoutMs: 5_000,
  statementTimeoutMs: 5_000,
  applicationName: 'mlc-bench-baseline',
});
try {
  await database.prisma.$queryRaw`SELECT 1`;
  mark('+ first Prisma query');
  await import('bullmq');
  mark('+ bullmq, ioredis');
  await import('@mlc/procurify-client');
  await import('@mlc/oracle-client');
  mark('+ @mlc/procurify-client, @mlc/oracle-client (got)');
  await import('@mlc/pipeline');
  mark('+ @mlc/pipeline (mapping, ledger, queues, connections)');
} finally {
  await database.close();
}

const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(0).padStart(5);
console.log('  rss  heap used  external  step');
for (const [step, usage] of rows)
  console.log(`${mib(usage.rss)}  ${mib(usage.heapUsed)}      ${mib(usage.external)}     ${step}`);
console.log('(MiB; process.memoryUsage() after each step)');
