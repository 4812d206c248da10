// Simple-GET throughput of each simulator, in its own process (`pnpm --filter @mlc/simulators bench`).
// The simulators run in a child process (both in one, as `pnpm sim` starts them); this process
// is the load generator: N keep-alive connections, each sending one request after another.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import http from 'node:http';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const durationMs = Number(process.env['BENCH_DURATION_MS'] ?? 5_000);
const connections = Number(process.env['BENCH_CONNECTIONS'] ?? 32);
const procurifyPort = 4610;
const oraclePort = 4620;

const child = spawn(
  process.execPath,
  [
    join(import.meta.dirname, '..', 'src', 'bin', 'sim.ts'),
    '--procurify-port',
    String(procurifyPort),
    '--oracle-port',
    String(oraclePort),
    '--purchase-orders',
    '1000',
  ],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
for await (const line of createInterface({ input: child.stdout })) if (line.startsWith('(development')) break;

async function token(url: string, init: RequestInit): Promise<string> {
  const response = await fetch(url, init);
  return ((await response.json()) as { access_token: string }).access_token;
}

const procurifyToken = await token(`http://127.0.0.1:${procurifyPort}/oauth/token`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({
    client_id: 'sim-procurify-client',
    client_secret: 'sim-procurify-secret',
    audience: 'https://api.procurify.com/',
    grant_type: 'client_credentials',
  }),
});
const oracleToken = await token(`http://127.0.0.1:${oraclePort}/oauth2/v1/token`, {
  method: 'POST',
  headers: {
    authorization: `Basic ${Buffer.from('sim-oracle-client:sim-oracle-secret').toString('base64')}`,
    'content-type': 'application/x-www-form-urlencoded',
  },
  body: 'grant_type=client_credentials&scope=urn:opc:resource:fa:instanceid=1234567urn:opc:resource:consumer::all',
});

function load(port: number, path: string, headers: Record<string, string>) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const latencies: number[] = [];
  let errors = 0;
  const deadline = performance.now() + durationMs;
  const one = () =>
    new Promise<void>((resolve) => {
      const started = performance.now();
      const request = http.get({ host: '127.0.0.1', port, path, headers, agent }, (response) => {
        response.resume();
        response.on('end', () => {
          if (response.statusCode === 200) latencies.push(performance.now() - started);
          else errors += 1;
          resolve();
        });
      });
      request.on('error', () => {
        errors += 1;
        resolve();
      });
    });
  const worker = async () => {
    while (performance.now() < deadline) await one();
  };
  const started = performance.now();
  return Promise.all(Array.from({ length: connections }, worker)).then(() => {
    agent.destroy();
    const seconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    const at = (q: number) =>
      latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
    return {
      path,
      requestsPerSecond: Math.round(latencies.length / seconds),
      p50Ms: +at(0.5).toFixed(2),
      p95Ms: +at(0.95).toFixed(2),
      errors,
    };
  });
}

const results = [
  {
    simulator: 'procurify',
    ...(await load(procurifyPort, '/api/v3/users/me/', {
      authorization: `Bearer ${procurifyToken}`,
      'x-procurify-client': 'api',
    })),
  },
  {
    simulator: 'procurify',
    ...(await load(procurifyPort, '/api/v2/purchase_orders/1000/', {
      authorization: `Bearer ${procurifyToken}`,
      'x-procurify-client': 'api',
    })),
  },
  {
    simulator: 'oracle',
    ...(await load(oraclePort, '/fscmRestApi/resources/11.13.18.05/finBusinessUnitsLOV?limit=1', {
      authorization: `Bearer ${oracleToken}`,
    })),
  },
  {
    simulator: 'oracle',
    ...(await load(oraclePort, '/fscmRestApi/resources/11.13.18.05/suppliers?limit=25&onlyData=true', {
      authorization: `Bearer ${oracleToken}`,
    })),
  },
];
console.table(results);
console.log(JSON.stringify({ connections, durationMs, results }));
child.kill('SIGTERM');
await once(child, 'exit');
