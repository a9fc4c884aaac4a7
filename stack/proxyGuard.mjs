// What serve.mjs lets through to Orthanc and HAPI: the request target, the method, the body
// framing and the headers are checked here, before anything is sent upstream. Pure functions
// over (method, url, headers), so the checks are unit-tested without sockets.
import path from 'node:path';

const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'expect'];
// Set by this proxy only: a client could otherwise claim another address, host or scheme
// (Orthanc builds BulkDataURI and RetrieveURL from Forwarded).
const CLIENT_FORBIDDEN = /^(forwarded|x-forwarded-.*|x-real-ip|x-original-url|x-rewrite-url|x-http-method-override|x-http-method|x-method-override)$/;
const BODYLESS = new Set(['GET', 'HEAD', 'DELETE', 'OPTIONS']);
// UIDs, FHIR ids, resource types, `$operation`, `_history`, frame lists: nothing here needs
// percent-encoding, so a '%' in the path is refused instead of decoded (no double-decoding bugs).
const PATH_CHARS = /^[A-Za-z0-9._\-$,/]*$/;
// Query: printable ASCII except '#'; percent-encoding is the upstream's business (it cannot change the path).
const QUERY_CHARS = /^[\x21-\x22\x24-\x7e]*$/;
const HOST_RE = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]{1,253})(:\d{1,5})?$/;

/**
 * The routes serve.mjs proxies. DICOMweb is read-only unless STOW-RS is enabled, and then only
 * POST {root}/studies[/{uid}]. FHIR gets what the viewer sends (reads, transaction POST, PUT).
 */
export function proxyRoutes({ stow = false } = {}) {
  return [
    {
      name: 'Orthanc (DICOMweb)',
      kind: 'dicomweb',
      root: '/dicom-web',
      allow: (method, p) => method === 'GET' || method === 'HEAD' || (stow && method === 'POST' && /^\/dicom-web\/studies(\/[0-9]+(\.[0-9]+)*)?$/.test(p)),
      methods: stow ? 'GET, HEAD, POST' : 'GET, HEAD',
      maxBody: 2 * 1024 ** 3,
    },
    {
      name: 'FHIR server',
      kind: 'fhir',
      root: '/fhir',
      allow: (method) => ['GET', 'HEAD', 'POST', 'PUT'].includes(method),
      methods: 'GET, HEAD, POST, PUT',
      maxBody: 32 * 1024 ** 2,
    },
  ];
}

/** The route whose root the raw target names (before any checking), or undefined. */
export function routeFor(url, routes) {
  const p = url.split('?')[0];
  return routes.find((r) => p === r.root || p.startsWith(`${r.root}/`) || p.startsWith(`${r.root}\\`) || p.startsWith(`${r.root}%`));
}

const refuse = (status, reason, close = false) => ({ ok: false, status, reason, close });

/**
 * Checks one request for a route. Returns { ok: true, path, query, framing } with the upstream
 * path (normalised, and still under the route's root), or { ok: false, status, reason, close }.
 * `close` asks the caller to end the connection, because an unread body must never be parsed
 * as the next request.
 */
export function checkProxyRequest({ method, url, headers }, route) {
  if (!url.startsWith('/') || url.startsWith('//')) return refuse(400, 'absolute-form or authority request target', true);
  const q = url.indexOf('?');
  const rawPath = q < 0 ? url : url.slice(0, q);
  const query = q < 0 ? '' : url.slice(q + 1);
  if (rawPath.includes('%')) return refuse(400, 'percent-encoding in the path');
  if (!PATH_CHARS.test(rawPath)) return refuse(400, 'character not allowed in the path (backslash, control or other)');
  if (!QUERY_CHARS.test(query)) return refuse(400, 'character not allowed in the query');
  const segments = rawPath.split('/').slice(1);
  if (segments.some((s) => s === '.' || s === '..')) return refuse(400, 'dot-segment in the path');
  if (segments.slice(0, -1).some((s) => s === '')) return refuse(400, 'empty path segment');
  const normalised = path.posix.normalize(rawPath);
  if (normalised !== rawPath || !(normalised === route.root || normalised.startsWith(`${route.root}/`))) return refuse(400, 'path outside the proxied root');
  if (!route.allow(method, normalised)) return { ...refuse(405, `${method} not allowed here`, true), allow: route.methods };
  const host = headers.host;
  if (typeof host !== 'string' || !HOST_RE.test(host)) return refuse(400, 'malformed Host header', true);
  const te = headers['transfer-encoding'];
  const cl = headers['content-length'];
  if (te !== undefined && te.trim().toLowerCase() !== 'chunked') return refuse(400, 'unsupported Transfer-Encoding', true);
  if (te !== undefined && cl !== undefined) return refuse(400, 'both Content-Length and Transfer-Encoding', true);
  if (cl !== undefined && !/^\d{1,15}$/.test(cl)) return refuse(400, 'malformed Content-Length', true);
  const hasBody = te !== undefined || (cl !== undefined && Number(cl) > 0);
  if (BODYLESS.has(method) && hasBody) return refuse(400, `a body on ${method}`, true);
  if (cl !== undefined && Number(cl) > route.maxBody) return refuse(413, 'body too large', true);
  const framing = te !== undefined ? 'chunked' : hasBody ? 'length' : 'none';
  return { ok: true, path: normalised, query, framing };
}

/** Names a Connection header lists: hop-by-hop for this message only. */
function connectionTokens(value) {
  return String(value ?? '')
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .filter(Boolean);
}

/**
 * Headers sent upstream: hop-by-hop ones, those named in Connection and client-sent forwarding
 * headers are dropped; X-Forwarded-* are set from the connection; the body framing is explicit.
 * `authorization`, when given, replaces the client's (Orthanc's credentials are the proxy's).
 */
export function upstreamHeaders(reqHeaders, { method, remoteAddress, framing, contentLength, authorization }) {
  const drop = new Set([...HOP_BY_HOP, ...connectionTokens(reqHeaders.connection), 'content-length']);
  const out = {};
  for (const [k, v] of Object.entries(reqHeaders)) if (!drop.has(k) && !CLIENT_FORBIDDEN.test(k)) out[k] = v; // Host kept: Orthanc builds URLs from it
  out['x-forwarded-for'] = remoteAddress ?? '';
  out['x-forwarded-proto'] = 'http';
  if (reqHeaders.host) out['x-forwarded-host'] = reqHeaders.host;
  if (authorization) out.authorization = authorization;
  if (framing === 'chunked') out['transfer-encoding'] = 'chunked';
  else if (framing === 'length') out['content-length'] = String(contentLength);
  else if (!BODYLESS.has(method)) out['content-length'] = '0';
  return out;
}

/** Response headers without hop-by-hop ones and those the upstream's Connection names. */
export function downstreamHeaders(upHeaders) {
  const drop = new Set([...HOP_BY_HOP, ...connectionTokens(upHeaders.connection)]);
  const out = {};
  for (const [k, v] of Object.entries(upHeaders)) if (!drop.has(k)) out[k] = v;
  return out;
}

/** Stored HTML or SVG must never run on the viewer's origin. */
export const PROXIED_RESPONSE_HEADERS = {
  'content-security-policy': "default-src 'none'; sandbox",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};
