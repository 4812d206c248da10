import { randomBytes } from 'node:crypto';
import type { PrismaClient } from '@mlc/db';
import { test } from '@mlc/testing';
import { describe, expect } from 'vitest';
import { CredentialVault } from './credential-vault.ts';
import { KeyRing } from './key-ring.ts';

const keyA = randomBytes(32).toString('base64');
const keyB = randomBytes(32).toString('base64');
const planted = 'PLANTED-CLIENT-SECRET-91b2';

async function addConnection(prisma: PrismaClient, id: string) {
  await prisma.connection.create({
    data: {
      id,
      name: id,
      procurifySubdomain: id,
      oraclePodUrl: 'https://x.fa.us2.oraclecloud.com',
      oracleSettings: {},
      accounting: {},
      options: {},
    },
  });
}

describe('CredentialVault', () => {
  test('stores ciphertext only and reads the secret back', async ({ database }) => {
    await addConnection(database.prisma, 'acme');
    const vault = new CredentialVault(database.prisma, new KeyRing(keyA));
    await vault.store('acme', 'oracle', {
      type: 'client_credentials',
      clientId: 'cid',
      clientSecret: planted,
    });
    expect(await vault.load('acme', 'oracle')).toEqual({
      type: 'client_credentials',
      clientId: 'cid',
      clientSecret: planted,
    });
    expect(await vault.load('acme', 'procurify')).toBeUndefined();

    const { rows } = await database.pool.query('SELECT * FROM credentials');
    expect(JSON.stringify(rows)).not.toContain(planted);
    expect(Buffer.from(rows[0].ciphertext).toString('utf8')).not.toContain(planted);
  });

  test('a ciphertext moved to another connection does not decrypt', async ({ database }) => {
    await addConnection(database.prisma, 'other');
    const vault = new CredentialVault(database.prisma, new KeyRing(keyA));
    await database.pool.query(
      `INSERT INTO credentials (connection_id, system, ciphertext, iv, auth_tag, key_version)
       SELECT 'other', system, ciphertext, iv, auth_tag, key_version FROM credentials WHERE connection_id = 'acme'`,
    );
    await expect(vault.load('other', 'oracle')).rejects.toThrow(/could not be decrypted/);
    await database.prisma.credential.deleteMany({ where: { connectionId: 'other' } });
  });

  test('after key rotation every credential still decrypts, under the new key only', async ({ database }) => {
    const oldVault = new CredentialVault(database.prisma, new KeyRing(keyA));
    for (const id of ['r1', 'r2', 'r3']) {
      await addConnection(database.prisma, id);
      await oldVault.store(id, 'procurify', { clientId: `${id}-id`, clientSecret: `${id}-secret` });
    }
    // Phase 1: apps hold the new key as current and the old one as previous.
    const rotating = new CredentialVault(database.prisma, new KeyRing(keyB, [keyA]));
    expect(await rotating.load('r2', 'procurify')).toEqual({ clientId: 'r2-id', clientSecret: 'r2-secret' });
    const result = await rotating.rotate({ batchSize: 2 });
    expect(result.reencrypted).toBe(4); // acme/oracle and r1..r3
    expect(result.remaining).toBe(0);
    expect(result.retiredVersions).toHaveLength(1);

    // Phase 2: the old key is gone everywhere; everything still decrypts.
    const newOnly = new CredentialVault(database.prisma, new KeyRing(keyB));
    for (const id of ['r1', 'r2', 'r3']) {
      expect(await newOnly.load(id, 'procurify')).toEqual({
        clientId: `${id}-id`,
        clientSecret: `${id}-secret`,
      });
    }
    expect(await newOnly.load('acme', 'oracle')).toMatchObject({ clientSecret: planted });
    // …and the old key alone no longer can.
    await expect(
      new CredentialVault(database.prisma, new KeyRing(keyA)).load('r1', 'procurify'),
    ).rejects.toThrow(/not in MLC_MASTER_KEY/);
  });
});
