import { describe, expect, it } from 'vitest';
import { FhirClient } from './FhirClient';
import { mockFetch, mockResponse, scriptedFetch } from './mockFetch';
import {
  buildSaveTransaction,
  findConflicts,
  identifierQuery,
  isTransactionIdempotent,
  parseTransactionResponse,
  saveChanges,
} from './selectionSave';
import type { SaveChange } from './selectionSave';
import type { Bundle } from './fhirTypes';

const BASE = 'http://127.0.0.1:14174/fhir';
const SYSTEM = 'urn:ietf:rfc:3986';
const UUID = '6f1c1c56-0a8a-4a55-9a49-3a8d2a0c2b11';

const newSel = { resourceType: 'ImagingSelection', status: 'available', identifier: [{ system: SYSTEM, value: `urn:uuid:${UUID}` }] };
const changes: SaveChange[] = [
  { op: 'create', resource: newSel, identifier: { system: SYSTEM, value: `urn:uuid:${UUID}` } },
  { op: 'update', resource: { resourceType: 'ImagingSelection', id: '12', status: 'available' }, versionId: '3' },
  { op: 'delete', resource: { resourceType: 'ImagingSelection', id: '13', status: 'entered-in-error' }, versionId: '1' },
];

const responseBundle = {
  resourceType: 'Bundle',
  type: 'transaction-response',
  entry: [
    { response: { status: '201 Created', location: 'ImagingSelection/20/_history/1', etag: 'W/"1"' } },
    { response: { status: '200 OK', etag: 'W/"4"' }, resource: { resourceType: 'ImagingSelection', id: '12', meta: { versionId: '4' } } },
    { response: { status: '200 OK' }, resource: { resourceType: 'ImagingSelection', id: '13', meta: { versionId: '2' } } },
  ],
};

describe('buildSaveTransaction', () => {
  it('makes conditional creates and If-Match updates in one transaction', () => {
    const bundle = buildSaveTransaction(changes);
    expect(bundle.type).toBe('transaction');
    expect(bundle.entry?.[0]).toEqual({
      fullUrl: `urn:uuid:${UUID}`,
      resource: newSel,
      request: { method: 'POST', url: 'ImagingSelection', ifNoneExist: `identifier=${SYSTEM}|urn:uuid:${UUID}` },
    });
    expect(bundle.entry?.[1]?.request).toEqual({ method: 'PUT', url: 'ImagingSelection/12', ifMatch: 'W/"3"' });
    // A relative fullUrl is invalid (HAPI answers 422), so updates carry none.
    expect(bundle.entry?.[1]).not.toHaveProperty('fullUrl');
    expect(bundle.entry?.[2]?.request).toEqual({ method: 'PUT', url: 'ImagingSelection/13', ifMatch: 'W/"1"' });
    expect(bundle.entry?.[2]?.resource?.status).toBe('entered-in-error');
    expect(isTransactionIdempotent(bundle)).toBe(true);
  });

  it('accepts a bare uuid and lower-cases the fullUrl', () => {
    const bundle = buildSaveTransaction([{ op: 'create', resource: newSel, identifier: { system: SYSTEM, value: UUID.toUpperCase() } }]);
    expect(bundle.entry?.[0]?.fullUrl).toBe(`urn:uuid:${UUID}`);
  });

  it('refuses an identifier that is not a UUID and a delete that is not entered-in-error', () => {
    expect(() => buildSaveTransaction([{ op: 'create', resource: newSel, identifier: { system: SYSTEM, value: 'roi-1' } }])).toThrow(/UUID/);
    expect(() =>
      buildSaveTransaction([{ op: 'delete', resource: { resourceType: 'ImagingSelection', id: '1', status: 'available' }, versionId: '1' }]),
    ).toThrow(/entered-in-error/);
  });

  it('escapes only what would break the query', () => {
    expect(identifierQuery({ system: 'urn:x', value: 'a&b c#d' })).toBe('identifier=urn:x|a%26b%20c%23d');
  });

  it('calls a plain POST or an unconditional PUT not idempotent', () => {
    expect(isTransactionIdempotent({ resourceType: 'Bundle', type: 'transaction', entry: [{ request: { method: 'POST', url: 'ImagingSelection' } }] })).toBe(false);
    expect(isTransactionIdempotent({ resourceType: 'Bundle', type: 'transaction', entry: [{ request: { method: 'PUT', url: 'ImagingSelection/1' } }] })).toBe(false);
  });
});

describe('parseTransactionResponse', () => {
  it('matches entries by order and reads location, etag and meta', () => {
    const saved = parseTransactionResponse(responseBundle as never, changes);
    expect(saved.map(({ resourceId, versionId, status }) => ({ resourceId, versionId, status }))).toEqual([
      { resourceId: '20', versionId: '1', status: 201 },
      { resourceId: '12', versionId: '4', status: 200 },
      { resourceId: '13', versionId: '2', status: 200 },
    ]);
    expect(saved[0]!.change).toBe(changes[0]);
  });

  it('rejects a response with the wrong type or entry count', () => {
    expect(() => parseTransactionResponse({ ...responseBundle, type: 'batch-response' } as never, changes)).toThrow(/transaction-response/);
    expect(() => parseTransactionResponse({ ...responseBundle, entry: responseBundle.entry.slice(1) } as never, changes)).toThrow(/2 entries for 3/);
  });

  it('rejects a create entry with no id anywhere', () => {
    const bad = { resourceType: 'Bundle', type: 'transaction-response', entry: [{ response: { status: '201 Created' } }] };
    expect(() => parseTransactionResponse(bad as never, changes.slice(0, 1))).toThrow(/no location/);
  });
});

describe('saveChanges', () => {
  it('posts one transaction and returns the per-change result', async () => {
    const fetch = mockFetch(200, responseBundle);
    const saved = await saveChanges(new FhirClient({ baseUrl: BASE, fetch }), changes);
    expect(fetch.calls).toHaveLength(1);
    expect(fetch.calls[0]!.url).toBe(BASE);
    expect((fetch.calls[0]!.body as { entry: unknown[] }).entry).toHaveLength(3);
    expect(saved.map((s) => s.resourceId)).toEqual(['20', '12', '13']);
  });

  it('throws the FhirError of a failed transaction (nothing stored)', async () => {
    const fetch = mockFetch(409, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'conflict', diagnostics: 'version conflict' }] });
    await expect(saveChanges(new FhirClient({ baseUrl: BASE, fetch }), changes)).rejects.toMatchObject({ kind: 'conflict', userMessage: 'version conflict' });
  });

  it('makes one attempt: a transient failure goes back to the save queue, the only retry loop', async () => {
    const fetch = scriptedFetch(mockResponse(503, 'busy', { 'Content-Type': 'text/plain', 'Retry-After': '2' }), mockResponse(200, responseBundle));
    await expect(saveChanges(new FhirClient({ baseUrl: BASE, fetch }), changes)).rejects.toMatchObject({ kind: 'http', status: 503, retryAfterMs: 2000 });
    expect(fetch.calls).toHaveLength(1);
  });

  it('sends nothing for no changes', async () => {
    const fetch = mockFetch(500, 'x');
    await expect(saveChanges(new FhirClient({ baseUrl: BASE, fetch }), [])).resolves.toEqual([]);
    expect(fetch.calls).toHaveLength(0);
  });
});

describe('findConflicts', () => {
  it('returns only resources whose server version moved on, with the server copy', async () => {
    const fetch = scriptedFetch((call) => {
      if (call.url.endsWith('/ImagingSelection/12')) return mockResponse(200, { resourceType: 'ImagingSelection', id: '12', meta: { versionId: '5' }, status: 'available' });
      if (call.url.endsWith('/ImagingSelection/13')) return mockResponse(200, { resourceType: 'ImagingSelection', id: '13', meta: { versionId: '1' } });
      return mockResponse(410, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'deleted' }] });
    });
    const client = new FhirClient({ baseUrl: BASE, fetch });
    const conflicts = await findConflicts(client, [
      { resource: { resourceType: 'ImagingSelection', id: '12' }, versionId: '3' },
      { resource: { resourceType: 'ImagingSelection', id: '13' }, versionId: '1' },
      { resource: { resourceType: 'ImagingSelection', id: '14' }, versionId: '2' },
    ]);
    expect(conflicts).toEqual([
      { id: '12', expectedVersionId: '3', serverVersionId: '5', serverResource: expect.objectContaining({ id: '12' }) },
      { id: '14', expectedVersionId: '2', serverVersionId: undefined, serverResource: undefined },
    ]);
    expect(fetch.calls.every((c) => c.headers['Cache-Control'] === 'no-cache')).toBe(true);
  });

  it('propagates other errors', async () => {
    const client = new FhirClient({ baseUrl: BASE, fetch: mockFetch(500, 'x', { 'Content-Type': 'text/html' }) });
    await expect(findConflicts(client, [{ resource: { resourceType: 'ImagingSelection', id: '1' }, versionId: '1' }])).rejects.toMatchObject({ kind: 'http' });
  });
});

describe('related writes (measurement Observations, the viewer Device)', () => {
  const device = { op: 'create-once', resource: { resourceType: 'Device' }, fullUrl: 'urn:uuid:00000000-0000-4000-8000-00000000000d', identifier: { system: SYSTEM, value: 'urn:uuid:00000000-0000-4000-8000-00000000000d' } } as const;
  const obs = (n: number) => ({ op: 'upsert', resource: { resourceType: 'Observation', status: 'final' }, fullUrl: `urn:uuid:00000000-0000-4000-8000-00000000000${n}`, identifier: { system: 'urn:dicom:uid', value: `urn:oid:2.25.${n}` } }) as const;
  const withRelated: SaveChange[] = [
    { ...changes[0]!, related: [device, obs(1), obs(2)] },
    { ...changes[1]!, related: [device, obs(3)] },
  ];

  it('sends the Device once and first, each selection followed by its Observations as conditional updates', () => {
    const bundle = buildSaveTransaction(withRelated, BASE);
    expect(bundle.entry?.map((e) => `${e.request?.method} ${e.request?.url}`)).toEqual([
      'POST Device',
      'POST ImagingSelection',
      'PUT Observation?identifier=urn:dicom:uid|urn:oid:2.25.1',
      'PUT Observation?identifier=urn:dicom:uid|urn:oid:2.25.2',
      'PUT ImagingSelection/12',
      'PUT Observation?identifier=urn:dicom:uid|urn:oid:2.25.3',
    ]);
    expect(bundle.entry?.[0]?.request?.ifNoneExist).toBe(`identifier=${SYSTEM}|urn:uuid:00000000-0000-4000-8000-00000000000d`);
    expect(bundle.entry?.[2]?.fullUrl).toBe('urn:uuid:00000000-0000-4000-8000-000000000001');
    expect(isTransactionIdempotent(bundle)).toBe(true);
  });

  it('maps each change to its selection entry in the answer', () => {
    const ok = (location: string) => ({ response: { status: '201 Created', location } });
    const answer: Bundle = {
      resourceType: 'Bundle',
      type: 'transaction-response',
      entry: [ok('Device/1/_history/1'), ok('ImagingSelection/20/_history/1'), ok('Observation/1/_history/1'), ok('Observation/2/_history/1'), ok('ImagingSelection/12/_history/4'), ok('Observation/3/_history/2')],
    };
    expect(parseTransactionResponse(answer, withRelated).map((r) => [r.resourceId, r.versionId])).toEqual([['20', '1'], ['12', '4']]);
    expect(() => parseTransactionResponse({ ...answer, entry: answer.entry?.slice(1) }, withRelated)).toThrow(/5 entries for 6 requests/);
    // And each change's Observations to theirs, for the next save's If-Match.
    expect(parseTransactionResponse(answer, withRelated).map((r) => r.related)).toEqual([
      [{ identifier: 'urn:oid:2.25.1', resourceId: '1', versionId: '1' }, { identifier: 'urn:oid:2.25.2', resourceId: '2', versionId: '1' }],
      [{ identifier: 'urn:oid:2.25.3', resourceId: '3', versionId: '2' }],
    ]);
  });

  it('updates an Observation whose version is known with If-Match on its id, never by identifier', () => {
    const known: SaveChange[] = [{ ...changes[1]!, related: [device, { ...obs(3), ifMatch: { id: '77', versionId: '5' } }, obs(4)] }];
    const bundle = buildSaveTransaction(known, BASE);
    expect(bundle.entry?.map((e) => `${e.request?.method} ${e.request?.url} ${e.request?.ifMatch ?? ''}`.trim())).toEqual([
      'POST Device',
      'PUT ImagingSelection/12 W/"3"',
      'PUT Observation/77 W/"5"',
      'PUT Observation?identifier=urn:dicom:uid|urn:oid:2.25.4',
    ]);
    expect(bundle.entry?.[2]?.resource).toEqual({ resourceType: 'Observation', id: '77', status: 'final' });
    expect(bundle.entry?.[2]?.fullUrl).toBe('urn:uuid:00000000-0000-4000-8000-000000000003');
    expect(isTransactionIdempotent(bundle)).toBe(true);
  });
});
