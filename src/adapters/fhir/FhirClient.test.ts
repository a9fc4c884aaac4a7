import { describe, expect, it, vi } from 'vitest';
import { FhirClient } from './FhirClient';
import { FhirError } from './FhirError';
import { mockFetch, mockResponse, scriptedFetch } from './mockFetch';
import type { MockFetch } from './mockFetch';

const BASE = 'https://viewer.example/fhir';
const selection = { resourceType: 'ImagingSelection', id: '12', meta: { versionId: '3' }, status: 'available' };
const outcome = (diagnostics: string) => ({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'processing', diagnostics }] });

function client(fetch: MockFetch, extra: Partial<ConstructorParameters<typeof FhirClient>[0]> = {}) {
  return new FhirClient({ baseUrl: BASE, fetch, ...extra });
}

async function failure(promise: Promise<unknown>): Promise<FhirError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(FhirError);
    return error as FhirError;
  }
  throw new Error('expected the call to fail');
}

describe('FhirClient request funnel', () => {
  it('reads with FHIR Accept, no body headers, and the auth header', async () => {
    const fetch = mockFetch(200, selection);
    const result = await client(fetch, { getAuthHeader: async () => 'Bearer t1' }).read('ImagingSelection', '12');
    expect(result).toEqual(selection);
    const call = fetch.calls[0]!;
    expect(call.url).toBe(`${BASE}/ImagingSelection/12`);
    expect(call.headers.Accept).toBe('application/fhir+json');
    expect(call.headers.Authorization).toBe('Bearer t1');
    expect(call.headers['Content-Type']).toBeUndefined();
  });

  it('normalizes a trailing slash on the base and rejects a relative base', () => {
    expect(new FhirClient({ baseUrl: `${BASE}/`, fetch: mockFetch(200, {}) }).baseUrl).toBe(BASE);
    expect(() => new FhirClient({ baseUrl: '/fhir', fetch: mockFetch(200, {}) })).toThrow(/absolute/);
  });

  it('calls an injected window.fetch unbound (no Illegal invocation)', async () => {
    const fetch = mockFetch(200, selection);
    const strict = function (this: unknown, input: string, init: RequestInit) {
      if (this !== undefined) throw new TypeError('Illegal invocation');
      return fetch(input, init);
    };
    await expect(new FhirClient({ baseUrl: BASE, fetch: strict }).read('ImagingSelection', '12')).resolves.toEqual(selection);
  });

  it('searches with Cache-Control: no-cache and repeated params', async () => {
    const fetch = mockFetch(200, { resourceType: 'Bundle', type: 'searchset' });
    await client(fetch).search('ImagingSelection', { 'study-uid': '1.2.3', _include: ['a', 'b'] });
    expect(fetch.calls[0]!.url).toBe(`${BASE}/ImagingSelection?study-uid=1.2.3&_include=a&_include=b`);
    expect(fetch.calls[0]!.headers['Cache-Control']).toBe('no-cache');
  });

  it('creates conditionally and takes id/version from Location when there is no body', async () => {
    const fetch = mockFetch(201, undefined, { Location: `${BASE}/ImagingSelection/12/_history/1`, ETag: 'W/"1"' });
    const result = await client(fetch).create({ resourceType: 'ImagingSelection', status: 'available' }, { ifNoneExist: 'identifier=s|v' });
    expect(result).toMatchObject({ id: '12', versionId: '1', status: 201, resource: undefined });
    const call = fetch.calls[0]!;
    expect(call.method).toBe('POST');
    expect(call.url).toBe(`${BASE}/ImagingSelection`);
    expect(call.headers['If-None-Exist']).toBe('identifier=s|v');
    expect(call.headers['Content-Type']).toBe('application/fhir+json');
    expect(call.body).toEqual({ resourceType: 'ImagingSelection', status: 'available' });
  });

  it('updates with a weak If-Match and needs an id', async () => {
    const fetch = mockFetch(200, { ...selection, meta: { versionId: '4' } });
    const result = await client(fetch).update(selection, { ifMatch: '3' });
    expect(result.versionId).toBe('4');
    expect(fetch.calls[0]!.method).toBe('PUT');
    expect(fetch.calls[0]!.url).toBe(`${BASE}/ImagingSelection/12`);
    expect(fetch.calls[0]!.headers['If-Match']).toBe('W/"3"');
    await expect(client(fetch).update({ resourceType: 'ImagingSelection' })).rejects.toThrow(TypeError);
  });

  it('posts a transaction to the base and reads history', async () => {
    const fetch = mockFetch(200, { resourceType: 'Bundle', type: 'transaction-response', entry: [] });
    await client(fetch).transaction({ resourceType: 'Bundle', type: 'transaction', entry: [] });
    expect(fetch.calls[0]!.url).toBe(BASE);
    expect(fetch.calls[0]!.method).toBe('POST');
    await client(fetch).history('ImagingSelection', '12');
    expect(fetch.calls[1]!.url).toBe(`${BASE}/ImagingSelection/12/_history`);
  });
});

describe('FhirClient errors', () => {
  it('network: fetch throws', async () => {
    const error = await failure(client(scriptedFetch(new TypeError('Failed to fetch'))).read('Patient', '1'));
    expect(error.kind).toBe('network');
    expect(error.status).toBeUndefined();
    expect(error.userMessage).toContain('Failed to fetch');
    expect(error.outcome.issue[0]!.code).toBe('transient');
  });

  it('passes a caller abort through untouched', async () => {
    const controller = new AbortController();
    controller.abort();
    const abort = new DOMException('aborted', 'AbortError');
    await expect(client(scriptedFetch(abort)).read('Patient', '1', { signal: controller.signal })).rejects.toBe(abort);
  });

  it('http: keeps the server OperationOutcome', async () => {
    const error = await failure(client(mockFetch(422, outcome('ImagingSelection.status: minimum required = 1'))).read('Patient', '1'));
    expect(error.kind).toBe('http');
    expect(error.status).toBe(422);
    expect(error.userMessage).toBe('ImagingSelection.status: minimum required = 1');
  });

  it('http: an HTML 500 from a proxy becomes a synthesized outcome without markup', async () => {
    const html = '<html><body><h1>502 Bad Gateway</h1><script>alert(1)</script></body></html>';
    const error = await failure(client(mockFetch(500, html, { 'Content-Type': 'text/html' })).read('Patient', '1'));
    expect(error.kind).toBe('http');
    expect(error.status).toBe(500);
    expect(error.userMessage).toBe('The server answered 500 with a non-FHIR page');
    expect(error.userMessage).not.toMatch(/[<>]/);
    expect(error.outcome.resourceType).toBe('OperationOutcome');
  });

  it('http: JSON that is not an OperationOutcome is summarized by status', async () => {
    const error = await failure(client(mockFetch(400, { resourceType: 'Patient' })).read('Patient', '1'));
    expect(error.userMessage).toMatch(/^The server answered 400/);
  });

  it.each([
    [404, 'not-found'],
    [410, 'not-found'],
    [409, 'conflict'],
    [412, 'conflict'],
    [401, 'unauthorized'],
    [403, 'unauthorized'],
    [429, 'http'],
    [503, 'http'],
  ] as const)('%i → %s', async (status, kind) => {
    const error = await failure(client(mockFetch(status, outcome(`status ${status}`))).read('Patient', '1'));
    expect(error.kind).toBe(kind);
    expect(error.status).toBe(status);
    expect(error.outcome.issue[0]!.diagnostics).toBe(`status ${status}`);
  });

  it('invalid-response: a 2xx text/html page (an SPA fallback)', async () => {
    const error = await failure(client(mockFetch(200, '<!doctype html><title>app</title>', { 'Content-Type': 'text/html' })).read('Patient', '1'));
    expect(error.kind).toBe('invalid-response');
    expect(error.userMessage).toContain('non-FHIR');
  });

  it('invalid-response: malformed JSON, or JSON that is not a resource', async () => {
    const bad = await failure(client(mockFetch(200, '{"resourceType":', { 'Content-Type': 'application/fhir+json' })).read('Patient', '1'));
    expect(bad.kind).toBe('invalid-response');
    const notResource = await failure(client(mockFetch(200, [1, 2])).read('Patient', '1'));
    expect(notResource.kind).toBe('invalid-response');
  });

  it('parses Retry-After seconds and HTTP dates', async () => {
    const seconds = await failure(client(mockFetch(503, outcome('busy'), { 'Retry-After': '7' })).read('Patient', '1'));
    expect(seconds.retryAfterMs).toBe(7000);
    const now = Date.parse('Mon, 23 Nov 2026 05:00:00 GMT');
    const dated = await failure(
      client(mockFetch(429, outcome('slow down'), { 'Retry-After': 'Mon, 23 Nov 2026 05:00:30 GMT' }), { now: () => now }).read('Patient', '1'),
    );
    expect(dated.retryAfterMs).toBe(30_000);
    const none = await failure(client(mockFetch(500, outcome('x'))).read('Patient', '1'));
    expect(none.retryAfterMs).toBeUndefined();
  });
});

describe('FhirClient 401 handling', () => {
  it('asks for a new token once and retries with the new header', async () => {
    let token = 'old';
    const onUnauthorized = vi.fn(async () => {
      token = 'new';
      return true;
    });
    const fetch = scriptedFetch(mockResponse(401, outcome('expired')), mockResponse(200, selection));
    const result = await client(fetch, { getAuthHeader: () => `Bearer ${token}`, onUnauthorized }).update(selection, { ifMatch: '3' });
    expect(result.id).toBe('12');
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
    expect(fetch.calls.map((c) => c.headers.Authorization)).toEqual(['Bearer old', 'Bearer new']);
    expect(fetch.calls[1]!.body).toEqual(selection);
  });

  it('does not loop: a second 401 is an unauthorized error', async () => {
    const onUnauthorized = vi.fn(async () => true);
    const fetch = mockFetch(401, outcome('still expired'));
    const error = await failure(client(fetch, { onUnauthorized }).read('Patient', '1'));
    expect(error.kind).toBe('unauthorized');
    expect(fetch.calls).toHaveLength(2);
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it('turns a failing token source into an unauthorized error without sending', async () => {
    const fetch = mockFetch(200, selection);
    const error = await failure(client(fetch, { getAuthHeader: async () => Promise.reject(new Error('refresh token expired')) }).read('Patient', '1'));
    expect(error.kind).toBe('unauthorized');
    expect(error.userMessage).toBe('Could not get a sign-in token: refresh token expired');
    expect(fetch.calls).toHaveLength(0);
  });

  it('gives up at once when no new token arrives, keeping the outcome', async () => {
    const fetch = mockFetch(401, outcome('login required'));
    const error = await failure(client(fetch, { onUnauthorized: async () => false }).read('Patient', '1'));
    expect(error.kind).toBe('unauthorized');
    expect(error.userMessage).toBe('login required');
    expect(fetch.calls).toHaveLength(1);
  });
});

describe('FhirClient.searchAll', () => {
  const page = (ids: string[], next?: string) => ({
    resourceType: 'Bundle',
    type: 'searchset',
    link: next ? [{ relation: 'self', url: 'x' }, { relation: 'next', url: next }] : [],
    entry: ids.map((id) => ({ resource: { resourceType: 'ImagingSelection', id }, search: { mode: 'match' } })),
  });

  it('follows next links across 3 pages and drops outcome entries', async () => {
    const last = page(['5']);
    const withOutcome = { ...last, entry: [...last.entry, { resource: outcome('warning'), search: { mode: 'outcome' } }] };
    const fetch = scriptedFetch(
      mockResponse(200, page(['1', '2'], `${BASE}?_getpages=abc&_getpagesoffset=2`)),
      mockResponse(200, page(['3', '4'], `${BASE}?_getpages=abc&_getpagesoffset=4`)),
      mockResponse(200, withOutcome),
    );
    const result = await client(fetch).searchAll('ImagingSelection', { _count: '2' });
    expect(result.resources.map((r) => r.id)).toEqual(['1', '2', '3', '4', '5']);
    expect(result).toMatchObject({ pages: 3, truncated: false });
    expect(fetch.calls.map((c) => c.url)).toEqual([
      `${BASE}/ImagingSelection?_count=2`,
      `${BASE}?_getpages=abc&_getpagesoffset=2`,
      `${BASE}?_getpages=abc&_getpagesoffset=4`,
    ]);
    expect(fetch.calls.every((c) => c.headers['Cache-Control'] === 'no-cache')).toBe(true);
  });

  it('refuses a next link on another origin or outside the base: no request, no token, result truncated', async () => {
    for (const foreign of ['http://localhost:8080/fhir?_getpages=abc', 'https://evil.example/fhir?_getpages=abc', 'https://viewer.example/other?_getpages=abc', '//evil.example/fhir?x']) {
      const fetch = scriptedFetch(mockResponse(200, page(['1'], foreign)), mockResponse(200, page(['2'])));
      const result = await client(fetch, { getAuthHeader: () => 'Bearer secret' }).searchAll('ImagingSelection');
      expect(result).toMatchObject({ pages: 1, truncated: true });
      expect(result.resources).toHaveLength(1);
      expect(fetch.calls).toHaveLength(1);
    }
  });

  it('follows a next link on the configured server', async () => {
    const fetch = scriptedFetch(mockResponse(200, page(['1'], 'https://viewer.example/fhir?_getpages=abc&_getpagesoffset=1&_count=1')), mockResponse(200, page(['2'])));
    await client(fetch, { getAuthHeader: () => 'Bearer secret' }).searchAll('ImagingSelection');
    expect(fetch.calls[1]!.url).toBe('https://viewer.example/fhir?_getpages=abc&_getpagesoffset=1&_count=1');
  });

  it('stops at maxPages and says the result is truncated', async () => {
    const fetch = scriptedFetch((call) => mockResponse(200, page([String(call.url.length)], `${BASE}?_getpages=p${Math.random()}`)));
    const result = await client(fetch).searchAll('ImagingSelection', {}, { maxPages: 2 });
    expect(result).toMatchObject({ pages: 2, truncated: true });
    expect(fetch.calls).toHaveLength(2);
  });

  it('stops when the server repeats a next link', async () => {
    const fetch = mockFetch(200, page(['1'], `${BASE}?_getpages=same`));
    const result = await client(fetch).searchAll('ImagingSelection');
    expect(fetch.calls).toHaveLength(2);
    expect(result.resources).toHaveLength(2);
  });
});
