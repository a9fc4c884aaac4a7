#!/usr/bin/env node
// Fault-injection HTTP proxy (Node built-ins only). It sits between serve.mjs and an upstream
// (HAPI FHIR or Orthanc) and, on command, misbehaves the way real networks and servers do.
//
//   node stack/fault-proxy.mjs --port 18081 --upstream http://127.0.0.1:18080 [--name fhir]
//
// Control endpoint on the proxy itself (never forwarded):
//   POST   /__faults        JSON plan (below) replaces the current one; answers the plan
//   DELETE /__faults        clear: every request is forwarded untouched again
//   GET    /__faults        the current plan
//   GET    /__faults/stats  counters: { requests, forwarded, faults: { delay, drop, 500, 503, slow }, seen: ['GET /…', …] }
//   DELETE /__faults/stats  reset the counters
//
// Plan (every field optional):
//   { "mode": "delay" | "drop" | "500" | "503" | "slow" | "mix",
//     "delayMs": 1500,                 delay: wait this long before forwarding
//     "retryAfter": 1,                 503: seconds in the Retry-After header
//     "slowChunkBytes": 512, "slowChunkDelayMs": 40,   slow: the answer trickles out in chunks
//     "errorBody": "html" | "outcome", 500/503: an nginx-like HTML page (default) or an OperationOutcome
//     "seed": 42, "rates": { "delay": 0.1, "drop": 0.1, "500": 0.1, "503": 0.1, "slow": 0.05 },
//                                      mix: per request, one kind is drawn from a seeded PRNG
//                                      (the remaining probability forwards the request untouched)
//     "methods": ["POST"],             only requests with these methods are faulted
//     "paths": ["^/fhir/?$"],          only paths (with query) matching one of these regexes
//     "count": 3 }                     stop injecting after this many faults (0/absent: no limit)
//
// "drop" forwards the request, waits for the upstream's complete answer (so the upstream HAS
// processed it) and then resets the client's connection: the client cannot tell whether its
// write happened. That is the case that produces duplicates when a client re-sends blindly.
import http from 'node:http';
import { pathToFileURL } from 'node:url';

export const FAULT_KINDS = ['delay', 'drop', '500', '503', 'slow'];
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade']);
const CONTROL = '/__faults';

/** mulberry32: a tiny seeded PRNG, so a chaos run can be replayed from its seed. */
export function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Checks and normalizes a plan; throws an Error whose message names the bad field. */
export function parsePlan(raw) {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new Error('the plan must be a JSON object');
  const known = ['mode', 'delayMs', 'retryAfter', 'slowChunkBytes', 'slowChunkDelayMs', 'errorBody', 'seed', 'rates', 'methods', 'paths', 'count'];
  for (const k of Object.keys(raw)) if (!known.includes(k)) throw new Error(`unknown field "${k}" (known: ${known.join(', ')})`);
  const mode = raw.mode ?? 'mix';
  if (![...FAULT_KINDS, 'mix'].includes(mode)) throw new Error(`mode must be one of ${[...FAULT_KINDS, 'mix'].join(', ')}`);
  const num = (k, d, min = 0) => {
    const v = raw[k] ?? d;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min) throw new Error(`${k} must be a number >= ${min}`);
    return v;
  };
  const rates = {};
  if (mode === 'mix') {
    if (!raw.rates || typeof raw.rates !== 'object') throw new Error('mode "mix" needs rates, e.g. {"drop":0.1,"503":0.1}');
    let sum = 0;
    for (const [k, v] of Object.entries(raw.rates)) {
      if (!FAULT_KINDS.includes(k)) throw new Error(`rates.${k}: unknown fault kind (${FAULT_KINDS.join(', ')})`);
      if (typeof v !== 'number' || v < 0) throw new Error(`rates.${k} must be a number >= 0`);
      rates[k] = v;
      sum += v;
    }
    if (sum > 1) throw new Error(`rates add up to ${sum}, more than 1`);
  }
  const list = (k) => {
    const v = raw[k];
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw new Error(`${k} must be a list of strings`);
    return v;
  };
  const methods = list('methods')?.map((m) => m.toUpperCase());
  const paths = list('paths');
  for (const p of paths ?? []) {
    try {
      new RegExp(p);
    } catch (e) {
      throw new Error(`paths: ${e.message}`, { cause: e });
    }
  }
  const errorBody = raw.errorBody ?? 'html';
  if (!['html', 'outcome'].includes(errorBody)) throw new Error('errorBody must be "html" or "outcome"');
  return {
    mode,
    delayMs: num('delayMs', 1500),
    retryAfter: num('retryAfter', 1),
    slowChunkBytes: num('slowChunkBytes', 512, 1),
    slowChunkDelayMs: num('slowChunkDelayMs', 40),
    errorBody,
    seed: num('seed', 1),
    rates,
    methods,
    paths,
    count: num('count', 0),
  };
}

// `seen`: the last requests that reached this proxy ("METHOD url"), so tests can check what got through serve.mjs.
const SEEN_MAX = 500;
const emptyStats = () => ({ requests: 0, forwarded: 0, faults: Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])), seen: [] });

function readBody(req, limit = 1 << 20) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      if (size > limit) reject(new Error('body too large'));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * A fault-injecting proxy to `upstream` (e.g. http://127.0.0.1:18080). The Host header is passed
 * on unchanged (Orthanc builds BulkDataURIs from it). Returns an http.Server with `.faults`
 * ({ plan, stats }) for in-process use.
 */
export function createFaultProxy({ upstream, name = 'upstream', log = () => {} }) {
  const base = new URL(upstream);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const state = { plan: undefined, random: Math.random, injected: 0, stats: emptyStats() };

  const json = (res, status, body) => {
    res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }).end(JSON.stringify(body));
  };

  async function control(req, res, pathname) {
    if (pathname === `${CONTROL}/stats`) {
      if (req.method === 'GET') return json(res, 200, { name, ...state.stats, plan: state.plan ?? null });
      if (req.method === 'DELETE') {
        state.stats = emptyStats();
        return json(res, 200, state.stats);
      }
    } else if (pathname === CONTROL) {
      if (req.method === 'GET') return json(res, 200, { name, plan: state.plan ?? null });
      if (req.method === 'DELETE') {
        state.plan = undefined;
        log(`faults cleared`);
        return json(res, 200, { name, plan: null });
      }
      if (req.method === 'POST' || req.method === 'PUT') {
        let plan;
        try {
          plan = parsePlan(JSON.parse((await readBody(req)) || '{}'));
        } catch (e) {
          return json(res, 400, { error: e.message });
        }
        state.plan = plan;
        state.random = seededRandom(plan.seed);
        state.injected = 0;
        log(`faults set: ${JSON.stringify(plan)}`);
        return json(res, 200, { name, plan });
      }
    }
    return json(res, 404, { error: `unknown control request ${req.method} ${pathname}` });
  }

  /** The fault for this request, or undefined to forward it untouched. */
  function pick(req) {
    const p = state.plan;
    if (!p) return undefined;
    if (p.count > 0 && state.injected >= p.count) return undefined;
    if (p.methods && !p.methods.includes(req.method)) return undefined;
    if (p.paths && !p.paths.some((re) => new RegExp(re).test(req.url))) return undefined;
    let kind = p.mode;
    if (kind === 'mix') {
      const r = state.random();
      let acc = 0;
      kind = undefined;
      for (const k of FAULT_KINDS) {
        acc += p.rates[k] ?? 0;
        if (r < acc) {
          kind = k;
          break;
        }
      }
      if (!kind) return undefined;
    }
    state.injected += 1;
    state.stats.faults[kind] += 1;
    return kind;
  }

  function errorPage(res, status, plan) {
    const headers = { 'Cache-Control': 'no-store' };
    if (status === 503) headers['Retry-After'] = String(plan.retryAfter);
    let body;
    if (plan.errorBody === 'outcome') {
      headers['Content-Type'] = 'application/fhir+json';
      body = JSON.stringify({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'transient', diagnostics: `Injected fault: ${status}` }] });
    } else {
      headers['Content-Type'] = 'text/html';
      const title = status === 503 ? '503 Service Temporarily Unavailable' : '500 Internal Server Error';
      body = `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
    }
    res.writeHead(status, headers).end(body);
  }

  function forward(req, res, kind, plan) {
    state.stats.forwarded += 1;
    const headers = {};
    for (const [k, v] of Object.entries(req.headers)) if (!HOP_BY_HOP.has(k)) headers[k] = v;
    const upReq = http.request(
      { hostname: base.hostname, port: base.port, path: req.url, method: req.method, headers, agent },
      async (upRes) => {
        const out = {};
        for (const [k, v] of Object.entries(upRes.headers)) if (!HOP_BY_HOP.has(k)) out[k] = v;
        if (kind === 'drop') {
          // Let the upstream finish (it has processed the request), then reset the client.
          upRes.resume();
          upRes.on('end', () => req.socket.resetAndDestroy?.() ?? req.socket.destroy());
          upRes.on('error', () => req.socket.destroy());
          return;
        }
        if (kind === 'slow') {
          delete out['content-length'];
          res.writeHead(upRes.statusCode ?? 502, out);
          const chunks = [];
          for await (const c of upRes) chunks.push(c);
          const all = Buffer.concat(chunks);
          for (let i = 0; i < all.length && !res.destroyed; i += plan.slowChunkBytes) {
            res.write(all.subarray(i, i + plan.slowChunkBytes));
            await sleep(plan.slowChunkDelayMs);
          }
          res.end();
          return;
        }
        res.writeHead(upRes.statusCode ?? 502, out);
        upRes.pipe(res);
        upRes.on('error', (e) => res.destroy(e));
      },
    );
    upReq.on('error', (err) => {
      // The upstream is down: behave like a dead server, not like a proxy with an error page.
      log(`upstream error for ${req.method} ${req.url}: ${err.code ?? err.message}`);
      req.socket.destroy();
    });
    res.on('close', () => {
      if (!res.writableFinished && kind !== 'drop') upReq.destroy();
    });
    if (req.method === 'GET' || req.method === 'HEAD') upReq.end();
    else req.pipe(upReq);
  }

  const server = http.createServer(async (req, res) => {
    const pathname = req.url.split('?')[0];
    if (pathname === CONTROL || pathname.startsWith(`${CONTROL}/`)) return control(req, res, pathname);
    state.stats.requests += 1;
    state.stats.seen.push(`${req.method} ${req.url}`);
    if (state.stats.seen.length > SEEN_MAX) state.stats.seen.shift();
    const plan = state.plan;
    const kind = pick(req);
    if (kind) log(`${kind}: ${req.method} ${req.url}`);
    if (kind === '500' || kind === '503') {
      req.resume();
      return errorPage(res, Number(kind), plan);
    }
    if (kind === 'delay') await sleep(plan.delayMs);
    forward(req, res, kind, plan);
  });
  server.keepAliveTimeout = 65_000;
  server.requestTimeout = 0;
  server.faults = state;
  server.on('close', () => agent.destroy());
  return server;
}

function parseArgs(argv) {
  const o = { port: 0, upstream: undefined, name: 'upstream', quiet: false };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s);
    const value = () => inline ?? argv[++i];
    if (flag === '--port') o.port = Number(value());
    else if (flag === '--upstream') o.upstream = value();
    else if (flag === '--name') o.name = value();
    else if (flag === '--quiet') o.quiet = true;
    else throw new Error(`Unknown option ${flag}`);
  }
  if (!o.upstream) throw new Error('--upstream http://host:port is required');
  return o;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  let o;
  try {
    o = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`[fault-proxy] ${e.message}`);
    process.exit(2);
  }
  const log = o.quiet ? () => {} : (m) => console.log(`[fault-proxy ${o.name}] ${new Date().toISOString()} ${m}`);
  const server = createFaultProxy({ upstream: o.upstream, name: o.name, log });
  server.on('error', (e) => {
    console.error(`[fault-proxy ${o.name}] cannot listen on 127.0.0.1:${o.port}: ${e.code === 'EADDRINUSE' ? 'port in use' : e.message}`);
    process.exit(1);
  });
  server.listen(o.port, '127.0.0.1', () => console.log(`[fault-proxy ${o.name}] http://127.0.0.1:${server.address().port}/ → ${o.upstream}  (control: ${CONTROL})`));
  const stop = () => {
    server.close(() => process.exit(0));
    server.closeAllConnections?.();
    setTimeout(() => process.exit(0), 1000).unref();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
