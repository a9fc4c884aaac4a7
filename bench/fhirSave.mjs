// Issue "any FHIR R5 server": saving one resource at a time against one transaction, and the
// History view against the raw _history Bundles. Both on the same server, in the same run.
import crypto from 'node:crypto';
import { coldBrowser } from './browser.mjs';
import * as R from './rois.mjs';

const FHIR_JSON = 'application/fhir+json';

/** n new bench ROIs as the viewer's save changes (conditional creates on the ROI's identifier). */
function newChanges(domain, study, refs, n) {
  const list = R.benchRois(study, n).map((x) => ({ ...x, roi: { ...x.roi, id: crypto.randomUUID() } }));
  return R.toResources(domain, study, refs, list).map((resource, i) => ({
    op: 'create',
    resource,
    identifier: { system: 'urn:ietf:rfc:3986', value: `urn:uuid:${list[i].roi.id}` },
  }));
}

/**
 * Saves n new ROIs with the viewer's own client code, once as one transaction and once per
 * resource (pipelined, at most 4 at a time), each from an empty study; the order alternates
 * between runs so that neither always meets a warmer server.
 */
export async function saveComparison(domain, base, study, refs, n, runIndex) {
  const client = new domain.FhirClient({ baseUrl: base, fetch: (u, i) => fetch(u, i) });
  const out = {};
  const modes = runIndex % 2 === 0 ? ['transaction', 'perResource'] : ['perResource', 'transaction'];
  for (const mode of modes) {
    await R.removeAll(base, study.studyUid);
    const changes = newChanges(domain, study, refs, n);
    const t0 = performance.now();
    const saved = await domain.saveChanges(client, changes, { transaction: mode === 'transaction', conditionalCreate: true });
    out[mode] = performance.now() - t0;
    if (saved.filter((s) => s.status === 201).length !== n) throw new Error(`${mode}: expected ${n} creates`);
  }
  await R.removeAll(base, study.studyUid);
  return out;
}

async function fhir(base, method, path, body, headers = {}) {
  const res = await fetch(`${base}/${path}`, { method, headers: { Accept: FHIR_JSON, 'Content-Type': FHIR_JSON, ...headers }, body: body && JSON.stringify(body) });
  const json = await res.json();
  if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status}`);
  return json;
}

/** One ROI on the first image of `sample` with `versions` versions (the label changes each time). */
export async function seedHistory(domain, base, sample, refs, versions) {
  const series = sample.series[0];
  const inst = series.instances[0];
  const roi = { id: crypto.randomUUID(), kind: 'circle', label: 'v1', image: { studyUid: sample.studyUid, seriesUid: series.seriesUid, sopInstanceUid: inst.sopInstanceUid, sopClassUid: inst.sopClassUid }, points: [[inst.columns / 2, inst.rows / 2], [inst.columns / 2 + 10, inst.rows / 2]] };
  const study = { ...sample, series: [{ ...series, seriesNumber: 1, frameOfReferenceUid: undefined }] };
  const [resource] = R.toResources(domain, study, refs, [{ roi, series: study.series[0], inst }]);
  let stored = await fhir(base, 'POST', 'ImagingSelection', resource);
  for (let v = 2; v <= versions; v++) {
    stored = await fhir(base, 'PUT', `ImagingSelection/${stored.id}`, { ...stored, category: [{ text: `v${v}` }] }, { 'If-Match': `W/"${stored.meta.versionId}"` });
  }
  return { id: stored.id, roiId: roi.id };
}

/** The network reference: the same _history pages through serve.mjs, bodies read, not parsed. */
export async function fetchHistoryBundles(viewerUrl, id) {
  const t0 = performance.now();
  let url = `${viewerUrl}/fhir/ImagingSelection/${id}/_history`;
  for (;;) {
    const res = await fetch(url, { headers: { Accept: FHIR_JSON, 'Cache-Control': 'no-cache', 'Accept-Encoding': 'gzip' } });
    const text = await res.text();
    if (!res.ok) throw new Error(`_history: HTTP ${res.status}`);
    const next = /"relation":\s*"next",\s*"url":\s*"([^"]+)"/.exec(text)?.[1];
    if (!next) break;
    const u = new URL(next.replace(/\\u0026/g, '&'));
    url = `${viewerUrl}${u.pathname}${u.search}`;
  }
  return performance.now() - t0;
}

/** Click "History" on the selected ROI → every version listed, timed in the page. */
export async function historyRun(viewerUrl, studyUid, versions) {
  const b = await coldBrowser();
  try {
    await b.page.goto(`${viewerUrl}/?StudyInstanceUIDs=${studyUid}`);
    const item = b.page.locator('aside[aria-label="Regions of interest"] .roi-list > li').first();
    await item.waitFor({ timeout: 120_000 });
    await item.getByRole('button').first().click();
    const button = b.page.getByRole('button', { name: 'History of the selected region' });
    await button.waitFor();
    await b.page.evaluate(() => {
      const btn = [...document.querySelectorAll('button')].find((x) => x.textContent === 'History of the selected region');
      btn.addEventListener('click', () => (window.__historyClick = performance.now()), { capture: true, once: true });
    });
    await button.click();
    const handle = await b.page.waitForFunction(
      (n) => {
        const rows = document.querySelectorAll('section.history-panel tbody tr').length;
        return rows >= n ? performance.now() - window.__historyClick : false;
      },
      versions,
      { timeout: 120_000, polling: 'raf' },
    );
    return await handle.jsonValue();
  } finally {
    await b.close();
  }
}
