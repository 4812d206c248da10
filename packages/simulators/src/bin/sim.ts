#!/usr/bin/env node
// `pnpm sim`: both simulators with a seeded tenant, until Ctrl-C.
import { parseArgs } from 'node:util';
import { startSimulators } from '../simulators.ts';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '42' },
    'purchase-orders': { type: 'string', default: '60' },
    bills: { type: 'string' },
    'lines-per-po': { type: 'string' },
    'spread-days': { type: 'string' },
    'anchor-days-ago': { type: 'string' },
    host: { type: 'string', default: '127.0.0.1' },
    'procurify-port': { type: 'string', default: '4010' },
    'oracle-port': { type: 'string', default: '4020' },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  console.log(
    `usage: pnpm sim [--seed N] [--purchase-orders N] [--bills N] [--lines-per-po N] [--spread-days N]
                [--anchor-days-ago N] [--host H] [--procurify-port P] [--oracle-port P]

  --lines-per-po N     every PO gets N lines (default: 1 to 20)
  --spread-days N      documents are dated within the N days before the anchor (default 20)
  --anchor-days-ago N  the anchor is N days before now (default 0): older history`,
  );
  process.exit(0);
}

const sims = await startSimulators({
  seed: Number(values.seed),
  purchaseOrders: Number(values['purchase-orders']),
  ...(values.bills === undefined ? {} : { bills: Number(values.bills) }),
  ...(values['lines-per-po'] === undefined ? {} : { linesPerPo: Number(values['lines-per-po']) }),
  ...(values['spread-days'] === undefined ? {} : { spreadDays: Number(values['spread-days']) }),
  ...(values['anchor-days-ago'] === undefined
    ? {}
    : { anchor: new Date(Date.now() - Number(values['anchor-days-ago']) * 86_400_000) }),
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
