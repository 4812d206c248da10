import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultCredentials, simulatorConnectionFile, startSimulators } from '@mlc/simulators';
import { test, testSecrets } from '@mlc/testing';
import { describe, expect, onTestFinished } from 'vitest';
import { captureLogs, mlc, startTestTokenService } from './test-harness.ts';

async function temporaryDirectory(): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'mlc-cli-test-'));
  onTestFinished(() => rm(directory, { recursive: true, force: true }));
  return directory;
}

describe('mlc connection', () => {
  test('add --file, list without secrets, test against token-service and the simulators', async ({
    database,
    redis,
  }) => {
    const { logger } = captureLogs('test');
    const procurifySecret = `PLANTED-${randomBytes(6).toString('hex')}`;
    const oracleSecret = `PLANTED-${randomBytes(6).toString('hex')}`;
    const sims = await startSimulators({
      seed: 4,
      purchaseOrders: 5,
      bills: 5,
      procurifyCredentials: { clientId: 'cli-procurify-client', clientSecret: procurifySecret },
      oracleCredentials: {
        clientId: 'cli-oracle-client',
        clientSecret: oracleSecret,
        scope: defaultCredentials.oracle.scope,
      },
    });
    onTestFinished(() => sims.close());
    const path = join(await temporaryDirectory(), 'connection.json');
    await writeFile(path, JSON.stringify(simulatorConnectionFile(sims, { id: 'cli-conn' }), null, 2));
    const vaultSettings = { DATABASE_URL: database.url, MLC_MASTER_KEY: testSecrets.MLC_MASTER_KEY };

    // The simulators' plain-HTTP URLs need the development flag.
    const refused = await mlc(['connection', 'add', '--file', path], vaultSettings);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      'mlc: baseUrl overrides (simulators, proxies) are refused unless MLC_ALLOW_INSECURE_UPSTREAMS=1\n',
    );
    expect(await database.prisma.connection.count()).toBe(0);

    const development = { ...vaultSettings, MLC_ALLOW_INSECURE_UPSTREAMS: '1' };
    const added = await mlc(['connection', 'add', '--file', path], development);
    expect(added).toMatchObject({ code: 0, stderr: '' });
    expect(added.stdout).toMatch(/^Created connection cli-conn \(.+\); credentials stored encrypted\.\n$/);
    const again = await mlc(['connection', 'add', '--file', path], development);
    expect(again.stdout).toMatch(/^Updated connection cli-conn/);

    const list = await mlc(['connection', 'list'], { DATABASE_URL: database.url });
    expect(list.code).toBe(0);
    expect(list.stdout).toContain('cli-conn');
    expect(list.stdout).toContain('[active]');
    expect(list.stdout).toMatch(/Procurify {2}http:\/\/127\.0\.0\.1:\d+ {3}credentials stored /);
    const listJson = await mlc(['connection', 'list', '--json'], { DATABASE_URL: database.url });
    expect(JSON.parse(listJson.stdout)).toEqual([
      expect.objectContaining({
        id: 'cli-conn',
        credentials: expect.objectContaining({ oracle: expect.anything() }),
      }),
    ]);
    for (const output of [added, again, list, listJson]) {
      expect(output.stdout + output.stderr).not.toContain('PLANTED-');
    }

    const service = await startTestTokenService({ database, redis }, logger);
    onTestFinished(() => service.close(2_000));
    const tokenServiceSettings = {
      TOKEN_SERVICE_URL: service.url,
      INTERNAL_TOKEN: testSecrets.INTERNAL_TOKEN,
    };
    const works = await mlc(['connection', 'test', 'cli-conn'], tokenServiceSettings);
    expect(works.stderr).toBe('');
    expect(works.code).toBe(0);
    const lines = works.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(7);
    for (const [index, [system, step]] of [
      ['procurify', 'reach'],
      ['procurify', 'token'],
      ['procurify', 'permission'],
      ['oracle', 'reach'],
      ['oracle', 'token'],
      ['oracle', 'permission'],
    ].entries()) {
      expect(lines[index]).toMatch(new RegExp(`^ok {4}${system} +${step} +\\S`));
    }
    expect(lines[6]).toBe('Connection cli-conn works.');

    // Revoked Procurify credentials: the token step fails with Procurify's own words.
    sims.procurify.core.tokens.revoke('cli-procurify-client');
    const broken = await mlc(['connection', 'test', 'cli-conn'], tokenServiceSettings);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(
      /^FAIL {2}procurify +token +Procurify refused the client credentials \(401\): Client authentication failed\. \(\d+ ms\)$/m,
    );
    expect(broken.stdout).not.toMatch(/^ok {4}procurify +permission/m);
    expect(broken.stdout).toMatch(/^ok {4}oracle +permission/m);
    expect(broken.stdout).toContain('Connection cli-conn has problems (see FAIL lines above).');
    expect(works.stdout + broken.stdout).not.toContain('PLANTED-');
  });

  test('test of an unknown connection fails with one clear line', async ({ database, redis }) => {
    const { logger } = captureLogs('test');
    const service = await startTestTokenService({ database, redis }, logger);
    onTestFinished(() => service.close(2_000));
    const run = await mlc(['connection', 'test', 'nope'], {
      TOKEN_SERVICE_URL: service.url,
      INTERNAL_TOKEN: testSecrets.INTERNAL_TOKEN,
    });
    expect(run).toMatchObject({ code: 1, stdout: '', stderr: 'mlc: No connection "nope"\n' });
  });
});
