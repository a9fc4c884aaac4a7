import http from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFaultProxy, parsePlan, seededRandom } from './fault-proxy.mjs';

const listen = (srv) => new Promise((r) => srv.listen(0, '127.0.0.1', () => r(srv.address().port)));

describe('parsePlan', () => {
  it('fills defaults and names a bad field', () => {
    expect(parsePlan({ mode: '503' })).toMatchObject({ mode: '503', retryAfter: 1, count: 0, errorBody: 'html' });
    expect(() => parsePlan({ mode: 'explode' })).toThrow(/mode must be one of/);
    expect(() => parsePlan({ mode: 'mix' })).toThrow(/needs rates/);
    expect(() => parsePlan({ mode: 'mix', rates: { drop: 0.7, 503: 0.5 } })).toThrow(/more than 1/);
    expect(() => parsePlan({ mode: 'mix', rates: { boom: 0.1 } })).toThrow(/rates.boom/);
    expect(() => parsePlan({ mode: 'delay', delayMs: -1 })).toThrow(/delayMs/);
    expect(() => parsePlan({ mode: 'delay', pathz: [] })).toThrow(/unknown field "pathz"/);
    expect(() => parsePlan({ mode: 'delay', paths: ['('] })).toThrow(/paths/);
  });
});

describe('seededRandom', () => {
  it('replays the same sequence for the same seed', () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    const c = seededRandom(8);
    const sa = Array.from({ length: 5 }, a);
    expect(Array.from({ length: 5 }, b)).toEqual(sa);
    expect(Array.from({ length: 5 }, c)).not.toEqual(sa);
    expect(sa.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});

describe('createFaultProxy', () => {
  let upstream;
  let proxy;
  let base;
  let hits;
  beforeAll(async () => {
    upstream = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        hits.push({ method: req.method, url: req.url, host: req.headers.host, body });
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ ok: true, pad: 'x'.repeat(3000) }));
      });
    });
    const up = await listen(upstream);
    proxy = createFaultProxy({ upstream: `http://127.0.0.1:${up}`, name: 'test' });
    base = `http://127.0.0.1:${await listen(proxy)}`;
  });
  afterAll(() => {
    upstream.close();
    proxy.close();
    proxy.closeAllConnections();
  });
  beforeEach(async () => {
    hits = [];
    await fetch(`${base}/__faults`, { method: 'DELETE' });
    await fetch(`${base}/__faults/stats`, { method: 'DELETE' });
  });
  const setPlan = (plan) => fetch(`${base}/__faults`, { method: 'POST', body: JSON.stringify(plan) });
  const stats = async () => (await fetch(`${base}/__faults/stats`)).json();

  it('forwards untouched without a plan, keeping Host and the body', async () => {
    // fetch() may not set Host, so a plain http.request.
    const status = await new Promise((resolve, reject) => {
      const req = http.request(`${base}/fhir/x?y=1`, { method: 'POST', headers: { Host: 'viewer.local:1' } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode));
      });
      req.on('error', reject);
      req.end('hello');
    });
    expect(status).toBe(200);
    expect(hits).toEqual([{ method: 'POST', url: '/fhir/x?y=1', host: 'viewer.local:1', body: 'hello' }]);
    expect(await stats()).toMatchObject({ requests: 1, forwarded: 1, faults: { drop: 0 } });
  });

  it('refuses a bad plan with 400 and the reason', async () => {
    const res = await setPlan({ mode: 'nope' });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(/mode/);
  });

  it('503 carries Retry-After and never reaches the upstream; count limits the faults', async () => {
    await setPlan({ mode: '503', retryAfter: 2, count: 1 });
    const first = await fetch(`${base}/fhir`, { method: 'POST', body: '{}' });
    expect(first.status).toBe(503);
    expect(first.headers.get('retry-after')).toBe('2');
    expect(await first.text()).toContain('<html>');
    expect((await fetch(`${base}/fhir`, { method: 'POST', body: '{}' })).status).toBe(200);
    expect(hits).toHaveLength(1);
    expect((await stats()).faults['503']).toBe(1);
  });

  it('500 with an OperationOutcome body when asked', async () => {
    await setPlan({ mode: '500', errorBody: 'outcome' });
    const res = await fetch(`${base}/fhir/Patient`);
    expect(res.status).toBe(500);
    expect((await res.json()).resourceType).toBe('OperationOutcome');
  });

  it('drop: the upstream processes the request, the client gets no answer', async () => {
    await setPlan({ mode: 'drop' });
    await expect(fetch(`${base}/fhir`, { method: 'POST', body: 'write-1' })).rejects.toThrow();
    expect(hits.map((h) => h.body)).toEqual(['write-1']);
    expect((await stats()).faults.drop).toBe(1);
  });

  it('methods and paths restrict the faults', async () => {
    await setPlan({ mode: '500', methods: ['post'], paths: ['^/fhir/?$'] });
    expect((await fetch(`${base}/fhir/Patient`)).status).toBe(200);
    expect((await fetch(`${base}/fhir/Patient`, { method: 'POST', body: '{}' })).status).toBe(200);
    expect((await fetch(`${base}/fhir`, { method: 'POST', body: '{}' })).status).toBe(500);
  });

  it('delay and slow still deliver the whole answer', async () => {
    await setPlan({ mode: 'delay', delayMs: 150 });
    let t0 = Date.now();
    expect((await (await fetch(`${base}/a`)).json()).ok).toBe(true);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    await setPlan({ mode: 'slow', slowChunkBytes: 1000, slowChunkDelayMs: 30 });
    t0 = Date.now();
    expect((await (await fetch(`${base}/a`)).json()).pad).toHaveLength(3000);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(80);
    expect((await stats()).faults).toMatchObject({ delay: 1, slow: 1 });
  });

  it('mix draws the same faults for the same seed', async () => {
    const run = async () => {
      await setPlan({ mode: 'mix', seed: 3, rates: { 500: 0.3, 503: 0.3 } });
      const out = [];
      for (let i = 0; i < 12; i++) out.push((await fetch(`${base}/a`)).status);
      return out;
    };
    const a = await run();
    expect(await run()).toEqual(a);
    expect(a.some((s) => s !== 200)).toBe(true);
    expect(a.some((s) => s === 200)).toBe(true);
  });
});
