import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDicomUid } from './dicomUid';

describe('isDicomUid', () => {
  it('accepts real UIDs', () => {
    for (const uid of ['1.2.840.10008.5.1.4.1.1.2', '2.25.329800735698586629295641978511506172918', '1', '1.2.0.3']) expect(isDicomUid(uid)).toBe(true);
  });
  it('refuses anything that could change a URL path or query', () => {
    for (const bad of ['', '1.2.3/../../system', '1.2.3?x=1', '..', '1..2', '.1', '1.', '1.2%2f3', '1.2.3#', ' 1.2', '1.2\\3', 'a.b', `1.${'2'.repeat(63)}`, 12, null, undefined, {}]) {
      expect(isDicomUid(bad)).toBe(false);
    }
  });
  it('never accepts a string holding a URL-significant character (property)', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        if (isDicomUid(s)) expect(s).toMatch(/^[0-9.]+$/);
      }),
      { numRuns: 2000 },
    );
  });
});
