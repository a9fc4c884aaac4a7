import { describe, expect, it, vi } from 'vitest';
import { loadConfig } from './loadConfig';
import type { ConfigFetch } from './loadConfig';
import { DEFAULT_LOCAL_CONFIG } from './defaultLocalConfig';

const answer = (status: number, body: string, contentType = 'application/json'): ConfigFetch =>
  vi.fn(async () => new Response(body, { status, headers: { 'Content-Type': contentType } }));

describe('loadConfig', () => {
  it('fetches /config.json without the HTTP cache and parses it', async () => {
    const fetch = answer(200, JSON.stringify(DEFAULT_LOCAL_CONFIG));
    const result = await loadConfig(fetch);
    expect(result.ok).toBe(true);
    expect(fetch).toHaveBeenCalledWith('/config.json', expect.objectContaining({ cache: 'no-store' }));
  });

  it('reports a 404 as a file problem', async () => {
    const result = await loadConfig(answer(404, 'Not Found', 'text/plain'));
    expect(result).toEqual({ ok: false, problems: [{ path: '(file)', message: expect.stringContaining('/config.json was not found (404)') }] });
  });

  it('reports other HTTP failures', async () => {
    const result = await loadConfig(answer(503, 'busy', 'text/plain'), '/env/config.json');
    expect(result).toEqual({ ok: false, problems: [{ path: '(file)', message: '/env/config.json answered 503' }] });
  });

  it('reports an unreachable server', async () => {
    const result = await loadConfig(vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))));
    expect(result).toEqual({ ok: false, problems: [{ path: '(file)', message: 'could not fetch /config.json: Failed to fetch' }] });
  });

  it('recognizes an SPA fallback page instead of JSON', async () => {
    const result = await loadConfig(answer(200, '<!doctype html><html></html>', 'text/html'));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems[0]).toEqual({ path: '(file)', message: expect.stringContaining('is not JSON (got text/html)') });
  });

  it('locates a JSON syntax error by line and column', async () => {
    const text = '{\n  "fhir": { "baseUrl": "/fhir" },\n  "dicomweb": { "qidoRoot": "/dicom-web" "wadoRoot": "/dicom-web" }\n}';
    const result = await loadConfig(answer(200, text));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]!.path).toBe('(file)');
    expect(result.problems[0]!.message).toMatch(/^\/config.json is not valid JSON: .*\(line 3, column 42\)$/);
  });

  it('passes schema problems through', async () => {
    const result = await loadConfig(answer(200, JSON.stringify({ fhir: { baseUrl: '/fhir' }, dicomweb: { qidoRoot: '/d', wadoroot: '/d' } })));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.path)).toEqual(['dicomweb.wadoRoot', 'dicomweb.wadoroot']);
  });
});
