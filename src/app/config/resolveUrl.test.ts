import { describe, expect, it } from 'vitest';
import { resolveUrl } from './resolveUrl';

describe('resolveUrl', () => {
  it('resolves a path against the origin and drops trailing slashes', () => {
    expect(resolveUrl('/fhir', 'http://127.0.0.1:14174')).toBe('http://127.0.0.1:14174/fhir');
    expect(resolveUrl('/dicom-web/', 'https://viewer.example')).toBe('https://viewer.example/dicom-web');
  });

  it('keeps an absolute URL as it is, ignoring the origin', () => {
    expect(resolveUrl('https://fhir.example/r5/', 'http://127.0.0.1:14174')).toBe('https://fhir.example/r5');
    expect(resolveUrl('https://fhir.example:8443/base?x=1', 'http://other')).toBe('https://fhir.example:8443/base?x=1');
  });
});
