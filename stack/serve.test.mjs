import http from 'node:http';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { contentSecurityPolicy, createServer, parseOptions, readCredentials } from './serve.mjs';

const listen = (srv) => new Promise((r) => srv.listen(0, '127.0.0.1', () => r(srv.address().port)));

describe('contentSecurityPolicy', () => {
  it('defaults frame-ancestors to self and has no inline script', () => {
    const csp = contentSecurityPolicy({});
    expect(csp).toContain("frame-ancestors 'self'");
    expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(csp).toContain("worker-src 'self' blob:");
    expect(csp).not.toContain('unsafe-inline\'; script');
  });
  it('uses embed.allowedOrigins, drops malformed ones, and adds config URL origins to connect-src', () => {
    const csp = contentSecurityPolicy({
      embed: { allowedOrigins: ['https://emr.example.org', "x; script-src *"] },
      fhir: { baseUrl: 'https://fhir.example.org/r5' },
    });
    expect(csp).toContain("frame-ancestors 'self' https://emr.example.org");
    expect(csp).toContain("connect-src 'self' https://fhir.example.org;");
    expect(csp).not.toContain('script-src *');
  });
  it('limits connect-src to configured servers (DICOMweb, FHIR, the SMART authorization server), not coding systems', () => {
    const csp = contentSecurityPolicy({
      dicomweb: { qidoRoot: 'https://pacs.example.org/qido', wadoRoot: '/dicom-web' },
      fhir: { baseUrl: '/fhir' },
      auth: { mode: 'smart', clientId: 'x', authorizationServer: 'https://login.example.org' },
      imagingSelection: { code: { system: 'http://dicom.nema.org/resources/ontology/DCM', code: '121200', display: 'x' }, findings: [{ system: 'http://snomed.info/sct', code: '1', display: 'x' }] },
    });
    expect(csp).toContain("connect-src 'self' https://pacs.example.org https://login.example.org;");
    expect(csp).not.toContain('snomed');
    expect(csp).not.toContain('dicom.nema.org');
  });
});

describe('parseOptions', () => {
  it('reads the security options: Orthanc credentials file, STOW-RS, limits', () => {
    const o = parseOptions(['--orthanc-credentials', '/tmp/creds', '--stow', '--headers-timeout', '5000', '--max-per-client=8'], {});
    expect(o).toMatchObject({ orthancCredentialsFile: '/tmp/creds', stow: true, headersTimeout: 5000, maxUpstreamPerClient: 8 });
    expect(parseOptions([], {}).stow).toBe(false);
    expect(() => parseOptions(['--headers-timeout', 'soon'], {})).toThrow(/Unknown option/);
  });
  it('reads user:password credentials and refuses anything else', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'creds-'));
    fs.writeFileSync(path.join(dir, 'ok'), 'proxy:s3cret\n');
    fs.writeFileSync(path.join(dir, 'bad'), 'no password here');
    expect(readCredentials(path.join(dir, 'ok'))).toBe('proxy:s3cret');
    expect(() => readCredentials(path.join(dir, 'bad'))).toThrow(/user:password/);
    expect(readCredentials(null)).toBeUndefined();
  });
  it('accepts upstreams with their path', () => {
    const o = parseOptions(['--fhir', 'http://127.0.0.1:18080/fhir', '--orthanc=http://127.0.0.1:18042/dicom-web/'], {});
    expect(o.fhir).toBe('http://127.0.0.1:18080');
    expect(o.orthanc).toBe('http://127.0.0.1:18042');
  });
});

describe('proxy', () => {
  let upstream;
  let proxy;
  let port;
  let seen;
  beforeAll(async () => {
    upstream = http.createServer((req, res) => {
      seen = { url: req.url, headers: req.headers };
      res.writeHead(201, { 'Content-Type': 'application/fhir+json', Location: 'http://x/fhir/Patient/1/_history/1', ETag: 'W/"1"' });
      res.end(JSON.stringify({ resourceType: 'Patient', pad: 'x'.repeat(4000) }));
    });
    const upPort = await listen(upstream);
    proxy = createServer({ ...parseOptions([], {}), fhir: `http://127.0.0.1:${upPort}`, orthanc: 'http://127.0.0.1:1', dist: '/nonexistent' });
    port = await listen(proxy);
  });
  afterAll(() => {
    upstream.close();
    proxy.close();
    proxy.closeAllConnections();
  });

  it('passes request headers (Host kept) and response headers, and gzips JSON', async () => {
    const res = await new Promise((resolve, reject) => {
      const req = http.request({ port, path: '/fhir/Patient?x=1', method: 'POST', headers: { Host: 'viewer.local:5173', 'If-None-Exist': 'identifier=a|b', 'Accept-Encoding': 'gzip', 'Content-Type': 'application/fhir+json' } }, resolve);
      req.on('error', reject);
      req.end('{"resourceType":"Patient"}');
    });
    const chunks = [];
    for await (const c of res) chunks.push(c);
    expect(res.statusCode).toBe(201);
    expect(res.headers.location).toBe('http://x/fhir/Patient/1/_history/1');
    expect(res.headers.etag).toBe('W/"1"');
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(zlib.gunzipSync(Buffer.concat(chunks)).toString()).resourceType).toBe('Patient');
    expect(seen.url).toBe('/fhir/Patient?x=1');
    expect(seen.headers.host).toBe('viewer.local:5173');
    expect(seen.headers['if-none-exist']).toBe('identifier=a|b');
  });

  it('answers 502 with an OperationOutcome when the upstream is down', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/dicom-web/studies`);
    expect(res.status).toBe(502);
    expect((await res.json()).resourceType).toBe('OperationOutcome');
  });
});
