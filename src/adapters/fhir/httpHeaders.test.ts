import { describe, expect, it } from 'vitest';
import { parseETag, parseLocation, parseRetryAfter, weakETag } from './httpHeaders';

describe('parseETag', () => {
  it.each([
    ['W/"3"', '3'],
    ['"17"', '17'],
    ['5', '5'],
    [' W/"abc" ', 'abc'],
    ['W/""', undefined],
    [null, undefined],
  ])('%s → %s', (input, expected) => expect(parseETag(input)).toBe(expected));

  it('round-trips with weakETag', () => expect(parseETag(weakETag('42'))).toBe('42'));
});

describe('parseLocation', () => {
  it('reads id and version from an absolute history location', () => {
    expect(parseLocation('http://localhost:8080/fhir/ImagingSelection/12/_history/3')).toEqual({ resourceType: 'ImagingSelection', id: '12', versionId: '3' });
  });
  it('reads relative locations, with and without version', () => {
    expect(parseLocation('ImagingSelection/abc-1/_history/1')).toEqual({ resourceType: 'ImagingSelection', id: 'abc-1', versionId: '1' });
    expect(parseLocation('Patient/7')).toEqual({ resourceType: 'Patient', id: '7' });
  });
  it('ignores a query and rejects junk', () => {
    expect(parseLocation('https://h/fhir/Patient/7/_history/2?x=1')).toEqual({ resourceType: 'Patient', id: '7', versionId: '2' });
    expect(parseLocation('https://h/fhir/')).toBeUndefined();
    expect(parseLocation('')).toBeUndefined();
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-23T05:00:00Z');
  it('reads delta-seconds', () => expect(parseRetryAfter('120', now)).toBe(120_000));
  it('reads an HTTP date relative to now', () => expect(parseRetryAfter('Mon, 23 Nov 2026 05:00:10 GMT', now)).toBe(10_000));
  it('clamps a past date to 0 and ignores junk', () => {
    expect(parseRetryAfter('Mon, 23 Nov 2026 04:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});
