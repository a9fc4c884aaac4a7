import { test, expect } from '@playwright/test';
import { samples } from './support/samples';
import { FHIR_URL } from './support/fhirServer';

// The local stack through the viewer's same-origin proxies, and HAPI's validation.
test('the DICOMweb proxy lists every sample study', async ({ request, baseURL }) => {
  const res = await request.get(`${baseURL}/dicom-web/studies`, { headers: { Accept: 'application/dicom+json' } });
  expect(res.status()).toBe(200);
  const uids = ((await res.json()) as Array<Record<string, { Value: string[] }>>).map((s) => s['0020000D']!.Value[0]);
  expect(uids).toEqual(expect.arrayContaining(samples().map((s) => s.studyUid)));
});

test('the FHIR proxy serves an R5 server', async ({ request, baseURL }) => {
  const res = await request.get(`${baseURL}/fhir/metadata`, { headers: { Accept: 'application/fhir+json' } });
  expect(((await res.json()) as { fhirVersion: string }).fhirVersion).toBe('5.0.0');
});

const valid = {
  resourceType: 'ImagingSelection',
  identifier: [{ system: 'urn:ietf:rfc:3986', value: 'urn:uuid:0b7c4d2e-1f3a-4b5c-8d9e-0f1a2b3c4d5e' }],
  status: 'available',
  subject: { type: 'Patient', identifier: { system: 'urn:example:pid', value: 'PAT-1' } },
  code: { coding: [{ system: 'http://dicom.nema.org/resources/ontology/DCM', code: '121200', display: 'Illustration of ROI' }] },
  studyUid: '1.2.3.4',
  instance: [{ uid: '1.2.3.4.1.1', sopClass: { system: 'urn:ietf:rfc:3986', code: 'urn:oid:1.2.840.10008.5.1.4.1.1.2' }, imageRegion2D: [{ regionType: 'point', coordinate: [10.5, 20.25] }] }],
};

test('HAPI refuses an ImagingSelection without status with an OperationOutcome, and accepts a valid one', async ({ request }) => {
  const { status: _s, ...noStatus } = valid;
  const bad = await request.post(`${FHIR_URL}/ImagingSelection`, { data: JSON.stringify(noStatus), headers: { 'Content-Type': 'application/fhir+json' } });
  expect(bad.status()).toBeGreaterThanOrEqual(400);
  expect(bad.status()).toBeLessThan(500);
  const outcome = (await bad.json()) as { resourceType: string; issue: Array<{ diagnostics?: string }> };
  expect(outcome.resourceType).toBe('OperationOutcome');
  expect(outcome.issue.map((i) => i.diagnostics).join(' ')).toContain('status');
  const good = await request.post(`${FHIR_URL}/ImagingSelection`, { data: JSON.stringify(valid), headers: { 'Content-Type': 'application/fhir+json' } });
  expect(good.status()).toBe(201);
});
