import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { jwtSubject } from './jwtSubject';

const b64url = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
const jwt = (payload: unknown) => `${b64url({ alg: 'RS256' })}.${b64url(payload)}.sig`;

describe('jwtSubject', () => {
  it('reads the sub claim, including non-ASCII', () => {
    expect(jwtSubject(jwt({ sub: 'dr-alice', exp: 1 }))).toBe('dr-alice');
    expect(jwtSubject(jwt({ sub: 'Zoë Ølsen' }))).toBe('Zoë Ølsen');
  });

  it('is undefined for opaque tokens, a missing or non-string sub, and broken JSON', () => {
    expect(jwtSubject('opaque-token')).toBeUndefined();
    expect(jwtSubject(jwt({ name: 'x' }))).toBeUndefined();
    expect(jwtSubject(jwt({ sub: 42 }))).toBeUndefined();
    expect(jwtSubject(jwt({ sub: '' }))).toBeUndefined();
    expect(jwtSubject('a.!!!.c')).toBeUndefined();
  });

  it('never throws, whatever the token', () => {
    fc.assert(fc.property(fc.string(), (s) => {
      const r = jwtSubject(s);
      expect(r === undefined || typeof r === 'string').toBe(true);
    }));
  });
});
