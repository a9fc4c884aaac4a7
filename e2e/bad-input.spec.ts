import type { Page, Route } from '@playwright/test';
import { test, expect } from './fixtures';
import { sample } from './support/samples';
import { clearSelections, fhir } from './support/fhirServer';
import { clearFaults, setFaults } from './support/faults';
import { recordFigure } from './support/figures';

// Every bad input must end in a clear message and no uncaught error (pageerror).
// Console errors are not checked here: the browser itself logs failed requests.

let pageErrors: string[] = [];
test.beforeEach(({ page }) => {
  pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(`${e.name}: ${e.message}`));
});
test.afterEach(async ({ page: _page }, info) => {
  await clearFaults().catch(() => undefined);
  recordFigure({ kind: 'bad-input', title: info.title, passed: info.status === info.expectedStatus, durationMs: info.duration });
});
const noCrash = () => expect(pageErrors, 'uncaught errors in the page').toEqual([]);

async function realConfig(page: Page): Promise<Record<string, unknown>> {
  return (await (await page.request.get('/config.json')).json()) as Record<string, unknown>;
}

const CT = () => sample('ct-ankle-implicit');

function selection(s: ReturnType<typeof sample>, id: string, instance: Record<string, unknown>) {
  return {
    resourceType: 'ImagingSelection',
    id,
    meta: { versionId: '1' },
    status: 'available',
    subject: { identifier: { system: 'urn:x', value: 'X' } },
    code: { text: 'Region selected from image' },
    studyUid: s.studyUid,
    seriesUid: s.series[0]!.seriesUid,
    instance: [instance],
  };
}

/** Serves the given resources as the answer to every ImagingSelection search. */
async function serveSelections(page: Page, resources: unknown[]): Promise<void> {
  await page.route('**/fhir/ImagingSelection?**', (r: Route) =>
    r.fulfill({
      status: 200,
      contentType: 'application/fhir+json',
      body: JSON.stringify({ resourceType: 'Bundle', type: 'searchset', total: resources.length, entry: resources.map((resource) => ({ resource, search: { mode: 'match' } })) }),
    }),
  );
}

test.describe('config.json', () => {
  test('malformed JSON: the configuration page says where', async ({ page }) => {
    await page.route('**/config.json', (r) => r.fulfill({ status: 200, contentType: 'application/json', body: '{\n  "dicomweb": { "qidoRoot": "/dicom-web", }\n}' }));
    await page.goto('/');
    const alert = page.getByRole('alert', { name: 'Configuration error' });
    await expect(alert).toContainText('not valid JSON');
    await expect(alert).toContainText(/line 2/);
    noCrash();
  });

  test('schema-invalid config: the page names the key', async ({ page }) => {
    const good = await realConfig(page);
    await page.route('**/config.json', (r) => r.fulfill({ json: { ...good, viewer: { cacheSizeMB: 'lots' }, fhir: { baseUrl: 'ftp://x' } } }));
    await page.goto('/');
    const alert = page.getByRole('alert', { name: 'Configuration error' });
    await expect(alert).toContainText('viewer.cacheSizeMB');
    await expect(alert).toContainText('fhir.baseUrl');
    noCrash();
  });
});

test.describe('DICOM metadata', () => {
  test('no PixelSpacing / ImagePositionPatient (no-geometry): shown in pixels, with a note', async ({ viewer, page }) => {
    await viewer.open(sample('no-geometry').studyUid);
    await viewer.waitForImage();
    await expect(page.getByRole('list', { name: 'Notes' })).toContainText(/pixel spacing/i);
    noCrash();
  });

  test('an instance without Rows: named in a message, the others still display', async ({ viewer, page }) => {
    const s = sample('ct-200');
    let victim = '';
    await page.route('**/dicom-web/studies/*/series/*/metadata', async (r) => {
      const res = await r.fetch();
      const json = (await res.json()) as Array<Record<string, { Value?: unknown[] }>>;
      const inst = json[0]!;
      victim = String(inst['00080018']?.Value?.[0]);
      delete inst['00280010'];
      await r.fulfill({ response: res, json });
    });
    await viewer.open(s.studyUid);
    await viewer.waitForImage();
    expect(victim).not.toBe('');
    await expect(page.getByText(new RegExp(`${victim.replace(/\./g, '\\.')}.*(Rows|cannot be displayed)`))).toBeVisible();
    await expect(viewer.imageCounter()).toContainText('/199');
    noCrash();
  });

  test('a corrupted frame (corrupt-frame): "could not be displayed", the good image still shows', async ({ viewer, page }) => {
    const s = sample('corrupt-frame');
    await viewer.open(s.studyUid);
    // One of the two images is garbled; whichever comes first, both are visited.
    await expect(viewer.imageCounter()).toContainText('/2');
    await viewer.goToImage(1);
    await viewer.goToImage(2);
    await expect(page.getByRole('alert').filter({ hasText: 'This image could not be displayed' })).toBeVisible({ timeout: 30_000 });
    await viewer.goToImage(1);
    const a = await viewer.pixelStats();
    await viewer.goToImage(2);
    const b = await viewer.pixelStats();
    expect(Math.max(a.distinct, b.distinct)).toBeGreaterThan(2);
    noCrash();
  });
});

test.describe('ImagingSelections from the server', () => {
  test('a 100,000-point polyline is listed and the viewer stays responsive', async ({ viewer, page }) => {
    test.setTimeout(120_000);
    const s = CT();
    const inst = s.series[0]!.instances[0]!;
    await clearSelections(s.studyUid);
    const n = 100_000;
    const coordinate: number[] = [];
    for (let i = 0; i < n; i++) {
      const a = (2 * Math.PI * i) / n;
      coordinate.push(Math.round((256 + 150 * Math.cos(a)) * 1000) / 1000, Math.round((256 + 150 * Math.sin(a)) * 1000) / 1000);
    }
    coordinate.push(coordinate[0]!, coordinate[1]!);
    const body = selection(s, 'x', { uid: inst.sopInstanceUid, sopClass: { system: 'urn:ietf:rfc:3986', code: `urn:oid:${inst.sopClassUid}` }, imageRegion2D: [{ regionType: 'polyline', coordinate }] });
    delete (body as Partial<typeof body>).id;
    delete (body as Partial<typeof body>).meta;
    const res = await fhir('ImagingSelection', { method: 'POST', body: JSON.stringify(body) });
    expect(res.status).toBe(201);
    await viewer.open(s.studyUid);
    await viewer.waitForImage();
    await expect(viewer.roiItems()).toHaveCount(1, { timeout: 30_000 });
    // Responsive: a tool click is answered quickly and the main thread is not blocked for long.
    const t0 = Date.now();
    await viewer.useTool('Point');
    const lag = await page.evaluate(() => new Promise<number>((resolve) => { const t = performance.now(); setTimeout(() => resolve(performance.now() - t), 0); }));
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(lag).toBeLessThan(500);
    await page.keyboard.press('Escape');
    await clearSelections(s.studyUid);
    noCrash();
  });

  test('odd coordinate count, NaN and strings, a negative frame, an unknown regionType: listed as not shown, the good one shown', async ({ viewer }) => {
    const s = CT();
    const inst = s.series[0]!.instances[0]!;
    const base = (id: string, region: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
      selection(s, id, { uid: inst.sopInstanceUid, sopClass: { system: 'urn:ietf:rfc:3986', code: `urn:oid:${inst.sopClassUid}` }, imageRegion2D: [region], ...extra });
    await serveSelections(viewer.page, [
      base('good', { regionType: 'point', coordinate: [100.5, 100.5] }),
      base('odd', { regionType: 'polyline', coordinate: [1, 2, 3] }),
      base('nan', { regionType: 'point', coordinate: ['NaN', 'NaN'] }),
      base('strings', { regionType: 'circle', coordinate: ['a', 'b', 'c', 'd'] }),
      base('nulls', { regionType: 'point', coordinate: [null, 5] }),
      base('hexagon', { regionType: 'hexagon', coordinate: [1, 1, 2, 2, 3, 3] }),
      base('negframe', { regionType: 'point', coordinate: [10, 10] }, { subset: ['-1'] }),
    ]);
    await viewer.open(s.studyUid);
    await viewer.waitForImage();
    await expect(viewer.roiItems()).toHaveCount(1);
    const notShown = viewer.roiPanel.getByRole('region', { name: 'Selections not shown' });
    for (const id of ['odd', 'nan', 'strings', 'nulls', 'hexagon', 'negframe']) await expect(notShown).toContainText(`ImagingSelection/${id}`);
    await expect(notShown).toContainText('odd number of coordinates');
    noCrash();
  });
});

test.describe('server errors', () => {
  test('an OperationOutcome with HTML in diagnostics is shown as text; no element is created', async ({ viewer, page }) => {
    const s = CT();
    await clearSelections(s.studyUid);
    const evil = '<img src=x onerror="window.__pwned=1"><b>bold</b>';
    await page.route('**/fhir', (r) =>
      r.request().method() === 'POST'
        ? r.fulfill({ status: 422, contentType: 'application/fhir+json', body: JSON.stringify({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'invalid', diagnostics: evil }] }) })
        : r.continue(),
    );
    await viewer.open(s.studyUid);
    await viewer.waitForImage();
    const c = await viewer.centre();
    await viewer.useTool('Point');
    await viewer.clickAt(c.x, c.y);
    await expect(viewer.roiItems()).toHaveCount(1);
    await viewer.toolbar.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(page.getByRole('alert').first()).toContainText('<img src=x onerror=');
    await expect(page.locator('img[src="x"]')).toHaveCount(0);
    await expect(page.locator('main b, footer b, aside b').filter({ hasText: 'bold' })).toHaveCount(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await expect(viewer.saveStatus()).toHaveText('1 unsaved');
    noCrash();
  });

  test('a non-JSON 500 page from a proxy on save: a clear message, the ROI kept; saved once the proxy recovers', async ({ viewer, page }) => {
    const s = CT();
    await clearSelections(s.studyUid);
    await viewer.open(s.studyUid);
    await viewer.waitForImage();
    await setFaults('fhir', { mode: '500', methods: ['POST'], paths: ['^/fhir/?$'] });
    const c = await viewer.centre();
    await viewer.useTool('Point');
    await viewer.clickAt(c.x + 30, c.y);
    await expect(viewer.roiItems()).toHaveCount(1);
    await viewer.toolbar.getByRole('button', { name: 'Save', exact: true }).click();
    const alert = page.getByRole('alert').first();
    await expect(alert).toContainText('500');
    await expect(alert).toContainText('non-FHIR page');
    await expect(page.getByText('nginx')).toHaveCount(0);
    await expect(viewer.saveStatus()).toHaveText('1 unsaved');
    await clearFaults('fhir');
    await viewer.saveIfPending();
    await expect(viewer.saveStatus()).toHaveText('All saved', { timeout: 60_000 });
    noCrash();
  });

  test('a non-JSON 500 page from a proxy on load: the saved regions say they could not be loaded', async ({ viewer }) => {
    await setFaults('fhir', { mode: '500', methods: ['GET'], paths: ['ImagingSelection'] });
    await viewer.open(CT().studyUid);
    await viewer.waitForImage();
    await expect(viewer.roiPanel.getByRole('alert')).toContainText(/could not be loaded.*500.*non-FHIR page/);
    noCrash();
  });

  test('text/html 200 for the search (an SPA fallback): named as a non-FHIR answer', async ({ viewer, page }) => {
    await page.route('**/fhir/ImagingSelection?**', (r) => r.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><html><body><div id="root"></div></body></html>' }));
    await viewer.open(CT().studyUid);
    await viewer.waitForImage();
    await expect(viewer.roiPanel.getByRole('alert')).toContainText(/could not be loaded.*non-FHIR page \(text\/html\)/);
    noCrash();
  });

  test('an OperationOutcome with the wrong content type on save (text/plain 400) is still shown as text', async ({ viewer, page }) => {
    const s = CT();
    await clearSelections(s.studyUid);
    await page.route('**/fhir', (r) =>
      r.request().method() === 'POST'
        ? r.fulfill({ status: 400, contentType: 'text/plain', body: JSON.stringify({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'invalid', diagnostics: 'Bundle.entry[0]: bad <thing>' }] }) })
        : r.continue(),
    );
    await viewer.open(s.studyUid);
    await viewer.waitForImage();
    const c = await viewer.centre();
    await viewer.useTool('Point');
    await viewer.clickAt(c.x - 30, c.y);
    await expect(viewer.roiItems()).toHaveCount(1);
    await viewer.toolbar.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(page.getByRole('alert').first()).toContainText('Bundle.entry[0]: bad <thing>');
    await expect(viewer.saveStatus()).toHaveText('1 unsaved');
    noCrash();
  });
});
