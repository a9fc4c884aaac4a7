#!/usr/bin/env node
// Production server for the built viewer (Node built-ins only):
// static dist/ with SPA fallback + gzip + security headers, and same-origin proxies
//   /dicom-web/* → Orthanc /dicom-web/*      /fhir/* → HAPI FHIR /fhir/*
// Usage: node stack/serve.mjs [--port 5173] [--orthanc http://127.0.0.1:8042] [--fhir http://127.0.0.1:8080]
//                             [--config path/to/config.json] [--dist dir]
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import zlib from 'node:zlib';
import { checkProxyRequest, downstreamHeaders, PROXIED_RESPONSE_HEADERS, proxyRoutes, routeFor, upstreamHeaders } from './proxyGuard.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};
const COMPRESSIBLE = /^(text\/|application\/(javascript|json|wasm|manifest\+json|dicom\+json|fhir\+json|xml|fhir\+xml|dicom\+xml)|image\/svg)/;

export function parseOptions(argv = process.argv.slice(2), env = process.env) {
  const o = {
    port: Number(env.PORT ?? 5173),
    orthanc: env.ORTHANC_URL ?? 'http://127.0.0.1:8042',
    fhir: env.FHIR_UPSTREAM ?? 'http://127.0.0.1:8080',
    config: env.VIEWER_CONFIG ?? null,
    dist: path.join(ROOT, 'dist'),
    orthancCredentialsFile: env.ORTHANC_CREDENTIALS_FILE || null,
    stow: env.SERVE_STOW === '1',
  };
  const limits = { '--headers-timeout': 'headersTimeout', '--request-timeout': 'requestTimeout', '--idle-timeout': 'idleTimeout', '--max-per-client': 'maxUpstreamPerClient' };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s);
    if (flag === '--stow') {
      o.stow = true;
      continue;
    }
    const value = inline ?? argv[++i];
    if (flag === '--port') o.port = Number(value);
    else if (flag === '--orthanc') o.orthanc = value;
    else if (flag === '--fhir') o.fhir = value;
    else if (flag === '--config') o.config = path.resolve(value);
    else if (flag === '--dist') o.dist = path.resolve(value);
    else if (flag === '--orthanc-credentials') o.orthancCredentialsFile = path.resolve(value);
    else if (limits[flag] && /^\d+$/.test(value ?? '')) o[limits[flag]] = Number(value);
    else throw new Error(`Unknown option ${flag}`);
  }
  // Accept upstreams given with their path (…/dicom-web, …/fhir): we proxy path-for-path.
  o.orthanc = o.orthanc.replace(/\/+$/, '').replace(/\/dicom-web$/, '');
  o.fhir = o.fhir.replace(/\/+$/, '').replace(/\/fhir$/, '');
  return o;
}

// ------------------------------------------------------------------ config.json and CSP

function readConfig(o) {
  const file = o.config ?? path.join(o.dist, 'config.json');
  try {
    const st = fs.statSync(file);
    if (readConfig.cache?.file === file && readConfig.cache.mtime === st.mtimeMs) return readConfig.cache;
    const text = fs.readFileSync(file);
    readConfig.cache = { file, mtime: st.mtimeMs, text, json: JSON.parse(text.toString('utf8')) };
  } catch {
    readConfig.cache = { file, mtime: -1, text: null, json: {} };
  }
  return readConfig.cache;
}

const ORIGIN_RE = /^https?:\/\/[a-z0-9.-]+(:\d+)?$/i;

/**
 * Origins of the servers the app talks to (for connect-src): the absolute URLs
 * under dicomweb, fhir and auth. Other sections hold identifiers that look like
 * URLs (coding systems such as http://snomed.info/sct), which are not servers.
 */
const SERVER_SECTIONS = ['dicomweb', 'fhir', 'auth'];
function configOrigins(config) {
  const out = new Set();
  for (const k of SERVER_SECTIONS) collectOrigins(config?.[k], out);
  return out;
}

function collectOrigins(value, out) {
  if (typeof value === 'string' && /^https?:\/\//i.test(value)) {
    try {
      const origin = new URL(value).origin;
      if (ORIGIN_RE.test(origin)) out.add(origin);
    } catch {
      /* not a URL */
    }
  } else if (Array.isArray(value)) value.forEach((v) => collectOrigins(v, out));
  else if (value && typeof value === 'object') for (const v of Object.values(value)) collectOrigins(v, out);
  return out;
}

export function contentSecurityPolicy(config) {
  const allowed = (config?.embed?.allowedOrigins ?? []).filter((o) => typeof o === 'string' && (ORIGIN_RE.test(o) || o === "'self'"));
  const ancestors = allowed.length ? ["'self'", ...allowed.filter((o) => o !== "'self'")] : ["'self'"];
  const connect = ["'self'", ...configOrigins(config)];
  return [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "worker-src 'self' blob:",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src ${connect.join(' ')}`,
    `frame-ancestors ${ancestors.join(' ')}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; ');
}

function securityHeaders(res, o) {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  if (o) res.setHeader('Content-Security-Policy', contentSecurityPolicy(readConfig(o).json));
}

const acceptsGzip = (req) => /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');

// ------------------------------------------------------------------ static files

const gzipCache = new Map(); // path → { mtime, body }

function sendFile(req, res, o, file, st) {
  const type = TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
  const rel = path.relative(o.dist, file);
  const etag = `"${st.size.toString(36)}-${Math.floor(st.mtimeMs).toString(36)}"`;
  res.setHeader('Content-Type', type);
  res.setHeader('ETag', etag);
  res.setHeader('Last-Modified', new Date(st.mtimeMs).toUTCString());
  res.setHeader('Cache-Control', rel.startsWith(`assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
  res.setHeader('Vary', 'Accept-Encoding');
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304).end();
    return;
  }
  let body = fs.readFileSync(file);
  if (COMPRESSIBLE.test(type) && body.length > 1024 && acceptsGzip(req)) {
    const cached = gzipCache.get(file);
    if (cached?.mtime === st.mtimeMs) body = cached.body;
    else {
      body = zlib.gzipSync(body, { level: 6 });
      gzipCache.set(file, { mtime: st.mtimeMs, body });
    }
    res.setHeader('Content-Encoding', 'gzip');
  }
  res.setHeader('Content-Length', body.length);
  res.writeHead(200).end(req.method === 'HEAD' ? undefined : body);
}

function serveStatic(req, res, o) {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD' }).end();
    return;
  }
  const url = new URL(req.url, 'http://x');
  let pathname;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    res.writeHead(400).end('Bad path');
    return;
  }
  if (pathname === '/config.json' && o.config) {
    const c = readConfig(o);
    if (!c.text) return notFound(res);
    return sendFile(req, res, { ...o, dist: path.dirname(c.file) }, c.file, fs.statSync(c.file));
  }
  let file = path.join(o.dist, path.normalize(pathname));
  if (!file.startsWith(o.dist + path.sep) && file !== o.dist) return notFound(res);
  let st = statFile(file);
  if (st?.isDirectory()) st = statFile((file = path.join(file, 'index.html')));
  if (st?.isFile()) return sendFile(req, res, o, file, st);
  // SPA fallback: unknown routes get index.html; missing assets stay 404.
  const wantsHtml = !TYPES[path.extname(pathname).toLowerCase()] || (req.headers.accept ?? '').includes('text/html');
  const index = path.join(o.dist, 'index.html');
  const ist = statFile(index);
  if (wantsHtml && !pathname.startsWith('/assets/') && ist) return sendFile(req, res, o, index, ist);
  return notFound(res);
}

function statFile(file) {
  try {
    return fs.statSync(file);
  } catch {
    return null;
  }
}

function notFound(res) {
  res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
}

// ------------------------------------------------------------------ proxy

function upstreamDown(res, name, err, status = 502) {
  if (res.headersSent) {
    res.destroy(err);
    return;
  }
  const body = JSON.stringify({
    resourceType: 'OperationOutcome',
    issue: [{ severity: 'error', code: 'transient', diagnostics: `${name} unavailable: ${err.code ?? err.message}` }],
  });
  res.writeHead(status, { 'Content-Type': name === 'FHIR server' ? 'application/fhir+json' : 'application/json', 'Cache-Control': 'no-store' });
  res.end(body);
}

/** A refused request: a small OperationOutcome; the connection is closed when its body is unread. */
function refuseRequest(req, res, verdict, log) {
  // An unread body must never be parsed as a next request on this connection.
  if (req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0) verdict = { ...verdict, close: true };
  log?.(`refused ${verdict.status} ${req.method} (${verdict.reason}) from ${req.socket.remoteAddress}`);
  const headers = { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' };
  if (verdict.allow) headers.Allow = verdict.allow;
  if (verdict.retryAfter) headers['Retry-After'] = String(verdict.retryAfter);
  if (verdict.close) headers.Connection = 'close';
  const code = verdict.status === 429 || verdict.status === 503 ? 'throttled' : verdict.status === 405 ? 'not-supported' : 'security';
  res.writeHead(verdict.status, headers);
  res.end(JSON.stringify({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, diagnostics: `Refused by the viewer's proxy: ${verdict.reason}` }] }));
  if (verdict.close) res.on('finish', () => req.socket.destroySoon?.());
}

/** Per-client count of requests in flight upstream (a few stalled clients must not take every socket). */
function clientSlots(limit) {
  const inFlight = new Map();
  return {
    take(client) {
      const n = inFlight.get(client) ?? 0;
      if (n >= limit) return false;
      inFlight.set(client, n + 1);
      return true;
    },
    give(client) {
      const n = (inFlight.get(client) ?? 1) - 1;
      if (n <= 0) inFlight.delete(client);
      else inFlight.set(client, n);
    },
  };
}

function forward(req, res, o, route, checked, attempt = 0) {
  const upstream = new URL(route.kind === 'dicomweb' ? o.orthanc : o.fhir);
  const headers = upstreamHeaders(req.headers, {
    method: req.method,
    remoteAddress: req.socket.remoteAddress,
    framing: checked.framing,
    contentLength: req.headers['content-length'],
    authorization: route.kind === 'dicomweb' ? o.orthancAuthorization : undefined,
  });
  const upReq = http.request(
    {
      protocol: upstream.protocol,
      hostname: upstream.hostname,
      port: upstream.port,
      path: checked.path + (checked.query ? `?${checked.query}` : ''),
      method: req.method,
      headers,
      agent: o.agent,
    },
    (upRes) => {
      const out = { ...downstreamHeaders(upRes.headers), ...PROXIED_RESPONSE_HEADERS };
      const type = upRes.headers['content-type'] ?? '';
      const len = Number(upRes.headers['content-length'] ?? Infinity);
      const noBody = req.method === 'HEAD' || upRes.statusCode === 204 || upRes.statusCode === 304;
      const gzip = !noBody && !upRes.headers['content-encoding'] && /json|xml|^text\//.test(type) && len > 1024 && acceptsGzip(req);
      if (gzip) {
        delete out['content-length'];
        out['content-encoding'] = 'gzip';
        out.vary = out.vary ? `${out.vary}, Accept-Encoding` : 'Accept-Encoding';
      }
      res.writeHead(upRes.statusCode ?? 502, out);
      if (gzip) upRes.pipe(zlib.createGzip({ level: 4 })).pipe(res);
      else upRes.pipe(res);
      upRes.on('error', (e) => res.destroy(e));
    },
  );
  upReq.setTimeout(o.upstreamTimeout, () => upReq.destroy(Object.assign(new Error('upstream timeout'), { code: 'ETIMEDOUT' })));
  upReq.on('error', (err) => {
    // A pooled keep-alive socket closed by a restarted upstream: retry idempotent requests once.
    if (attempt === 0 && !res.headersSent && (req.method === 'GET' || req.method === 'HEAD') && ['ECONNRESET', 'EPIPE'].includes(err.code)) {
      forward(req, res, o, route, checked, 1);
      return;
    }
    upstreamDown(res, route.name, err, err.code === 'ETIMEDOUT' ? 504 : 502);
  });
  res.on('close', () => {
    if (!res.writableFinished) upReq.destroy();
  });
  if (checked.framing === 'none') {
    upReq.end();
    return;
  }
  let bytes = 0;
  req.on('data', (chunk) => {
    bytes += chunk.length;
    if (bytes > route.maxBody) {
      upReq.destroy();
      req.socket.destroy();
    }
  });
  req.pipe(upReq);
}

function proxy(req, res, o, route) {
  for (const [k, v] of Object.entries(PROXIED_RESPONSE_HEADERS)) res.setHeader(k, v);
  const checked = checkProxyRequest(req, route);
  if (!checked.ok) return refuseRequest(req, res, checked, o.log);
  const client = req.socket.remoteAddress ?? '';
  if (!o.slots.take(client)) return refuseRequest(req, res, { status: 503, reason: 'too many requests in flight from this client', retryAfter: 1 }, o.log);
  res.once('close', () => o.slots.give(client));
  forward(req, res, o, route, checked);
}

// ------------------------------------------------------------------ server

export function createServer(options) {
  const o = {
    ...DEFAULT_LIMITS,
    ...options,
  };
  o.routes ??= proxyRoutes({ stow: o.stow });
  o.agent ??= new http.Agent({ keepAlive: true, keepAliveMsecs: 10_000, maxSockets: o.maxUpstreamSockets, maxFreeSockets: 16 });
  o.slots = clientSlots(o.maxUpstreamPerClient);
  o.orthancAuthorization ??= o.orthancCredentials ? `Basic ${Buffer.from(o.orthancCredentials).toString('base64')}` : undefined;
  const server = http.createServer(
    { requestTimeout: o.requestTimeout, headersTimeout: o.headersTimeout, connectionsCheckingInterval: Math.min(1000, o.headersTimeout), maxHeaderSize: 16 * 1024 },
    (req, res) => {
      try {
        const route = routeFor(req.url, o.routes);
        if (route) return proxy(req, res, o, route);
        if (!req.url.startsWith('/')) return refuseRequest(req, res, { status: 400, reason: 'absolute-form or authority request target', close: true }, o.log);
        securityHeaders(res, o);
        return serveStatic(req, res, o);
      } catch (e) {
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end(`Internal error: ${e.message}`);
      }
    },
  );
  server.keepAliveTimeout = 65_000;
  server.maxHeadersCount = 100;
  server.timeout = o.idleTimeout; // a client that stops reading or writing loses its socket (and its upstream one)
  // CONNECT is never proxied; without a listener Node would just drop the socket silently.
  server.on('connect', (req, socket) => socket.end('HTTP/1.1 405 Method Not Allowed\r\nConnection: close\r\nContent-Length: 0\r\n\r\n'));
  return server;
}

/** Timeouts and socket budgets (ms / counts); serve.mjs options override them. */
export const DEFAULT_LIMITS = {
  headersTimeout: 15_000, // slow-header clients (slowloris) are cut off
  requestTimeout: 300_000, // the whole request body, e.g. a STOW-RS upload
  idleTimeout: 120_000, // no bytes either way on a socket
  upstreamTimeout: 300_000,
  maxUpstreamSockets: 128,
  maxUpstreamPerClient: 32,
};

/** user:password from a file (the stack writes .stack-data/<profile>/orthanc/credentials), or undefined. */
export function readCredentials(file) {
  if (!file) return undefined;
  const text = fs.readFileSync(file, 'utf8').trim();
  if (!/^[^:\s]+:\S+$/.test(text)) throw new Error(`${file}: expected one line user:password`);
  return text;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  let o;
  try {
    o = parseOptions();
  } catch (e) {
    console.error(`[serve] ${e.message}`);
    process.exit(2);
  }
  if (!fs.existsSync(path.join(o.dist, 'index.html'))) console.warn(`[serve] warning: ${o.dist}/index.html not found (run: npm run build)`);
  // `npm run preview` against the dev stack: its Orthanc wants the credentials the stack wrote.
  const devCredentials = path.join(ROOT, '.stack-data', 'dev', 'orthanc', 'credentials');
  if (!o.orthancCredentialsFile && o.orthanc === 'http://127.0.0.1:8042' && fs.existsSync(devCredentials)) o.orthancCredentialsFile = devCredentials;
  try {
    o.orthancCredentials = readCredentials(o.orthancCredentialsFile);
  } catch (e) {
    console.error(`[serve] ${e.message}`);
    process.exit(2);
  }
  o.log = (m) => console.log(`[serve] ${m}`);
  const server = createServer(o);
  server.on('error', (e) => {
    console.error(`[serve] cannot listen on 127.0.0.1:${o.port}: ${e.code === 'EADDRINUSE' ? 'port in use' : e.message}`);
    process.exit(1);
  });
  server.listen(o.port, '127.0.0.1', () => {
    console.log(`[serve] http://127.0.0.1:${o.port}/  (dist ${o.dist}; /dicom-web → ${o.orthanc}; /fhir → ${o.fhir})`);
  });
  const stop = () => {
    server.close(() => process.exit(0));
    server.closeAllConnections?.();
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
