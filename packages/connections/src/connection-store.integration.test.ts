import { randomBytes } from 'node:crypto';
import { test } from '@mlc/testing';
import { CredentialVault, KeyRing } from '@mlc/vault';
import { describe, expect } from 'vitest';
import { ConnectionStore } from './connection-store.ts';

const planted = 'PLANTED-SECRET-7dd1';

function file(overrides: Record<string, unknown> = {}) {
  return {
    id: 'acme-mfg',
    name: 'Acme Manufacturing',
    procurify: { subdomain: 'acme', clientId: 'p-client', clientSecret: planted },
    oracle: {
      podUrl: 'https://acme-test.fa.us2.oraclecloud.com',
      auth: {
        type: 'client_credentials',
        tokenUrl: 'https://idcs-0123abcd.identity.oraclecloud.com/oauth2/v1/token',
        clientId: 'o-client',
        clientSecret: planted,
        scope: 'urn:opc:resource:fa:instanceid=123urn:opc:resource:consumer::all',
      },
      businessUnit: 'US1 Business Unit',
      buyerEmail: 'buyer@acme.example',
    },
    accounting: {
      delimiter: '-',
      segments: [
        { name: 'company', value: '100' },
        { name: 'costCenter', from: 'department' },
        { name: 'account', from: 'glAccount' },
        { name: 'intercompany', value: '000' },
      ],
    },
    ...overrides,
  };
}

describe('ConnectionStore', () => {
  test('creates, reads and updates a connection; secrets only in the vault', async ({ database }) => {
    const store = new ConnectionStore(database.prisma, { allowInsecureUpstreams: false });
    const vault = new CredentialVault(database.prisma, new KeyRing(randomBytes(32).toString('base64')));
    const first = await store.save(file(), vault);
    expect(first.created).toBe(true);
    expect(first.view).toMatchObject({
      id: 'acme-mfg',
      status: 'active',
      procurify: { subdomain: 'acme', baseUrl: 'https://acme.procurify.com' },
      oracle: {
        restBaseUrl: 'https://acme-test.fa.us2.oraclecloud.com/fscmRestApi/resources/11.13.18.05/',
        authType: 'client_credentials',
        restFrameworkVersion: '4',
        procurementBU: 'US1 Business Unit',
      },
      schedule: { intervalMinutes: 10, initialLookbackDays: 30, overlapMinutes: 5 },
      options: { dryRun: false, paymentsSource: 'oracle', poReference: { field: 'description' } },
    });
    expect(first.view.credentials.oracle?.storedAt).toBeTypeOf('string');
    expect(JSON.stringify(await store.list())).not.toContain(planted);
    expect(await vault.load('acme-mfg', 'oracle')).toEqual({
      type: 'client_credentials',
      clientId: 'o-client',
      clientSecret: planted,
    });

    const second = await store.save(file({ name: 'Acme Mfg', schedule: { intervalMinutes: 5 } }), vault);
    expect(second.created).toBe(false);
    expect(second.view).toMatchObject({ name: 'Acme Mfg', schedule: { intervalMinutes: 5 } });
  });

  test('refuses unsafe upstream URLs unless the development flag is set', async ({ database }) => {
    const vault = new CredentialVault(database.prisma, new KeyRing(randomBytes(32).toString('base64')));
    const strict = new ConnectionStore(database.prisma, { allowInsecureUpstreams: false });
    const local = file({
      id: 'sim',
      procurify: { subdomain: 'acme', baseUrl: 'http://127.0.0.1:4010', clientId: 'a', clientSecret: 'b' },
    });
    await expect(strict.save(local, vault)).rejects.toThrow(/refused unless MLC_ALLOW_INSECURE_UPSTREAMS=1/);
    await expect(
      strict.save(
        file({ id: 'evil', oracle: { ...file().oracle, podUrl: 'https://oracle.evil.example' } }),
        vault,
      ),
    ).rejects.toThrow(/not an allowed host/);
    expect(await database.prisma.connection.count({ where: { id: { in: ['sim', 'evil'] } } })).toBe(0);

    const development = new ConnectionStore(database.prisma, { allowInsecureUpstreams: true });
    const saved = await development.save(local, vault);
    expect(saved.view.procurify.baseUrl).toBe('http://127.0.0.1:4010');
    // A connection stored under the flag is refused again once the flag is off.
    await expect(strict.settings('sim')).rejects.toThrow(/MLC_ALLOW_INSECURE_UPSTREAMS=1/);
  });

  test('explains every problem of an invalid file', async ({ database }) => {
    const store = new ConnectionStore(database.prisma, { allowInsecureUpstreams: false });
    const vault = new CredentialVault(database.prisma, new KeyRing(randomBytes(32).toString('base64')));
    await expect(
      store.save(
        {
          ...file(),
          id: 'Bad Id',
          schedule: { intervalMinutes: 90 },
          procurify: { subdomain: 'https://x.procurify.com' },
        },
        vault,
      ),
    ).rejects.toThrow(
      /id: lowercase.*procurify.subdomain: expected the subdomain only.*procurify.clientId.*schedule.intervalMinutes/,
    );
  });
});
