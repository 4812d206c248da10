import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import {
  composeText,
  interpolate,
  interpolateString,
  interpolatedVariables,
  loadCompose,
  parseComposeYaml,
} from './compose.ts';
import { readRepoFile } from './repo.ts';
import { composeEnvExample, sampleDotEnv } from './sample-env.ts';

// infra/compose-spec/compose-spec.json: the Compose Specification schema as `docker compose`
// itself embeds it (compose-spec/compose-go, schema/compose-spec.json, Apache-2.0; see
// infra/compose-spec/README.md). Compose validates after interpolation, so do we. Strict mode
// stays on (an unknown keyword or format would throw) except strictTypes, which the official
// schema does not satisfy (`additionalProperties` without `type: object` in a few places).
const schema = JSON.parse(readRepoFile('infra', 'compose-spec', 'compose-spec.json')) as object;
const validate = new Ajv2020({ allErrors: true, strict: true, strictTypes: false }).compile(schema);

const errorsOf = (document: unknown) =>
  validate(document)
    ? []
    : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message ?? ''}`);

describe('docker-compose.yml against the Compose Specification schema', () => {
  it('is a valid compose file once interpolated with the required secrets', () => {
    expect(errorsOf(loadCompose(sampleDotEnv))).toEqual([]);
  });

  it('stays valid with every optional variable set as infra/compose.env.example documents it', () => {
    const env = { ...Object.fromEntries(composeEnvExample()), ...sampleDotEnv };
    expect(errorsOf(loadCompose(env))).toEqual([]);
  });

  it('rejects what the schema forbids (so a pass above means something)', () => {
    const document = loadCompose(sampleDotEnv) as { services: Record<string, Record<string, unknown>> };
    document.services['poller']!['restart_policy'] = 'always';
    document.services['mapper']!['deploy'] = { resources: { limits: { memory: ['512M'] } } };
    const errors = errorsOf(document);
    expect(errors.join('\n')).toMatch(/\/services\/poller must NOT have additional properties/);
    expect(errors.join('\n')).toMatch(/\/services\/mapper\/deploy\/resources\/limits\/memory/);
  });
});

describe('compose variables', () => {
  const text = composeText();

  it('refuses to start without each required secret, naming it', () => {
    const required = [...text.matchAll(/\$\{([A-Z0-9_]+):\?/g)].map((match) => match[1]);
    expect(new Set(required)).toEqual(new Set(Object.keys(sampleDotEnv)));
    for (const name of Object.keys(sampleDotEnv)) {
      const env = { ...sampleDotEnv, [name]: '' };
      expect(() => loadCompose(env)).toThrow(`required variable ${name} is missing a value`);
    }
  });

  it('documents exactly the variables it reads in infra/compose.env.example', () => {
    expect([...composeEnvExample().keys()].sort()).toEqual([...interpolatedVariables(text)].sort());
  });

  it('leaves the required secrets empty in the example, so nobody deploys a sample secret', () => {
    const example = composeEnvExample();
    expect(Object.keys(sampleDotEnv).filter((name) => example.get(name) !== '')).toEqual([]);
  });

  it('interpolates as Compose does', () => {
    const env = { SET: 'x', EMPTY: '' };
    expect(interpolateString('$$HOME ${SET} $SET ${UNSET:-d} ${EMPTY:-d} ${EMPTY-d}', env)).toBe(
      '$HOME x x d d ',
    );
    expect(interpolateString('${UNSET:-${SET}/y} ${SET:+alt} ${EMPTY:+alt}', env)).toBe('x/y alt ');
    expect(() => interpolateString('${EMPTY:?needed}', env)).toThrow('EMPTY is missing a value: needed');
    expect(interpolateString('${EMPTY?needed}', env)).toBe('');
    expect(interpolate(parseComposeYaml('a: &x ${SET}\nb: { <<: { c: *x } }'), env)).toEqual({
      a: 'x',
      b: { c: 'x' },
    });
  });
});
