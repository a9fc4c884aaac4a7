import { describe, expect, it } from 'vitest';
import { FhirClient } from './FhirClient';
import { mockResponse, scriptedFetch, type RecordedCall } from './mockFetch';
import { dependencies, savePerResource } from './perResourceSave';
import { saveChanges, type SaveChange } from './selectionSave';

const BASE = 'http://fhir.test/fhir';
const SYSTEM = 'urn:ietf:rfc:3986';
const SEL = '6f1c1c56-0a8a-4a55-9a49-3a8d2a0c2b11';
const GROUP = '7a2d2d67-1b9b-4b66-8b5a-4b9e3b1d3c22';
const DEVICE = '8b3e3e78-2cac-4c77-9c6b-5caf4c2e4d33';

const create = (type: string, uuid: string, extra: Record<string, unknown> = {}): SaveChange => ({
  op: 'create',
  resource: { resourceType: type, identifier: [{ system: SYSTEM, value: `urn:uuid:${uuid}` }], ...extra },
  identifier: { system: SYSTEM, value: `urn:uuid:${uuid}` },
});

// The group references the selection and the Device by their transaction placeholders.
const graph: SaveChange[] = [
  create('Observation', GROUP, { derivedFrom: [{ reference: `urn:uuid:${SEL}` }], device: { reference: `urn:uuid:${DEVICE}` } }),
  create('ImagingSelection', SEL),
  create('Device', DEVICE),
  { op: 'update', resource: { resourceType: 'ImagingSelection', id: '12', status: 'available' }, versionId: '3' },
];

/** A tiny server: creates get ids in arrival order; conditional creates of a known identifier return it. */
function fakeServer(opts: { failOn?: (c: RecordedCall) => boolean } = {}) {
  const stored = new Map<string, { type: string; id: string }>();
  let next = 100;
  return scriptedFetch((call) => {
    if (opts.failOn?.(call)) return mockResponse(503, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'transient' }] });
    const body = call.body as { resourceType: string; id?: string; identifier?: { value: string }[] } | undefined;
    if (call.method === 'GET') {
      const value = decodeURIComponent(new URL(call.url).searchParams.get('identifier') ?? '').split('|')[1] ?? '';
      const hit = stored.get(value);
      return mockResponse(200, { resourceType: 'Bundle', type: 'searchset', entry: hit ? [{ resource: { resourceType: hit.type, id: hit.id, meta: { versionId: '1' } } }] : [] });
    }
    if (call.method === 'PUT') return mockResponse(200, { ...body, meta: { versionId: '4' } });
    const key = body?.identifier?.[0]?.value ?? '';
    const existing = stored.get(key);
    if (existing && call.headers['If-None-Exist']) return mockResponse(200, { ...body, id: existing.id, meta: { versionId: '1' } });
    const id = String(next++);
    stored.set(key, { type: body!.resourceType, id });
    return mockResponse(201, { ...body, id, meta: { versionId: '1' } });
  });
}

describe('dependencies', () => {
  it('makes a change wait for the creates it references, and only for those', () => {
    expect(dependencies(graph)).toEqual([[1, 2], [], [], []]);
  });
});

describe('savePerResource', () => {
  it('creates in dependency order and replaces placeholders with the created ids', async () => {
    const fetch = fakeServer();
    const client = new FhirClient({ baseUrl: BASE, fetch });
    const saved = await savePerResource(client, graph, { conditionalCreate: true, concurrency: 1 });
    const order = fetch.calls.map((c) => `${c.method} ${(c.body as { resourceType: string }).resourceType}`);
    expect(order.indexOf('POST Observation')).toBeGreaterThan(order.indexOf('POST ImagingSelection'));
    expect(order.indexOf('POST Observation')).toBeGreaterThan(order.indexOf('POST Device'));
    const group = fetch.calls.find((c) => (c.body as { resourceType: string }).resourceType === 'Observation')!.body as Record<string, { reference: string }[] & { reference: string }>;
    const selId = saved[1]!.resourceId;
    const devId = saved[2]!.resourceId;
    expect(group.derivedFrom).toEqual([{ reference: `ImagingSelection/${selId}` }]);
    expect(group.device).toEqual({ reference: `Device/${devId}` });
    // The identifier that looks like the placeholder stays as it is.
    expect((fetch.calls[0]!.body as { identifier: { value: string }[] }).identifier[0]!.value).toMatch(/^urn:uuid:/);
    expect(saved.map((s) => s.status)).toEqual([201, 201, 201, 200]);
  });

  it('sends every create with If-None-Exist and every update with If-Match', async () => {
    const fetch = fakeServer();
    await savePerResource(new FhirClient({ baseUrl: BASE, fetch }), graph, { conditionalCreate: true });
    for (const c of fetch.calls) {
      if (c.method === 'POST') expect(c.headers['If-None-Exist']).toMatch(/^identifier=urn:ietf:rfc:3986\|urn:uuid:/);
      if (c.method === 'PUT') expect(c.headers['If-Match']).toBe('W/"3"');
    }
  });

  it('resumes a save that stopped halfway without duplicates', async () => {
    let failDevice = true;
    const fetch = fakeServer({ failOn: (c) => failDevice && (c.body as { resourceType?: string })?.resourceType === 'Device' });
    const client = new FhirClient({ baseUrl: BASE, fetch });
    const noWait = { maxAttempts: 1 };
    await expect(savePerResource(client, graph, { conditionalCreate: true, retry: noWait })).rejects.toMatchObject({ status: 503 });
    // The group was never sent: it waits for the Device.
    expect(fetch.calls.some((c) => (c.body as { resourceType?: string })?.resourceType === 'Observation')).toBe(false);
    failDevice = false;
    const saved = await savePerResource(client, graph, { conditionalCreate: true, retry: noWait });
    const selectionPosts = fetch.calls.filter((c) => c.method === 'POST' && (c.body as { resourceType: string }).resourceType === 'ImagingSelection');
    expect(selectionPosts).toHaveLength(2);
    expect(saved[1]!.status).toBe(200); // the second send found the first
    expect(new Set(selectionPosts.map(() => saved[1]!.resourceId)).size).toBe(1);
  });

  it('without conditional create, searches by identifier before creating', async () => {
    const fetch = fakeServer();
    const client = new FhirClient({ baseUrl: BASE, fetch });
    const only = [create('ImagingSelection', SEL)];
    const first = await savePerResource(client, only, { conditionalCreate: false });
    const again = await savePerResource(client, only, { conditionalCreate: false });
    expect(fetch.calls.map((c) => c.method)).toEqual(['GET', 'POST', 'GET']);
    expect(fetch.calls[1]!.headers['If-None-Exist']).toBeUndefined();
    expect(again[0]!.resourceId).toBe(first[0]!.resourceId);
  });

  it('retries a transient failure of an idempotent request', async () => {
    let failures = 1;
    const fetch = fakeServer({ failOn: () => failures-- > 0 });
    const saved = await savePerResource(new FhirClient({ baseUrl: BASE, fetch }), [create('Device', DEVICE)], {
      conditionalCreate: true,
      retry: { sleep: async () => {}, maxAttempts: 2 },
    });
    expect(saved[0]!.status).toBe(201);
    expect(fetch.calls).toHaveLength(2);
  });
});

describe('saveChanges strategy', () => {
  it('falls back to per-resource once when a server refuses the transaction, and reports it', async () => {
    const server = fakeServer();
    let refused = 0;
    const fetch = scriptedFetch((call) => (call.method === 'POST' && call.url === BASE ? mockResponse(405, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-supported' }] }) : server(call.url, { method: call.method, headers: call.headers, body: JSON.stringify(call.body) })));
    const saved = await saveChanges(new FhirClient({ baseUrl: BASE, fetch }), [create('Device', DEVICE)], { maxAttempts: 1 }, {
      transaction: true,
      conditionalCreate: true,
      onTransactionRefused: () => refused++,
    });
    expect(refused).toBe(1);
    expect(saved[0]!.status).toBe(201);
  });

  it('never sends a transaction when the server has none', async () => {
    const fetch = fakeServer();
    await saveChanges(new FhirClient({ baseUrl: BASE, fetch }), graph, undefined, { transaction: false, conditionalCreate: true });
    expect(fetch.calls.every((c) => c.url !== BASE)).toBe(true);
  });
});
