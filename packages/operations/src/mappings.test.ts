import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from './errors.ts';
import { mappingKindName, mappingKindNames, parseMappingKind } from './mappings.ts';

describe('mapping kinds', () => {
  it.each([
    ['vendor', 'vendor'],
    ['gl-account', 'gl_account'],
    ['department', 'department'],
    ['cost-center', 'cost_center'],
    ['location', 'location'],
  ] as const)('%s ⇄ %s', (name, kind) => {
    expect(parseMappingKind(name)).toBe(kind);
    expect(mappingKindName(kind)).toBe(name);
  });

  it('refuses other spellings and lists the allowed ones', () => {
    expect(() => parseMappingKind('gl_account')).toThrow(InvalidRequestError);
    expect(() => parseMappingKind('colour')).toThrow(mappingKindNames.join(', '));
  });
});
