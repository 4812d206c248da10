import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, parseEnv } from './parse-env.ts';
import { booleanFlag, databaseEnv, masterKey, positiveInt, redisEnv } from './env-fields.ts';

const shape = {
  ...databaseEnv,
  ...redisEnv,
  MLC_MASTER_KEY: masterKey,
  POLL_INTERVAL_MINUTES: positiveInt.max(60).default(10),
  MLC_ALLOW_INSECURE_UPSTREAMS: booleanFlag.default(false),
};

describe('parseEnv', () => {
  it('applies defaults and coerces values', () => {
    const env = parseEnv('test-app', shape, {
      MLC_MASTER_KEY: Buffer.alloc(32, 7).toString('base64'),
      POLL_INTERVAL_MINUTES: '15',
      MLC_ALLOW_INSECURE_UPSTREAMS: '1',
      DATABASE_URL: '',
    });
    expect(env).toMatchObject({
      DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/postgres',
      REDIS_URL: 'redis://127.0.0.1:6379',
      POLL_INTERVAL_MINUTES: 15,
      MLC_ALLOW_INSECURE_UPSTREAMS: true,
      DATABASE_POOL_SIZE: 10,
    });
  });

  it('reports every problem at once, naming each variable', () => {
    let caught: unknown;
    try {
      parseEnv('poller', shape, {
        DATABASE_URL: 'mysql://x',
        REDIS_URL: 'not a url',
        POLL_INTERVAL_MINUTES: '90',
        MLC_ALLOW_INSECURE_UPSTREAMS: 'maybe',
        MLC_REDIS_PREFIX: 'has:colon',
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const error = caught as ConfigError;
    expect(error.problems).toHaveLength(6);
    const text = error.message;
    expect(text).toContain('Invalid configuration for poller (6 problems)');
    for (const key of [
      'DATABASE_URL',
      'REDIS_URL',
      'MLC_MASTER_KEY: required but not set',
      'POLL_INTERVAL_MINUTES',
      'MLC_ALLOW_INSECURE_UPSTREAMS',
      'MLC_REDIS_PREFIX',
    ]) {
      expect(text).toContain(key);
    }
  });

  it('never echoes the rejected value, which may be a secret', () => {
    const secret = 'c2hvcnQ-not-32-bytes-SECRET';
    expect(() =>
      parseEnv('token-service', { MLC_MASTER_KEY: masterKey }, { MLC_MASTER_KEY: secret }),
    ).toThrow(/MLC_MASTER_KEY: expected base64 of 32 bytes/);
    expect(() =>
      parseEnv('token-service', { MLC_MASTER_KEY: masterKey }, { MLC_MASTER_KEY: secret }),
    ).not.toThrow(secret);
  });

  it('only reads the keys of its own shape', () => {
    const env = parseEnv('x', { ONLY: z.string() }, { ONLY: 'a', OTHER: 'b' });
    expect(env).toEqual({ ONLY: 'a' });
  });
});
