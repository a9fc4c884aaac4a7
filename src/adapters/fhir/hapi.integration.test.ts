import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FhirClient } from './FhirClient';
import { FhirError } from './FhirError';
import type { FhirResource } from './fhirTypes';
import { loadSelections } from './imagingStudyLookup';
import { buildSaveTransaction, identifierQuery, parseTransactionResponse, saveChanges } from './selectionSave';
import type { SaveChange } from './selectionSave';

/**
 * Against a real HAPI FHIR R5 server. `npm test` runs these inside `node stack/cli.mjs e2e` with
 * the test stack up (REQUIRE_FHIR=1, so a missing server fails instead of skipping); a bare
 * `vitest run` skips them. By hand:
 * FHIR_URL=http://127.0.0.1:8080/fhir npx vitest run src/adapters/fhir/hapi.integration.test.ts
 * Every run uses fresh identifiers and its own study UID, so runs do not see each other.
 */
const FHIR_URL = process.env.FHIR_URL;
const REQUIRED = process.env.REQUIRE_FHIR === '1';
const SYSTEM = 'urn:ietf:rfc:3986';

function selection(uuid: string, studyUid: string): FhirResource {
  return {
    resourceType: 'ImagingSelection',
    identifier: [{ system: SYSTEM, value: `urn:uuid:${uuid}` }],
    status: 'available',
    subject: { type: 'Patient', identifier: { system: 'urn:example:pid', value: 'PAT-1' } },
    code: { coding: [{ system: 'http://dicom.nema.org/resources/ontology/DCM', code: '121200', display: 'Illustration of ROI' }] },
    derivedFrom: [{ type: 'ImagingStudy', identifier: { system: 'urn:dicom:uid', value: `urn:oid:${studyUid}` } }],
    studyUid,
    seriesUid: `${studyUid}.1`,
    instance: [
      {
        uid: `${studyUid}.1.1`,
        sopClass: { system: SYSTEM, code: 'urn:oid:1.2.840.10008.5.1.4.1.1.2' },
        imageRegion2D: [{ regionType: 'point', coordinate: [10.5, 20.25] }],
      },
    ],
  };
}

// A UID no other run uses: 2.25 is the UUID-derived UID root.
const uniqueStudyUid = () => `2.25.${BigInt(`0x${randomUUID().replace(/-/g, '')}`).toString()}`;

async function failure(promise: Promise<unknown>): Promise<FhirError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof FhirError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe.runIf(REQUIRED)('HAPI FHIR integration is required here', () => {
  it('has a server to run against (FHIR_URL)', async () => {
    expect(FHIR_URL, 'REQUIRE_FHIR=1 needs FHIR_URL').toMatch(/^https?:\/\//);
    const res = await fetch(`${FHIR_URL}/metadata`, { headers: { Accept: 'application/fhir+json' } });
    expect(res.status).toBe(200);
  });
});

describe.skipIf(!FHIR_URL)('HAPI FHIR integration', () => {
  const client = new FhirClient({ baseUrl: FHIR_URL ?? 'http://unused', fetch: (input, init) => fetch(input, init) });

  it('conditional create twice with the same identifier stores one resource', async () => {
    const uuid = randomUUID();
    const resource = selection(uuid, uniqueStudyUid());
    const ifNoneExist = identifierQuery({ system: SYSTEM, value: `urn:uuid:${uuid}` });
    const first = await client.create(resource, { ifNoneExist });
    const second = await client.create(resource, { ifNoneExist });
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.id).toBe(first.id);
    const found = await client.search('ImagingSelection', { identifier: `${SYSTEM}|urn:uuid:${uuid}` });
    expect(found.entry?.filter((e) => e.resource?.resourceType === 'ImagingSelection')).toHaveLength(1);
  });

  it('If-Match update: correct version → 2, stale version → conflict', async () => {
    const created = await client.create(selection(randomUUID(), uniqueStudyUid()));
    expect(created.versionId).toBe('1');
    const base = { ...created.resource!, id: created.id };
    const updated = await client.update({ ...base, status: 'unknown' }, { ifMatch: '1' });
    expect(updated.versionId).toBe('2');
    const stale = await failure(client.update({ ...base, status: 'available' }, { ifMatch: '1' }));
    expect(stale.kind).toBe('conflict');
    expect([409, 412]).toContain(stale.status);
    expect(stale.userMessage).not.toBe('');
  });

  it('an invalid resource (no status) is an http error with a readable OperationOutcome', async () => {
    const { status: _status, ...invalid } = selection(randomUUID(), uniqueStudyUid());
    const error = await failure(client.create(invalid as FhirResource));
    expect(error.kind).toBe('http');
    expect(error.status).toBeGreaterThanOrEqual(400);
    expect(error.status).toBeLessThan(500);
    expect(error.outcome.resourceType).toBe('OperationOutcome');
    expect(error.userMessage.length).toBeGreaterThan(0);
  });

  it('a transaction with 2 creates and 1 update round-trips', async () => {
    const studyUid = uniqueStudyUid();
    const existing = await client.create(selection(randomUUID(), studyUid));
    const [a, b] = [randomUUID(), randomUUID()];
    const changes: SaveChange[] = [
      { op: 'create', resource: selection(a, studyUid), identifier: { system: SYSTEM, value: `urn:uuid:${a}` } },
      { op: 'create', resource: selection(b, studyUid), identifier: { system: SYSTEM, value: `urn:uuid:${b}` } },
      { op: 'update', resource: { ...existing.resource!, id: existing.id, status: 'unknown' }, versionId: existing.versionId ?? '1' },
    ];
    const saved = await saveChanges(client, changes);
    expect(saved.map((s) => s.versionId)).toEqual(['1', '1', '2']);
    expect(saved[2]!.resourceId).toBe(existing.id);
    const reread = await client.read('ImagingSelection', saved[0]!.resourceId);
    expect(reread.identifier).toEqual([{ system: SYSTEM, value: `urn:uuid:${a}` }]);

    // Re-sending the same creates matches instead of duplicating.
    const again = parseTransactionResponse(await client.transaction(buildSaveTransaction(changes.slice(0, 2))), changes.slice(0, 2));
    expect(again.map((s) => s.resourceId)).toEqual(saved.slice(0, 2).map((s) => s.resourceId));
  });

  it('searchAll with _count=2 walks 3 pages over 5 resources; loadSelections hides entered-in-error', async () => {
    const studyUid = uniqueStudyUid();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await client.create(selection(randomUUID(), studyUid))).id);
    const result = await client.searchAll('ImagingSelection', { 'study-uid': studyUid, _count: '2' });
    expect(result.resources.map((r) => r.id).sort()).toEqual([...ids].sort());
    expect(result.pages).toBe(3);
    expect(result.truncated).toBe(false);

    const withdrawn = await client.read('ImagingSelection', ids[0]!);
    await client.update({ ...withdrawn, status: 'entered-in-error' }, { ifMatch: withdrawn.meta?.versionId ?? '1' });
    const live = await loadSelections(client, studyUid);
    expect(live.map((r) => r.id).sort()).toEqual(ids.slice(1).sort());
  });
});
