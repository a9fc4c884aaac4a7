import { describe, expect, it } from 'vitest';
import { FhirClient } from './FhirClient';
import { mockResponse, scriptedFetch, type RecordedCall } from './mockFetch';
import { dependencies, savePerResource, writesOf } from './perResourceSave';
import { saveChanges, type SaveChange } from './selectionSave';

const BASE = 'http://fhir.test/fhir';
const SYSTEM = 'urn:ietf:rfc:3986';
const SEL = '6f1c1c56-0a8a-4a55-9a49-3a8d2a0c2b11';
const GROUP = '7a2d2d67-1b9b-4b66-8b5a-4b9e3b1d3c22';
const DEVICE = '8b3e3e78-2cac-4c77-9c6b-5caf4c2e4d33';
const MEAS = '9c4f4f89-3dbd-4d88-ad7c-6db05d3f5e44';

const ident = (uuid: string) => ({ system: SYSTEM, value: `urn:uuid:${uuid}` });
const res = (type: string, uuid: string, extra: Record<string, unknown> = {}) => ({ resourceType: type, identifier: [ident(uuid)], ...extra });

// As the viewer builds a save: the selection, its measurement and group (conditional updates),
// and the viewer's Device (created once); the group references the others by placeholder.
const create: SaveChange = {
  op: 'create',
  resource: res('ImagingSelection', SEL),
  identifier: ident(SEL),
  related: [
    { op: 'create-once', resource: res('Device', DEVICE), fullUrl: `urn:uuid:${DEVICE}`, identifier: ident(DEVICE) },
    { op: 'upsert', resource: res('Observation', MEAS, { derivedFrom: [{ reference: `urn:uuid:${SEL}` }] }), fullUrl: `urn:uuid:${MEAS}`, identifier: ident(MEAS) },
    {
      op: 'upsert',
      resource: res('Observation', GROUP, { derivedFrom: [{ reference: `urn:uuid:${SEL}` }], device: { reference: `urn:uuid:${DEVICE}` }, hasMember: [{ reference: `urn:uuid:${MEAS}` }] }),
      fullUrl: `urn:uuid:${GROUP}`,
      identifier: ident(GROUP),
    },
  ],
};
const update: SaveChange = { op: 'update', resource: { resourceType: 'ImagingSelection', id: '12', status: 'available' }, versionId: '3' };
const graph = [create, update];

const typeOf = (c: RecordedCall) => (c.body as { resourceType?: string } | undefined)?.resourceType ?? new URL(c.url).pathname.split('/').pop();

/** A tiny server: ids in arrival order; conditional creates and conditional updates find what exists. */
function fakeServer(opts: { failOn?: (c: RecordedCall) => boolean } = {}) {
  const stored = new Map<string, { type: string; id: string }>();
  let next = 100;
  return scriptedFetch((call) => {
    if (opts.failOn?.(call)) return mockResponse(503, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'transient' }] });
    const body = call.body as { resourceType: string; id?: string; identifier?: { value: string }[] } | undefined;
    const url = new URL(call.url);
    if (call.method === 'GET') {
      const value = (url.searchParams.get('identifier') ?? '').split('|')[1] ?? '';
      const hit = stored.get(value);
      return mockResponse(200, { resourceType: 'Bundle', type: 'searchset', entry: hit ? [{ resource: { resourceType: hit.type, id: hit.id, meta: { versionId: '1' } } }] : [] });
    }
    const key = body?.identifier?.[0]?.value ?? '';
    const existing = stored.get(key);
    if (call.method === 'PUT' && url.search) {
      if (existing) return mockResponse(200, { ...body, id: existing.id, meta: { versionId: '2' } });
    } else if (call.method === 'PUT') {
      return mockResponse(200, { ...body, meta: { versionId: '4' } });
    } else if (existing && call.headers['If-None-Exist']) {
      return mockResponse(200, { ...body, id: existing.id, meta: { versionId: '1' } });
    }
    const id = String(next++);
    stored.set(key, { type: body!.resourceType, id });
    return mockResponse(201, { ...body, id, meta: { versionId: '1' } });
  });
}

describe('writesOf / dependencies', () => {
  it('lists the Device once, each change, then its Observations; each waits for what it references', () => {
    const writes = writesOf(graph);
    expect(writes.map((w) => w.resource.resourceType)).toEqual(['Device', 'ImagingSelection', 'Observation', 'Observation', 'ImagingSelection']);
    expect(dependencies(writes)).toEqual([[], [], [1], [1, 0, 2], []]);
  });
});

describe('savePerResource', () => {
  it('writes in dependency order and replaces placeholders with the created ids', async () => {
    const fetch = fakeServer();
    const saved = await savePerResource(new FhirClient({ baseUrl: BASE, fetch }), graph, { conditionalCreate: true, concurrency: 1 });
    const group = fetch.calls.find((c) => JSON.stringify(c.body).includes('hasMember'))!;
    const at = (pred: (c: RecordedCall) => boolean) => fetch.calls.findIndex(pred);
    const groupAt = fetch.calls.indexOf(group);
    expect(groupAt).toBeGreaterThan(at((c) => typeOf(c) === 'Device'));
    expect(groupAt).toBeGreaterThan(at((c) => c.method === 'POST' && typeOf(c) === 'ImagingSelection'));
    expect(groupAt).toBeGreaterThan(at((c) => typeOf(c) === 'Observation' && !JSON.stringify(c.body).includes('hasMember')));
    const body = group.body as { derivedFrom: unknown; device: unknown; hasMember: unknown };
    expect(body.derivedFrom).toEqual([{ reference: `ImagingSelection/${saved[0]!.resourceId}` }]);
    expect(body.device).toEqual({ reference: expect.stringMatching(/^Device\/\d+$/) });
    expect(body.hasMember).toEqual([{ reference: expect.stringMatching(/^Observation\/\d+$/) }]);
    expect(new URL(group.url).search).toContain('identifier=');
    // The identifier that looks like a placeholder stays as it is.
    expect((fetch.calls.find((c) => typeOf(c) === 'ImagingSelection')!.body as { identifier: { value: string }[] }).identifier[0]!.value).toBe(`urn:uuid:${SEL}`);
    expect(saved.map((s) => [s.change.op, s.status])).toEqual([['create', 201], ['update', 200]]);
  });

  it('sends creates with If-None-Exist, Observations as conditional updates and updates with If-Match', async () => {
    const fetch = fakeServer();
    await savePerResource(new FhirClient({ baseUrl: BASE, fetch }), graph, { conditionalCreate: true });
    for (const c of fetch.calls) {
      if (c.method === 'POST') expect(c.headers['If-None-Exist']).toMatch(/^identifier=urn:ietf:rfc:3986\|urn:uuid:/);
      if (c.method === 'PUT' && typeOf(c) === 'Observation') expect(decodeURIComponent(c.url)).toMatch(/\/Observation\?identifier=urn:ietf:rfc:3986\|urn:uuid:/);
      if (c.method === 'PUT' && typeOf(c) === 'ImagingSelection') expect(c.headers['If-Match']).toBe('W/"3"');
    }
  });

  it('updates an Observation whose version is known at that version (If-Match on its id), and reports each Observation stored', async () => {
    const fetch = fakeServer();
    const known: SaveChange = { ...update, related: [{ op: 'upsert', resource: res('Observation', MEAS), fullUrl: `urn:uuid:${MEAS}`, identifier: ident(MEAS), ifMatch: { id: '77', versionId: '5' } }] };
    const [saved] = await savePerResource(new FhirClient({ baseUrl: BASE, fetch }), [known], { conditionalCreate: true });
    const put = fetch.calls.find((c) => c.url.endsWith('/Observation/77'));
    expect(put?.method).toBe('PUT');
    expect(put?.headers['If-Match']).toBe('W/"5"');
    expect(put?.body).toMatchObject({ resourceType: 'Observation', id: '77' });
    expect(saved?.related).toEqual([{ identifier: `urn:uuid:${MEAS}`, resourceId: '77', versionId: '4' }]);
  });

  it('makes one attempt (the save queue retries), and a save that stopped halfway resumes without duplicates', async () => {
    let failDevice = true;
    const fetch = fakeServer({ failOn: (c) => failDevice && typeOf(c) === 'Device' });
    const client = new FhirClient({ baseUrl: BASE, fetch });
    await expect(savePerResource(client, [create], { conditionalCreate: true })).rejects.toMatchObject({ status: 503 });
    expect(fetch.calls.filter((c) => typeOf(c) === 'Device')).toHaveLength(1); // not retried here
    // The group was never sent: it waits for the Device.
    expect(fetch.calls.some((c) => JSON.stringify(c.body).includes('hasMember'))).toBe(false);
    failDevice = false;
    const saved = await savePerResource(client, [create], { conditionalCreate: true });
    const selectionPosts = fetch.calls.filter((c) => c.method === 'POST' && typeOf(c) === 'ImagingSelection');
    expect(selectionPosts).toHaveLength(2);
    expect(saved[0]!.status).toBe(200); // the second send found the first
  });

  it('without conditional create, searches by identifier before creating', async () => {
    const fetch = fakeServer();
    const client = new FhirClient({ baseUrl: BASE, fetch });
    const only: SaveChange[] = [{ op: 'create', resource: res('ImagingSelection', SEL), identifier: ident(SEL) }];
    const first = await savePerResource(client, only, { conditionalCreate: false });
    const again = await savePerResource(client, only, { conditionalCreate: false });
    expect(fetch.calls.map((c) => c.method)).toEqual(['GET', 'POST', 'GET']);
    expect(fetch.calls[1]!.headers['If-None-Exist']).toBeUndefined();
    expect(again[0]!.resourceId).toBe(first[0]!.resourceId);
  });
});

describe('saveChanges strategy', () => {
  it('falls back to per-resource once when a server refuses the transaction, and reports it', async () => {
    const server = fakeServer();
    let refused = 0;
    const fetch = scriptedFetch((call) =>
      call.method === 'POST' && call.url === BASE
        ? mockResponse(405, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-supported' }] })
        : server(call.url, { method: call.method, headers: call.headers, body: JSON.stringify(call.body) }),
    );
    const saved = await saveChanges(new FhirClient({ baseUrl: BASE, fetch }), [create], { transaction: true, conditionalCreate: true, onTransactionRefused: () => refused++ });
    expect(refused).toBe(1);
    expect(saved[0]!.status).toBe(201);
  });

  it('never sends a transaction when the server has none', async () => {
    const fetch = fakeServer();
    await saveChanges(new FhirClient({ baseUrl: BASE, fetch }), graph, { transaction: false, conditionalCreate: true });
    expect(fetch.calls.every((c) => c.url !== BASE)).toBe(true);
  });
});
