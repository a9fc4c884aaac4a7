import http from 'node:http';
import net from 'node:net';
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { sample } from './support/samples';
import { clearSelections, fhir, selectionsOf } from './support/fhirServer';
import { faultStats, resetFaultStats } from './support/faults';
import { recordAttack, writeAttackRecords, type AttackRecord } from './support/attackRecords';

// Attacks against the real stack: serve.mjs in front of the real Orthanc and HAPI (raw sockets
// where a browser would clean the request), and the viewer in Chromium. Each one is judged where
// it would land: the fault proxies between serve.mjs and the servers list every request that got
// through (`seen`), and Orthanc / HAPI are read directly.

const VIEWER = process.env.VIEWER_URL ?? 'http://127.0.0.1:14173';
const ORTHANC = process.env.ORTHANC_URL ?? 'http://127.0.0.1:18042';
const ORTHANC_AUTH = (() => {
  const file = process.env.ORTHANC_CREDENTIALS_FILE;
  return file ? `Basic ${Buffer.from(readFileSync(file, 'utf8').trim()).toString('base64')}` : '';
})();
const ALLOWED_HOST = 'http://127.0.0.1:14174'; // in public/config.json's embed.allowedOrigins; served here by page.route
const ATTACKER = 'http://attacker.test';

const records: AttackRecord[] = [];
// A failed attack test is published as such: the table shows what was not refused.
test.afterEach(async ({ page: _page }, info) => {
  if (info.status !== info.expectedStatus) records.push({ group: info.titlePath[1], attack: info.title, target: '–', outcome: (info.error?.message ?? 'failed').split('\n')[0]!.slice(0, 160), upstream: '–', passed: false });
});
test.afterAll(() => writeAttackRecords('stack-e2e', records));

/** Raw bytes to serve.mjs; resolves with the status line's code and the whole answer once the server closes. */
function raw(bytes: string): Promise<{ status: number; text: string }> {
  const { hostname, port } = new URL(VIEWER);
  return new Promise((resolve, reject) => {
    const sock = net.connect(Number(port), hostname);
    let text = '';
    const done = () => resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), text });
    sock.on('data', (d) => (text += d.toString('latin1')));
    sock.on('close', done);
    sock.on('error', (e: NodeJS.ErrnoException) => (e.code === 'ECONNRESET' ? done() : reject(e)));
    sock.write(bytes);
  });
}
const host = new URL(VIEWER).host;
const get = (target: string, extra = '') => `GET ${target} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n${extra}\r\n`;

async function orthanc(path: string, auth = true): Promise<Response> {
  return fetch(`${ORTHANC}${path}`, { headers: auth ? { Authorization: ORTHANC_AUTH } : {} });
}

/** What reached Orthanc / HAPI through serve.mjs since the last reset. */
async function reached(): Promise<{ orthanc: string[]; fhir: string[] }> {
  return { orthanc: (await faultStats('orthanc')).seen, fhir: (await faultStats('fhir')).seen };
}

test.describe('serve.mjs in front of the real Orthanc and HAPI', () => {
  test.beforeEach(() => resetFaultStats());

  test('traversal to Orthanc’s REST API is refused and never reaches Orthanc', async () => {
    const targets = ['/dicom-web/../system', '/dicom-web/%2e%2e/patients', '/dicom-web/%252e%252e/tools/find', '/dicom-web/..%2fstudies', '/dicom-web/..\\system', '/dicom-web/studies/1.2/../../../instances', '/fhir/../dicom-web/../system'];
    for (const t of targets) {
      const r = await raw(get(t));
      expect(r.status, t).toBe(400);
    }
    expect(await reached()).toEqual({ orthanc: [], fhir: [] });
    recordAttack(records, { attack: 'Traversal to Orthanc’s REST API (7 variants: raw, %2e, double-encoded, %2f, backslash, deep, via /fhir)', target: 'real Orthanc', outcome: '400 each', upstream: 'Orthanc and HAPI saw no request', passed: true }, test.info().titlePath[1]!);
  });

  test('a DELETE through the proxy never deletes a study, even dressed as traversal', async () => {
    const s = sample('ct-small');
    const lookup = (await (await fetch(`${ORTHANC}/tools/lookup`, { method: 'POST', body: s.studyUid, headers: { Authorization: ORTHANC_AUTH } })).json()) as Array<{ ID: string; Type: string }>;
    const id = lookup.find((x) => x.Type === 'Study')!.ID;
    for (const t of [`/dicom-web/studies/${s.studyUid}`, `/dicom-web/../studies/${id}`]) {
      const r = await raw(`DELETE ${t} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      expect([400, 405]).toContain(r.status);
    }
    expect((await orthanc(`/studies/${id}`)).status).toBe(200);
    expect(await reached()).toEqual({ orthanc: [], fhir: [] });
    recordAttack(records, { attack: 'DELETE a study through the proxy (DICOMweb path and traversal to /studies/{id})', target: 'real Orthanc', outcome: '405 / 400', upstream: 'study still in Orthanc; Orthanc saw no request', passed: true }, test.info().titlePath[1]!);
  });

  test('smuggling: a chunked body on DELETE, and a GET body, never run upstream', async () => {
    const s = sample('ct-small');
    const study = (await fhir(`ImagingStudy?identifier=${encodeURIComponent(`urn:dicom:uid|urn:oid:${s.studyUid}`)}`)).body as { entry: Array<{ resource: { id: string; subject: { reference: string } } }> };
    const is = study.entry[0]!.resource;
    const hidden = `DELETE /fhir/ImagingStudy/${is.id} HTTP/1.1\r\nHost: ${host}\r\n\r\n`;
    const chunked = `${hidden.length.toString(16)}\r\n${hidden}\r\n0\r\n\r\n`;
    const a = await raw(`DELETE /fhir/${is.subject.reference} HTTP/1.1\r\nHost: ${host}\r\nTransfer-Encoding: chunked\r\n\r\n${chunked}`);
    const b = await raw(`GET /fhir/metadata HTTP/1.1\r\nHost: ${host}\r\nContent-Length: ${hidden.length}\r\n\r\n${hidden}`);
    const c = await raw(`POST /fhir HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n${hidden}`);
    expect([a.status, b.status, c.status]).toEqual([405, 400, 400]);
    expect((await fhir(`ImagingStudy/${is.id}`)).status).toBe(200);
    expect((await fhir(is.subject.reference)).status).toBe(200);
    expect(await reached()).toEqual({ orthanc: [], fhir: [] });
    recordAttack(records, { attack: 'Smuggling against HAPI: chunked DELETE hiding a DELETE, GET with a body, CL.TE POST', target: 'real HAPI', outcome: '405 / 400 / 400, connection closed', upstream: 'Patient and ImagingStudy still there; HAPI saw no request', passed: true }, test.info().titlePath[1]!);
  });

  test('a spoofed Forwarded header cannot point Orthanc’s URLs at another host', async () => {
    const s = sample('us-palette-multiframe');
    const series = s.series.find((x) => x.isImage)!;
    const r = await raw(get(`/dicom-web/studies/${s.studyUid}/series/${series.seriesUid}/metadata`, 'Forwarded: host=evil.example;proto=https\r\nX-Forwarded-Host: evil.example\r\nX-Forwarded-For: 6.6.6.6\r\n'));
    expect(r.status).toBe(200);
    expect(r.text).toContain('BulkDataURI');
    expect(r.text).not.toContain('evil.example');
    recordAttack(records, { attack: 'Spoofed Forwarded / X-Forwarded-Host (Orthanc builds BulkDataURIs from Forwarded)', target: 'real Orthanc', outcome: 'headers replaced; BulkDataURIs stay on the viewer’s origin', upstream: 'no evil.example in Orthanc’s answer', passed: true }, test.info().titlePath[1]!);
  });

  test('Orthanc refuses a local process that bypasses the proxy; the proxy’s answers carry a sandbox CSP', async ({ request }) => {
    expect((await orthanc('/system', false)).status).toBe(401);
    expect((await orthanc('/dicom-web/studies', false)).status).toBe(401);
    expect((await orthanc('/system')).status).toBe(200);
    const res = await request.get(`${VIEWER}/dicom-web/studies`, { headers: { Accept: 'application/dicom+json' } });
    expect(res.status()).toBe(200);
    expect(res.headers()['content-security-policy']).toBe("default-src 'none'; sandbox");
    expect(res.headers()['x-content-type-options']).toBe('nosniff');
    recordAttack(records, { attack: 'A local process calls Orthanc directly, without the proxy', target: 'real Orthanc', outcome: '401 without the credentials only serve.mjs holds', upstream: 'Orthanc refused it', passed: true }, test.info().titlePath[1]!);
  });
});

test.describe('the viewer in the browser', () => {
  test.beforeEach(() => resetFaultStats());

  test('a forged ?patient= cannot file findings under another patient: saving is refused, drafts kept', async ({ viewer, page }) => {
    const s = sample('ct-small');
    await clearSelections(s.studyUid);
    await viewer.open(s.studyUid, '&patient=Patient/roiv-someone-else');
    await viewer.waitForImage();
    await viewer.useTool('Point');
    const c = await viewer.centre();
    await viewer.clickAt(c.x, c.y);
    await expect(viewer.roiItems()).toHaveCount(1);
    await viewer.toolbar.getByRole('button', { name: 'Save', exact: true }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Patient mismatch' });
    await expect(alert).toContainText('Patient/roiv-someone-else');
    await expect(alert).toContainText(/this study belongs to Patient\/[A-Za-z0-9.-]+/);
    await expect(viewer.roiItems()).toHaveCount(1);
    expect(await selectionsOf(s.studyUid)).toEqual([]);
    expect((await reached()).fhir.filter((l) => l.startsWith('POST'))).toEqual([]);
    // Without the forged claim the same ROI is saved under the ImagingStudy's subject.
    await viewer.open(s.studyUid);
    await viewer.waitForImage();
    await expect(viewer.roiItems()).toHaveCount(1); // the draft came back
    await viewer.save();
    const study = (await fhir(`ImagingStudy?identifier=${encodeURIComponent(`urn:dicom:uid|urn:oid:${s.studyUid}`)}`)).body as { entry: Array<{ resource: { subject: { reference: string } } }> };
    const stored = await selectionsOf(s.studyUid);
    expect(stored.map((x) => x.subject?.reference)).toEqual([study.entry[0]!.resource.subject.reference]);
    recordAttack(records, { attack: 'Forged ?patient= link for a study with an ImagingStudy', target: 'viewer + real HAPI', outcome: 'save refused naming both patients; the ROI stays as a draft', upstream: 'HAPI received no write; later saved under the ImagingStudy’s subject', passed: true }, test.info().titlePath[1]!);
  });

  test('UIDs holding ../ or ? never become request paths', async ({ page }) => {
    for (const bad of ['1.2.3/../../../system', '1.2.3?x=1', '..']) {
      await resetFaultStats();
      await page.goto(`/?StudyInstanceUIDs=${encodeURIComponent(bad)}`);
      await expect(page.getByText(/not a valid DICOM UID/).first()).toBeVisible();
      const seen = await reached();
      expect(seen.orthanc).toEqual([]);
      expect(seen.fhir.every((l) => !l.split(' ')[1]!.split('?')[0]!.includes('..'))).toBe(true);
    }
    recordAttack(records, { attack: 'StudyInstanceUIDs holding ../ or ?', target: 'viewer', outcome: '“not a valid DICOM UID”, nothing requested', upstream: 'Orthanc saw no request', passed: true }, test.info().titlePath[1]!);
  });

  test('a foreign BulkDataURI or paging link is never followed', async ({ viewer, page }) => {
    const foreign: string[] = [];
    page.on('request', (r) => {
      if (r.url().startsWith(ATTACKER)) foreign.push(r.url());
    });
    const s = sample('us-palette-multiframe');
    await page.route('**/dicom-web/studies/*/series/*/metadata', async (route) => {
      const res = await route.fetch();
      const body = (await res.text()).replace(/"BulkDataURI"\s*:\s*"https?:\/\/[^/"]+/g, `"BulkDataURI":"${ATTACKER}`);
      await route.fulfill({ response: res, body });
    });
    await page.route('**/fhir/ImagingSelection?*', async (route) => {
      const res = await route.fetch();
      const json = (await res.json()) as { link?: Array<{ relation: string; url: string }> };
      json.link = [...(json.link ?? []).filter((l) => l.relation !== 'next'), { relation: 'next', url: `${ATTACKER}/fhir?_getpages=steal` }];
      await route.fulfill({ response: res, json });
    });
    await viewer.open(s.studyUid);
    await expect(page.getByRole('list', { name: 'Notes' })).toContainText('pointed away from the image archive');
    await expect(page.getByRole('complementary', { name: 'Regions of interest' })).toBeVisible();
    await page.waitForLoadState('networkidle');
    expect(foreign).toEqual([]);
    recordAttack(records, { attack: 'Foreign BulkDataURI in series metadata, foreign paging link in a FHIR Bundle', target: 'viewer', outcome: 'links dropped with a note; paging stops', upstream: `no request (and no token) to ${ATTACKER}`, passed: true }, test.info().titlePath[1]!);
  });

  test('HTML in a stored label and in an OperationOutcome is shown as text', async ({ viewer, page }) => {
    const s = sample('ct-small');
    await viewer.openFresh(s.studyUid);
    await viewer.useTool('Point');
    const c = await viewer.centre();
    await viewer.clickAt(c.x, c.y);
    await viewer.save();
    const [sel] = await selectionsOf(s.studyUid);
    const evil = '<img src=x onerror="window.__pwned=1">';
    const res = (await fhir(`ImagingSelection/${sel!.id}`)).body as Record<string, unknown>;
    res.category = [{ text: evil }];
    expect((await fhir(`ImagingSelection/${sel!.id}`, { method: 'PUT', body: JSON.stringify(res) })).status).toBe(200);
    await viewer.open(s.studyUid);
    await viewer.waitForImage();
    await expect(viewer.roiPanel.locator('.roi-label').first()).toHaveText(evil);
    // A server error whose diagnostics hold HTML.
    await page.route('**/fhir', (route) =>
      route.request().method() === 'POST'
        ? route.fulfill({ status: 422, contentType: 'application/fhir+json', body: JSON.stringify({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'processing', diagnostics: evil }] }) })
        : route.continue(),
    );
    await viewer.useTool('Point');
    await viewer.clickAt(c.x + 20, c.y + 20);
    await expect(viewer.roiItems()).toHaveCount(2);
    await viewer.toolbar.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'onerror' }).first()).toBeVisible();
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    recordAttack(records, { attack: 'XSS payload in a stored label and in OperationOutcome diagnostics', target: 'viewer', outcome: 'shown as text; no element created, no script ran', upstream: '–', passed: true }, test.info().titlePath[1]!);
  });
});

/**
 * A host page on an allowed origin framing the viewer, and a stranger page on another origin.
 * Real loopback servers (Chromium refuses to frame a loopback page from a page.route document).
 * 14174 is fixed by public/config.json: run this spec under `flock /tmp/embed-ports.lock`.
 */
const hostServers: http.Server[] = [];
let strangerOrigin = '';

function pageServer(port: number, pages: Record<string, () => string>): Promise<http.Server> {
  const srv = http.createServer((req, res) => {
    const body = pages[req.url ?? '']?.();
    res.writeHead(body ? 200 : 404, { 'Content-Type': 'text/html; charset=utf-8' }).end(body ?? 'not found');
  });
  hostServers.push(srv);
  return new Promise((resolve, reject) => {
    srv.once('error', reject);
    srv.listen(port, '127.0.0.1', () => resolve(srv));
  });
}

const probe = (from: string) => `
    const got = [];
    addEventListener('message', (e) => got.push(e.data));
    window.gotMessages = got;
    const v = parent.frames[0];
    const send = (name, payload) => v.postMessage({ type: 'roi-viewer', version: 1, id: name, name, ...(payload ? { payload } : {}) }, '*');
    setTimeout(() => { for (let i = 0; i < 200; i++) { send('set-mode', { mode: 'review' }); send('set-access-token', { token: '${from}-token' }); send('save'); } window.sent = true; }, 50);`;

let hostStudy = '';
async function startHostServers(): Promise<void> {
  const stranger = await pageServer(0, { '/stranger.html': () => `<!doctype html><script>${probe('stranger')}</script>` });
  strangerOrigin = `http://127.0.0.1:${(stranger.address() as net.AddressInfo).port}`;
  await pageServer(Number(new URL(ALLOWED_HOST).port), {
    '/attack-host.html': () => `<!doctype html><iframe id="v" src="${VIEWER}/?StudyInstanceUIDs=${hostStudy}" width="900" height="600"></iframe>
<script>
  window.replies = [];
  addEventListener('message', (e) => { if (e.source === document.getElementById('v').contentWindow) window.replies.push(e.data); });
  window.send = (name, payload, id) => document.getElementById('v').contentWindow.postMessage({ type: 'roi-viewer', version: 1, id: id ?? name, name, ...(payload ? { payload } : {}) }, '${VIEWER}');
  window.strangers = () => {
    const f = document.createElement('iframe'); f.src = '${strangerOrigin}/stranger.html'; document.body.append(f);
    const n = document.createElement('iframe'); n.sandbox = 'allow-scripts'; n.srcdoc = '<script>${probe('null').replace(/\n/g, ' ').replace(/'/g, "\\'")}<\\/script>'; document.body.append(n);
  };
</script>`,
  });
}

async function openHostWithStrangers(page: Page, studyUid: string) {
  hostStudy = studyUid;
  await page.goto(`${ALLOWED_HOST}/attack-host.html`);
  const frame = page.frameLocator('#v');
  await expect.poll(() => page.evaluate(() => (window as unknown as { replies: Array<{ name: string }> }).replies.some((m) => m.name === 'ready')), { timeout: 30_000 }).toBe(true);
  return frame;
}

test.describe('the embed channel', () => {
  test.beforeAll(startHostServers);
  test.afterAll(() => Promise.all(hostServers.splice(0).map((srv) => new Promise((r) => { srv.close(r); srv.closeAllConnections(); }))));
  test.beforeEach(() => resetFaultStats());

  test('messages from a foreign origin and from a sandboxed (null) frame are ignored', async ({ page }) => {
    const s = sample('ct-small');
    await clearSelections(s.studyUid);
    const frame = await openHostWithStrangers(page, s.studyUid);
    await expect(frame.getByRole('toolbar', { name: 'Tools' })).toBeVisible();
    await page.evaluate(() => (window as unknown as { strangers(): void }).strangers());
    await expect.poll(() => page.frame({ url: `${strangerOrigin}/stranger.html` }) !== null).toBe(true);
    const strangerFrame = page.frame({ url: `${strangerOrigin}/stranger.html` })!;
    // The allowed host asks for the state once the strangers have sent their 1,200 commands.
    await expect.poll(() => strangerFrame.evaluate(() => (window as unknown as { sent?: boolean }).sent === true)).toBe(true);
    await page.evaluate(() => (window as unknown as { send(n: string, p?: unknown, id?: string): void }).send('get-state', undefined, 'after-strangers'));
    await expect.poll(() => page.evaluate(() => (window as unknown as { replies: Array<{ name: string; inReplyTo?: string; payload: { mode?: string } }> }).replies.find((m) => m.inReplyTo === 'after-strangers')?.payload.mode)).toBe('edit');
    expect(await strangerFrame.evaluate(() => (window as unknown as { gotMessages: unknown[] }).gotMessages)).toEqual([]);
    await expect(frame.getByRole('toolbar', { name: 'Tools' }).getByRole('button', { name: 'Review mode' })).toHaveAttribute('aria-pressed', 'false');
    expect((await reached()).fhir.filter((l) => l.startsWith('POST'))).toEqual([]);
    recordAttack(records, { attack: 'postMessage from a foreign origin and from a sandboxed frame (origin "null"): 600 commands each', target: 'embedded viewer', outcome: 'ignored silently; no reply to them; mode unchanged', upstream: 'HAPI received no write', passed: true }, test.info().titlePath[1]!);
  });

  test('a flood from the allowed host gets one error reply and the viewer stays responsive', async ({ page }) => {
    const s = sample('ct-small');
    const frame = await openHostWithStrangers(page, s.studyUid);
    await page.evaluate(() => {
      const w = window as unknown as { send(n: string, p?: unknown, id?: string): void };
      for (let i = 0; i < 2000; i++) w.send('get-state', undefined, `flood-${i}`);
    });
    type Reply = { name: string; inReplyTo?: string; payload: { code?: string } };
    const replies = () => page.evaluate(() => (window as unknown as { replies: Reply[] }).replies);
    await expect.poll(async () => (await replies()).filter((m) => m.name === 'error' && m.payload.code === 'refused').length).toBe(1);
    const answered = (await replies()).filter((m) => m.name === 'state').length;
    expect(answered).toBeLessThan(100);
    // Still responsive: the user can pick a tool, and the host is obeyed again once it slows down.
    const point = frame.getByRole('toolbar', { name: 'Tools' }).getByRole('button', { name: 'Point', exact: true });
    await point.click();
    await expect(point).toHaveAttribute('aria-pressed', 'true');
    // Asked again until the rate limit has refilled (each ask while still limited is dropped silently).
    await expect
      .poll(async () => {
        await page.evaluate(() => (window as unknown as { send(n: string, p?: unknown, id?: string): void }).send('get-state', undefined, 'after-flood'));
        return (await replies()).some((m) => m.inReplyTo === 'after-flood');
      }, { timeout: 15_000 })
      .toBe(true);
    expect((await replies()).filter((m) => m.name === 'error').length).toBe(1);
    recordAttack(records, { attack: 'postMessage flood from the allowed host (2,000 commands at once)', target: 'embedded viewer', outcome: `${answered} answered, then one “refused” error; the UI stays usable and later commands are obeyed`, upstream: '–', passed: true }, test.info().titlePath[1]!);
  });
});
