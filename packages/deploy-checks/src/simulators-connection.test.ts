import { connectionFileSchema } from '@mlc/connections';
import { defaultCredentials, generateScenario, simulatorConnectionFile } from '@mlc/simulators';
import { describe, expect, it } from 'vitest';
import { loadCompose } from './compose.ts';
import { readRepoFile } from './repo.ts';
import { sampleDotEnv } from './sample-env.ts';

const committed = JSON.parse(readRepoFile('infra', 'simulators.connection.json')) as unknown;

describe('infra/simulators.connection.json', () => {
  it('is the connection file of the compose simulators: their service name, ports and scenario', () => {
    const argv = loadCompose(sampleDotEnv).services['simulators']!.command as string[];
    const flag = (name: string, fallback: string) =>
      argv.includes(name) ? argv[argv.indexOf(name) + 1]! : fallback;
    // packages/simulators/src/bin/sim.ts defaults, unless compose passes the flag.
    const scenario = generateScenario({
      seed: Number(flag('--seed', '42')),
      purchaseOrders: Number(flag('--purchase-orders', '60')),
    });
    const procurifyUrl = `http://simulators:${flag('--procurify-port', '4010')}`;
    const oracleUrl = `http://simulators:${flag('--oracle-port', '4020')}`;
    const expected = simulatorConnectionFile({
      scenario,
      procurify: { url: procurifyUrl, credentials: defaultCredentials.procurify },
      oracle: {
        url: oracleUrl,
        tokenUrl: `${oracleUrl}/oauth2/v1/token`,
        credentials: defaultCredentials.oracle,
      },
    });
    expect(committed).toEqual(JSON.parse(JSON.stringify(expected)));
  });

  it('is a valid connection file for `mlc connection add`', () => {
    expect(connectionFileSchema.safeParse(committed).error).toBeUndefined();
  });
});
