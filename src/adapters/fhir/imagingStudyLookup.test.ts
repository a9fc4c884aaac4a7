import { describe, expect, it } from 'vitest';
import { FhirClient } from './FhirClient';
import { mockFetch, mockResponse, scriptedFetch } from './mockFetch';
import { findImagingStudy, loadSelections } from './imagingStudyLookup';

const BASE = 'https://viewer.example/fhir';

describe('findImagingStudy', () => {
  it('searches by the DICOM study identifier and returns id and subject', async () => {
    const fetch = mockFetch(200, {
      resourceType: 'Bundle',
      type: 'searchset',
      entry: [{ resource: { resourceType: 'ImagingStudy', id: 'st1', subject: { reference: 'Patient/p1' } } }],
    });
    const study = await findImagingStudy(new FhirClient({ baseUrl: BASE, fetch }), '1.2.3.4');
    expect(study).toEqual({ id: 'st1', subject: { reference: 'Patient/p1' } });
    const url = new URL(fetch.calls[0]!.url);
    expect(url.pathname).toBe('/fhir/ImagingStudy');
    expect(url.searchParams.get('identifier')).toBe('urn:dicom:uid|urn:oid:1.2.3.4');
  });

  it('returns undefined when the server has none', async () => {
    const fetch = mockFetch(200, { resourceType: 'Bundle', type: 'searchset', total: 0 });
    await expect(findImagingStudy(new FhirClient({ baseUrl: BASE, fetch }), '9.9')).resolves.toBeUndefined();
  });
});

describe('loadSelections', () => {
  it('pages through study-uid results and drops entered-in-error even if the server returned them', async () => {
    const sel = (id: string, status: string) => ({ resource: { resourceType: 'ImagingSelection', id, status } });
    const fetch = scriptedFetch(
      mockResponse(200, { resourceType: 'Bundle', type: 'searchset', link: [{ relation: 'next', url: `${BASE}?_getpages=x` }], entry: [sel('a', 'available'), sel('b', 'entered-in-error')] }),
      mockResponse(200, { resourceType: 'Bundle', type: 'searchset', entry: [sel('c', 'unknown')] }),
    );
    const resources = await loadSelections(new FhirClient({ baseUrl: BASE, fetch }), '1.2.3.4');
    expect(resources.map((r) => r.id)).toEqual(['a', 'c']);
    const url = new URL(fetch.calls[0]!.url);
    expect(url.searchParams.get('study-uid')).toBe('1.2.3.4');
    expect(url.searchParams.get('status:not')).toBe('entered-in-error');
    expect(url.searchParams.get('_count')).toBe('200');
  });
});

describe('loadSelections by patient (servers without study-uid search)', () => {
  it('searches the patient and keeps only this study, live selections', async () => {
    const sel = (id: string, studyUid: string, status = 'available') => ({ resource: { resourceType: 'ImagingSelection', id, studyUid, status } });
    const fetch = scriptedFetch(mockResponse(200, { resourceType: 'Bundle', type: 'searchset', entry: [sel('1', '1.2.3'), sel('2', '9.9.9'), sel('3', '1.2.3', 'entered-in-error')] }));
    const client = new FhirClient({ baseUrl: 'http://fhir.test/fhir', fetch });
    const pages: string[][] = [];
    const out = await loadSelections(client, '1.2.3', { byPatient: 'Patient/7', onPage: (p) => pages.push(p.map((r) => r.id!)) });
    expect(out.map((r) => r.id)).toEqual(['1']);
    expect(pages).toEqual([['1']]);
    const url = new URL(fetch.calls[0]!.url);
    expect(url.searchParams.get('patient')).toBe('Patient/7');
    expect(url.searchParams.has('study-uid')).toBe(false);
  });
});
