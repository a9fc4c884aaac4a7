// Attacks on serve.mjs's proxy over raw sockets (a browser or fetch would clean these requests),
// each judged at a recording upstream: what reached it, parsed and as raw bytes.
// The records feed the README's table (stack/security-report.mjs).
import http from 'node:http';
import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createServer, parseOptions } from './serve.mjs';
import { writeSuiteRecords } from './security-report.mjs';

const listen = (srv) => new Promise((r) => srv.listen(0, '127.0.0.1', () => r(srv.address().port)));
const records = [];
const CREDENTIALS = 'proxy-only:s3cret';

/** An upstream that records every request it parses and every byte it receives. */
function recordingUpstream() {
  const up = { requests: [], raw: '', held: [] };
  up.server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      up.requests.push({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString('latin1') });
      if (req.url.includes('/hold')) {
        up.held.push(res);
        return;
      }
      if (req.url.includes('/stored-html')) {
        res.writeHead(200, { 'Content-Type': 'text/html' }).end('<script>parent.stolen = document.cookie</script>');
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}');
    });
  });
  up.server.on('connection', (s) => s.on('data', (d) => (up.raw += d.toString('latin1'))));
  up.reset = () => {
    up.requests = [];
    up.raw = '';
    for (const r of up.held.splice(0)) r.writeHead(200).end();
  };
  return up;
}

/**
 * Sends raw bytes and collects everything until the server closes the socket (or `until`
 * matches what came back). Returns { status, text }.
 */
function raw(port, bytes, { localAddress, until } = {}) {
  return new Promise((resolve, reject) => {
    const sock = net.connect({ port, host: '127.0.0.1', localAddress });
    let text = '';
    const done = () => {
      const m = /^HTTP\/1\.1 (\d{3})/.exec(text);
      resolve({ status: m ? Number(m[1]) : 0, text, sock });
    };
    sock.on('data', (d) => {
      text += d.toString('latin1');
      if (until?.(text)) done();
    });
    sock.on('end', done);
    sock.on('close', done);
    sock.on('error', (e) => (e.code === 'ECONNRESET' ? done() : reject(e)));
    sock.write(bytes);
  });
}

describe('serve.mjs proxy under attack', () => {
  const orthanc = recordingUpstream();
  const fhir = recordingUpstream();
  let proxy;
  let stowProxy;
  let port;
  let stowPort;
  const both = () => [...orthanc.requests, ...fhir.requests];
  const rawBoth = () => orthanc.raw + fhir.raw;

  beforeAll(async () => {
    const upstreams = { orthanc: `http://127.0.0.1:${await listen(orthanc.server)}`, fhir: `http://127.0.0.1:${await listen(fhir.server)}` };
    const base = { ...parseOptions([], {}), ...upstreams, dist: '/nonexistent', orthancCredentials: CREDENTIALS };
    proxy = createServer({ ...base, headersTimeout: 400, requestTimeout: 2000, maxUpstreamPerClient: 3 });
    port = await listen(proxy);
    stowProxy = createServer({ ...base, stow: true });
    stowPort = await listen(stowProxy);
  });
  afterEach(() => {
    orthanc.reset();
    fhir.reset();
  });
  afterAll(() => {
    for (const s of [proxy, stowProxy, orthanc.server, fhir.server]) {
      s.close();
      s.closeAllConnections();
    }
    writeSuiteRecords('serve-proxy', records);
  });

  /** One attack: runs it, checks the upstream saw nothing (or only what `allowed` says), records it. */
  function attack(name, target, run) {
    it(name, async () => {
      const record = { attack: name, target, passed: false };
      records.push(record);
      const { outcome, upstream } = await run();
      Object.assign(record, { outcome, upstream, passed: true });
    });
  }

  const req = (method, target, extra = '') => `${method} ${target} HTTP/1.1\r\nHost: viewer.local\r\nConnection: close\r\n${extra}\r\n`;
  const nothingReached = () => {
    expect(both()).toEqual([]);
    expect(rawBoth()).toBe('');
    return 'nothing reached Orthanc or HAPI';
  };

  describe('path traversal', () => {
    const targets = [
      ['raw dot-segments', '/dicom-web/../system'],
      ['percent-encoded dot-segments', '/dicom-web/%2e%2e/patients'],
      ['upper-case percent-encoding', '/dicom-web/%2E%2E/tools/execute-script'],
      ['double-encoded dot-segments', '/dicom-web/%252e%252e/patients'],
      ['encoded slash', '/dicom-web/..%2fsystem'],
      ['backslash', '/dicom-web/..\\system'],
      ['encoded backslash', '/dicom-web/..%5csystem'],
      ['deep dot-segments after a UID', '/dicom-web/studies/1.2.3/../../../instances'],
      ['single-dot segment', '/dicom-web/./studies'],
      ['from FHIR into DICOMweb', '/fhir/../dicom-web/studies'],
      ['semicolon path parameter', '/dicom-web/studies/..;/..;/system'],
      ['empty segment', '/dicom-web//system'],
    ];
    for (const [name, target] of targets) {
      attack(`Traversal: ${name}`, `GET ${target}`, async () => {
        const r = await raw(port, req('GET', target));
        expect(r.status).toBe(400);
        return { outcome: `${r.status}`, upstream: nothingReached() };
      });
    }
    attack('Absolute-form request target', 'GET http://127.0.0.1:<orthanc>/system', async () => {
      const r = await raw(port, req('GET', `http://127.0.0.1:${orthanc.server.address().port}/system`));
      expect(r.status).toBe(400);
      return { outcome: `${r.status}`, upstream: nothingReached() };
    });
    attack('Authority-form target (`//host/path`)', 'GET //127.0.0.1:<orthanc>/system', async () => {
      const r = await raw(port, req('GET', `//127.0.0.1:${orthanc.server.address().port}/system`));
      expect(r.status).toBeGreaterThanOrEqual(400);
      return { outcome: `${r.status}`, upstream: nothingReached() };
    });
    it('a clean path still reaches the upstream, unchanged', async () => {
      const r = await raw(port, req('GET', '/dicom-web/studies/1.2.840.1/series?limit=2&includefield=0020000E'));
      expect(r.status).toBe(200);
      expect(orthanc.requests.map((x) => x.url)).toEqual(['/dicom-web/studies/1.2.840.1/series?limit=2&includefield=0020000E']);
    });
  });

  describe('method allow-list', () => {
    const cases = [
      ['DELETE on DICOMweb', 'DELETE', '/dicom-web/studies/1.2.3'],
      ['PUT on DICOMweb', 'PUT', '/dicom-web/studies/1.2.3'],
      ['STOW-RS POST when STOW is not enabled', 'POST', '/dicom-web/studies'],
      ['DELETE on FHIR', 'DELETE', '/fhir/Patient/1'],
      ['PATCH on FHIR', 'PATCH', '/fhir/Patient/1'],
      ['TRACE', 'TRACE', '/fhir/metadata'],
      ['OPTIONS', 'OPTIONS', '/dicom-web/studies'],
    ];
    for (const [name, method, target] of cases) {
      attack(`Method: ${name}`, `${method} ${target}`, async () => {
        const r = await raw(port, req(method, target, 'Content-Length: 0\r\n'));
        expect(r.status).toBe(405);
        return { outcome: `${r.status}, Allow: ${/allow: ([^\r]+)/i.exec(r.text)?.[1]}`, upstream: nothingReached() };
      });
    }
    attack('CONNECT tunnel', 'CONNECT 127.0.0.1:<orthanc>', async () => {
      const r = await raw(port, `CONNECT 127.0.0.1:${orthanc.server.address().port} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
      expect(r.status).toBe(405);
      return { outcome: `${r.status}`, upstream: nothingReached() };
    });
    attack('With STOW-RS enabled, POST to a non-STOW DICOMweb path', 'POST /dicom-web/studies/1.2/series', async () => {
      const r = await raw(stowPort, req('POST', '/dicom-web/studies/1.2/series', 'Content-Length: 0\r\n'));
      expect(r.status).toBe(405);
      return { outcome: `${r.status}`, upstream: nothingReached() };
    });
    it('with STOW-RS enabled, POST {root}/studies and {root}/studies/{uid} are forwarded', async () => {
      expect((await raw(stowPort, req('POST', '/dicom-web/studies', 'Content-Length: 2\r\n') + 'ab')).status).toBe(200);
      expect((await raw(stowPort, req('POST', '/dicom-web/studies/1.2.3', 'Content-Length: 2\r\n') + 'cd')).status).toBe(200);
      expect(orthanc.requests.map((x) => [x.method, x.url, x.body])).toEqual([
        ['POST', '/dicom-web/studies', 'ab'],
        ['POST', '/dicom-web/studies/1.2.3', 'cd'],
      ]);
    });
  });

  describe('request smuggling', () => {
    const smuggled = 'GET /dicom-web/../system HTTP/1.1\r\nHost: x\r\nX-Smuggled: yes\r\n\r\n';
    const chunk = (s) => `${s.length.toString(16)}\r\n${s}\r\n0\r\n\r\n`;
    attack('Chunked body on DELETE hiding a second request', 'DELETE /fhir/ImagingSelection/1 (chunked)', async () => {
      const r = await raw(port, `DELETE /fhir/ImagingSelection/1 HTTP/1.1\r\nHost: viewer.local\r\nTransfer-Encoding: chunked\r\n\r\n${chunk(smuggled)}`);
      expect(r.status).toBe(405);
      expect(rawBoth()).not.toContain('X-Smuggled');
      return { outcome: `${r.status}, connection closed`, upstream: nothingReached() };
    });
    attack('Chunked body on GET hiding a second request', 'GET /fhir/Patient (chunked)', async () => {
      const r = await raw(port, `GET /fhir/Patient HTTP/1.1\r\nHost: viewer.local\r\nTransfer-Encoding: chunked\r\n\r\n${chunk(smuggled)}`);
      expect(r.status).toBe(400);
      return { outcome: `${r.status}, connection closed`, upstream: nothingReached() };
    });
    attack('Content-Length body on GET hiding a second request', 'GET /dicom-web/studies (Content-Length)', async () => {
      const r = await raw(port, `GET /dicom-web/studies HTTP/1.1\r\nHost: viewer.local\r\nContent-Length: ${smuggled.length}\r\n\r\n${smuggled}`);
      expect(r.status).toBe(400);
      return { outcome: `${r.status}, connection closed`, upstream: nothingReached() };
    });
    attack('CL.TE: Content-Length and Transfer-Encoding', 'POST /fhir (CL first)', async () => {
      const body = `0\r\n\r\n${smuggled}`;
      const r = await raw(port, `POST /fhir HTTP/1.1\r\nHost: viewer.local\r\nContent-Length: ${body.length}\r\nTransfer-Encoding: chunked\r\n\r\n${body}`);
      expect(r.status).toBe(400);
      return { outcome: `${r.status} (Node's parser)`, upstream: nothingReached() };
    });
    attack('TE.CL: Transfer-Encoding and a short Content-Length', 'POST /fhir (TE first)', async () => {
      const body = chunk(smuggled);
      const r = await raw(port, `POST /fhir HTTP/1.1\r\nHost: viewer.local\r\nTransfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n${body}`);
      expect(r.status).toBe(400);
      return { outcome: `${r.status} (Node's parser)`, upstream: nothingReached() };
    });
    attack('Obfuscated Transfer-Encoding', 'POST /fhir (Transfer-Encoding: chunked, identity)', async () => {
      const r = await raw(port, `POST /fhir HTTP/1.1\r\nHost: viewer.local\r\nTransfer-Encoding: chunked, identity\r\n\r\n${chunk(smuggled)}`);
      expect(r.status).toBe(400);
      return { outcome: `${r.status}`, upstream: nothingReached() };
    });
    attack('Two different Content-Length headers', 'POST /fhir', async () => {
      const r = await raw(port, `POST /fhir HTTP/1.1\r\nHost: viewer.local\r\nContent-Length: 2\r\nContent-Length: ${2 + smuggled.length}\r\n\r\nab${smuggled}`);
      expect(r.status).toBe(400);
      return { outcome: `${r.status} (Node's parser)`, upstream: nothingReached() };
    });
    attack('Chunked POST whose body looks like a request, then a second user', 'POST /fhir (chunked) + GET', async () => {
      const body = `{"resourceType":"Bundle"}${smuggled}`;
      const first = await raw(port, `POST /fhir HTTP/1.1\r\nHost: viewer.local\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n${chunk(body)}`);
      const second = await raw(port, req('GET', '/fhir/Patient/2', 'Authorization: Bearer second-user\r\n'));
      expect([first.status, second.status]).toEqual([200, 200]);
      // Exactly the two requests, each whole: the hidden one stayed inside the first body.
      expect(fhir.requests.map((x) => [x.method, x.url])).toEqual([
        ['POST', '/fhir'],
        ['GET', '/fhir/Patient/2'],
      ]);
      expect(fhir.requests[0].body).toBe(body);
      expect(fhir.requests[0].headers['transfer-encoding']).toBe('chunked');
      expect(fhir.requests[1].headers.authorization).toBe('Bearer second-user');
      return { outcome: 'forwarded with chunked framing', upstream: 'two whole requests; the hidden one stayed body bytes' };
    });
  });

  describe('header injection', () => {
    attack('Spoofed X-Forwarded-For / Forwarded / X-Forwarded-Host', 'GET /dicom-web/studies', async () => {
      const r = await raw(port, req('GET', '/dicom-web/studies', 'X-Forwarded-For: 6.6.6.6\r\nForwarded: host=evil.example;proto=https\r\nX-Forwarded-Host: evil.example\r\nX-Real-IP: 6.6.6.6\r\n'));
      expect(r.status).toBe(200);
      const h = orthanc.requests[0].headers;
      expect(h['x-forwarded-for']).toBe('127.0.0.1');
      expect(h['x-forwarded-host']).toBe('viewer.local');
      expect(h.forwarded).toBeUndefined();
      expect(h['x-real-ip']).toBeUndefined();
      expect(orthanc.raw).not.toContain('evil.example');
      return { outcome: 'replaced by the proxy', upstream: 'X-Forwarded-For 127.0.0.1, no Forwarded, no evil.example' };
    });
    attack('Header named in Connection (hop-by-hop smuggling)', 'GET /fhir/Patient', async () => {
      const r = await raw(port, `GET /fhir/Patient HTTP/1.1\r\nHost: viewer.local\r\nConnection: close, X-Internal-Auth, Authorization\r\nX-Internal-Auth: admin\r\nAuthorization: Bearer t\r\n\r\n`);
      expect(r.status).toBe(200);
      expect(fhir.requests[0].headers['x-internal-auth']).toBeUndefined();
      expect(fhir.requests[0].headers.authorization).toBeUndefined();
      return { outcome: 'the named headers are stripped', upstream: 'no X-Internal-Auth' };
    });
    attack("Client's Authorization on DICOMweb", 'GET /dicom-web/studies', async () => {
      const r = await raw(port, req('GET', '/dicom-web/studies', 'Authorization: Basic YWRtaW46YWRtaW4=\r\n'));
      expect(r.status).toBe(200);
      expect(orthanc.requests[0].headers.authorization).toBe(`Basic ${Buffer.from(CREDENTIALS).toString('base64')}`);
      return { outcome: "replaced by the proxy's Orthanc credentials", upstream: 'only the proxy credentials' };
    });
    attack('Malformed Host (path in Host)', 'GET /dicom-web/studies, Host: evil.example/../x', async () => {
      const r = await raw(port, 'GET /dicom-web/studies HTTP/1.1\r\nHost: evil.example/../x\r\nConnection: close\r\n\r\n');
      expect(r.status).toBe(400);
      return { outcome: `${r.status}`, upstream: nothingReached() };
    });
    attack('Obsolete line folding in a header', 'GET /fhir/Patient', async () => {
      const r = await raw(port, 'GET /fhir/Patient HTTP/1.1\r\nHost: viewer.local\r\nX-A: a\r\n Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n');
      expect(r.status).toBe(400);
      return { outcome: `${r.status} (Node's parser)`, upstream: nothingReached() };
    });
    attack('Method override header', 'POST /fhir/Patient, X-HTTP-Method-Override: DELETE', async () => {
      const r = await raw(port, req('POST', '/fhir/Patient', 'X-HTTP-Method-Override: DELETE\r\nContent-Length: 2\r\n') + '{}');
      expect(r.status).toBe(200);
      expect(fhir.requests[0].headers['x-http-method-override']).toBeUndefined();
      return { outcome: 'header stripped', upstream: 'a plain POST' };
    });
  });

  describe('slow and stalled clients', () => {
    attack('Slow headers (slowloris)', 'GET /fhir/Patient, one header line, then silence', async () => {
      const started = raw(port, 'GET /fhir/Patient HTTP/1.1\r\nHost: viewer.local\r\n');
      // Meanwhile another client is served.
      const other = await raw(port, req('GET', '/fhir/metadata'));
      expect(other.status).toBe(200);
      const r = await started; // the server gives up on the headers (408) and closes
      expect(r.status === 408 || r.status === 0).toBe(true);
      expect(fhir.requests.map((x) => x.url)).toEqual(['/fhir/metadata']);
      return { outcome: `${r.status || 'closed'} after the headers timeout; others served`, upstream: 'only the other client' };
    });
    attack('One client holds many upstream requests', '4 × GET /fhir/hold from 127.0.0.2', async () => {
      const hold = () => raw(port, req('GET', '/fhir/hold'), { localAddress: '127.0.0.2' });
      const held = [hold(), hold(), hold()];
      await expect.poll(() => fhir.requests.length).toBe(3);
      const fourth = await raw(port, req('GET', '/fhir/hold'), { localAddress: '127.0.0.2' });
      expect(fourth.status).toBe(503);
      const other = await raw(port, req('GET', '/fhir/Patient'), { localAddress: '127.0.0.3' });
      expect(other.status).toBe(200);
      expect(fhir.requests.map((x) => x.url)).toEqual(['/fhir/hold', '/fhir/hold', '/fhir/hold', '/fhir/Patient']);
      fhir.reset();
      await Promise.all(held);
      return { outcome: `${fourth.status} Retry-After for that client; other clients served`, upstream: '3 held + the other client' };
    });
  });

  describe('responses', () => {
    attack('HTML stored on a server, opened through the proxy', 'GET /dicom-web/stored-html', async () => {
      const r = await raw(port, req('GET', '/dicom-web/stored-html'));
      expect(r.status).toBe(200);
      expect(r.text).toMatch(/content-security-policy: default-src 'none'; sandbox/i);
      expect(r.text).toMatch(/x-content-type-options: nosniff/i);
      return { outcome: "served with CSP default-src 'none'; sandbox and nosniff", upstream: 'a plain GET' };
    });
    it('refusals carry the same headers', async () => {
      const r = await raw(port, req('GET', '/fhir/../x'));
      expect(r.text).toMatch(/content-security-policy: default-src 'none'; sandbox/i);
    });
  });
});
