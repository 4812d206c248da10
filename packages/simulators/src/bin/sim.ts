#!/usr/bin/env node
// `pnpm sim`: both simulators with a seeded tenant, until Ctrl-C.
import { parseArgs } from 'node:util';
import { startSimulators } from '../simulators.ts';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '42' },
    'purchase-orders': { type: 'string', default: '60' },
    bills: { type: 'string' },
    host: { type: 'string', default: '127.0.0.1' },
    'procurify-port': { type: 'string', default: '4010' },
    'oracle-port': { type: 'string', default: '4020' },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  console.log(
    `usage: pnpm sim [--seed N] [--purchase-orders N] [--bills N] [--host H] [--procurify-port P] [--oracle-port P]`,
  );
  process.exit(0);
}

const sims = await startSimulators({
  seed: Number(values.seed),
  purchaseOrders: Number(values['purchase-orders']),
  ...(values.bills === undefined ? {} : { bills: Number(values.bills) }),
  host: values.host,
  procurifyPort: Number(values['procurify-port']),
  oraclePort: Number(values['oracle-port']),
});

const { scenario } = sims;
console.log(`Simulators running (seed ${scenario.seed}: ${scenario.company.name}, ${scenario.locations.length} locations,
${scenario.vendors.length} vendors, ${scenario.purchaseOrders.length} purchase orders, ${scenario.bills.length} bills).

Procurify  ${sims.procurify.url}
  token    POST ${sims.procurify.url}/oauth/token
  client   ${sims.procurify.credentials.clientId} / ${sims.procurify.credentials.clientSecret}
  control  ${sims.procurify.url}/_sim/health

Oracle     ${sims.oracle.url}/fscmRestApi/resources/11.13.18.05
  token    POST ${sims.oracle.tokenUrl}
  client   ${sims.oracle.credentials.clientId} / ${sims.oracle.credentials.clientSecret}
  scope    ${sims.oracle.credentials.scope}
  control  ${sims.oracle.url}/_sim/health

(development credentials of the simulators, not secrets) — Ctrl-C to stop.`);

const stop = () => {
  void sims.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
