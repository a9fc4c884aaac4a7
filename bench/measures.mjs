// One cold-browser run of the viewer or the bare reference page, the ROI load
// and drag runs, the network floor and the serialization timing.
import http from 'node:http';
import { coldBrowser, memorySampler, scrollByWheel, scrollInPage, waitFirstImage } from './browser.mjs';
import { DRAG_TARGET } from './rois.mjs';
import { median } from './stats.mjs';

const isJs = (u) => /\.m?js(\?|$)/.test(new URL(u).pathname);
const isWasm = (u) => /\.wasm(\?|$)/.test(new URL(u).pathname);
const isFrame = (u) => /\/frames\/\d+/.test(u);

/** gzip bytes serve.mjs sends for a static URL (what the browser transfers cold). */
const gzipSizes = new Map();
async function gzipSize(url) {
  if (!gzipSizes.has(url)) {
    const res = await fetch(url, { headers: { 'Accept-Encoding': 'gzip' } });
    const len = Number(res.headers.get('content-length'));
    const body = await res.arrayBuffer();
    gzipSizes.set(url, Number.isFinite(len) && len > 0 ? len : body.byteLength);
  }
  return gzipSizes.get(url);
}

/**
 * Navigation → first image → scroll to the last slice. Returns timings (ms
 * from navigation start), scroll latencies, memory peaks and the JS/wasm the
 * page loaded (gzip bytes, before the first image and in total).
 */
export async function viewerRun(baseUrl, query, slices, { scroll = true } = {}) {
  const b = await coldBrowser();
  try {
    await b.page.goto(`${baseUrl}/?${query}`, { waitUntil: 'commit' });
    const fi = await waitFirstImage(b.page);
    const firstImageEpoch = fi.origin + fi.t;
    const vp = await b.page.locator('[data-testid="viewport"]').first().boundingBox();
    const out = { firstImage: fi.t, canvas: { width: Math.round(vp.width), height: Math.round(vp.height) } };
    if (scroll) {
      const sampler = memorySampler(b);
      const s = await scrollInPage(b.page, slices);
      Object.assign(out, await sampler.stop());
      if (s.failed || !s.overlay.startsWith(`Image ${slices}/${slices}`)) throw new Error(`scroll ended at "${s.overlay}" with ${s.failed} step(s) not rendered`);
      out.scrollMs = s.total;
      out.fps = ((slices - 1) * 1000) / s.total;
      out.stepLatency = s.lat;
    }
    // Let prefetch finish so "all frames fetched" and "total JS" are complete.
    const deadline = Date.now() + 60_000;
    while (b.requests.filter((r) => isFrame(r.url)).length < slices && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const frames = b.requests.filter((r) => isFrame(r.url)).map((r) => r.end - fi.origin).sort((x, y) => x - y);
    out.allFramesFetched = frames.length >= slices ? frames[slices - 1] : NaN;
    const byUrl = new Map();
    for (const r of b.requests) if (isJs(r.url) || isWasm(r.url)) byUrl.set(r.url, Math.min(byUrl.get(r.url) ?? Infinity, r.end));
    out.jsBeforeFirstImage = 0;
    out.jsTotal = 0;
    out.wasmTotal = 0;
    out.files = [];
    for (const [url, end] of byUrl) {
      const size = await gzipSize(url);
      const name = new URL(url).pathname.split('/').pop();
      out.files.push({ name, gzip: size, beforeFirstImage: end <= firstImageEpoch });
      if (isWasm(url)) out.wasmTotal += size;
      else {
        out.jsTotal += size;
        if (end <= firstImageEpoch) out.jsBeforeFirstImage += size;
      }
    }
    return out;
  } finally {
    await b.close();
  }
}

/** Navigation → every ROI listed in the panel and those on the current image drawn. Optionally a handle drag. */
export async function roiRun(baseUrl, query, { listed, drawn, drag = false }) {
  const b = await coldBrowser();
  try {
    await b.page.goto(`${baseUrl}/?${query}`, { waitUntil: 'commit' });
    const handle = await b.page.waitForFunction(
      ({ listed: n, drawn: d }) => {
        const li = document.querySelectorAll('aside[aria-label="Regions of interest"] .roi-list > li').length;
        // CircleROI draws its outline as an svg <circle> (plus a centre dot).
        const circles = document.querySelectorAll('[data-testid="viewport"] svg circle').length;
        return li >= n && circles >= d ? { t: performance.now(), li, circles } : false;
      },
      { listed, drawn },
      { timeout: 240_000, polling: 'raf' },
    );
    const done = await handle.jsonValue();
    const canvas = await b.page.locator('[data-testid="viewport"] canvas').first().boundingBox();
    const out = { loaded: done.t, listedSeen: done.li, circlesSeen: done.circles, canvas: { width: Math.round(canvas.width), height: Math.round(canvas.height) } };
    if (drag) Object.assign(out, await dragRun(b.page));
    return out;
  } finally {
    await b.close();
  }
}

/**
 * The library's reference for a handle drag: the bare page at the viewer's canvas size with the
 * same circles on image 1 as Cornerstone's own CircleROITool annotations (`circles=`), dragged the
 * same way as in the viewer.
 */
export async function referenceDragRun(baseUrl, query, count) {
  const b = await coldBrowser();
  try {
    await b.page.goto(`${baseUrl}/?${query}`, { waitUntil: 'commit' });
    await b.page.waitForFunction((n) => window.__circlesDrawn === n && document.querySelectorAll('[data-testid="viewport"] svg circle').length >= n, count, { timeout: 240_000, polling: 'raf' });
    return await dragRun(b.page);
  } finally {
    await b.close();
  }
}

/** Drags the edge handle of DRAG_TARGET in 40 small steps; move→annotation-rendered latency and render intervals. */
async function dragRun(page) {
  const box = await page.locator('[data-testid="viewport"] canvas').first().boundingBox();
  const s = Math.min(box.width, box.height) / 512;
  const at = ([x, y]) => ({ x: box.x + box.width / 2 + (x - 256) * s, y: box.y + box.height / 2 + (y - 256) * s });
  await page.evaluate(() => {
    const el = document.querySelector('[data-testid="viewport"]');
    const rec = (window.__drag = { moves: [], renders: [], on: false });
    document.addEventListener('mousemove', () => rec.on && rec.moves.push(performance.now()), true);
    el.addEventListener('CORNERSTONE_TOOLS_ANNOTATION_RENDERED', () => rec.on && rec.renders.push(performance.now()));
  });
  const from = at(DRAG_TARGET.edge);
  await page.mouse.move(from.x - 3, from.y);
  await page.waitForTimeout(300);
  await page.mouse.move(from.x, from.y);
  await page.waitForTimeout(300);
  await page.mouse.down();
  await page.evaluate(() => (window.__drag.on = true));
  for (let i = 1; i <= 40; i++) {
    await page.mouse.move(from.x + i * 2 * s, from.y + (i % 2));
    await page.waitForTimeout(16);
  }
  await page.waitForTimeout(200);
  const rec = await page.evaluate(() => ((window.__drag.on = false), window.__drag));
  await page.mouse.up();
  const latency = [];
  for (const m of rec.moves) {
    const r = rec.renders.find((t) => t >= m);
    if (r !== undefined) latency.push(r - m);
  }
  const frames = rec.renders.slice(1).map((t, i) => t - rec.renders[i]);
  return { dragMoves: rec.moves.length, dragRenders: rec.renders.length, dragLatency: latency, dragFrame: frames };
}

/** The 200 frames fetched by Node, keep-alive, the viewer's Accept header; sequential or `parallel` at a time. */
export async function networkFloor(urls, parallel) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: parallel });
  const get = (url) =>
    new Promise((resolve, reject) => {
      http
        .get(url, { agent, headers: { Accept: 'multipart/related; type="application/octet-stream"; transfer-syntax=*' } }, (res) => {
          let n = 0;
          res.on('data', (d) => (n += d.length));
          res.on('end', () => (res.statusCode === 200 ? resolve(n) : reject(new Error(`${url}: HTTP ${res.statusCode}`))));
          res.on('error', reject);
        })
        .on('error', reject);
    });
  const t0 = performance.now();
  const queue = [...urls];
  let bytes = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      for (let u; (u = queue.shift()); ) bytes += await get(u);
    }),
  );
  const ms = performance.now() - t0;
  agent.destroy();
  return { ms, bytes };
}

/**
 * Serializer + parser vs JSON.stringify + JSON.parse of the same resources,
 * in this process. Mixed shapes (circle, ellipse, 32-point polygon, point).
 */
export function serializationRun(domain, n = 2000) {
  const image = { studyUid: '1.2.3', seriesUid: '1.2.3.4', sopInstanceUid: '1.2.3.4.5', sopClassUid: '1.2.840.10008.5.1.4.1.1.2' };
  const ctx = {
    subject: { reference: 'Patient/p1', identifier: { system: 'urn:oid:1.2.3.4', value: 'MRN-42' } },
    imagingStudyId: 'study-1', studyUid: image.studyUid, seriesUid: image.seriesUid, seriesNumber: 3, frameOfReferenceUid: '1.2.3.9',
    instance: { sopInstanceUid: image.sopInstanceUid, sopClassUid: image.sopClassUid, instanceNumber: 12, rows: 512, columns: 512, numberOfFrames: 1 },
    performer: { reference: 'Practitioner/dr', display: 'Dr Bench' }, issued: '2025-01-02T03:04:05.678Z',
  };
  const index = new Map([[image.sopInstanceUid, { rows: 512, columns: 512, frames: 1, seriesUid: image.seriesUid, sopClassUid: image.sopClassUid }]]);
  const rois = Array.from({ length: n }, (_, i) => {
    const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    const c = [100 + (i % 300), 100 + ((i * 7) % 300)];
    switch (i % 4) {
      case 0: return { id, image, label: `c${i}`, kind: 'circle', points: [c, [c[0] + 10.25, c[1]]] };
      case 1: return { id, image, label: `e${i}`, kind: 'ellipse', points: [[c[0] - 20, c[1]], [c[0] + 20, c[1]], [c[0], c[1] - 10], [c[0], c[1] + 10]] };
      case 2: return { id, image, label: `p${i}`, kind: 'polyline', closed: true, points: Array.from({ length: 32 }, (_, k) => [c[0] + 20 * Math.cos(k / 5.09) + 0.125, c[1] + 20 * Math.sin(k / 5.09)]) };
      default: return { id, image, label: '', kind: 'point', points: [[c[0] + 0.5, c[1] + 0.5]] };
    }
  });
  const time = (f) => {
    const t0 = performance.now();
    const r = f();
    return [performance.now() - t0, r];
  };
  // Interleaved inner repetitions, median of each phase: one GC pause landing
  // in one phase must not decide the ratio.
  const reps = { serialize: [], parse: [], stringify: [], jsonParse: [] };
  let text = [];
  for (let k = 0; k < 7; k++) {
    const [ts, resources] = time(() => rois.map((r) => domain.serializeSelection(r, ctx)));
    const [tp, parsed] = time(() => resources.map((r) => domain.parseSelection(r, index)));
    const bad = parsed.filter((p) => p.rois.length !== 1 || p.issues.some((i) => i.severity === 'error')).length;
    if (bad) throw new Error(`${bad} resource(s) did not round-trip`);
    const [tj, strings] = time(() => resources.map((r) => JSON.stringify(r)));
    const [tjp] = time(() => strings.map((t) => JSON.parse(t)));
    reps.serialize.push(ts);
    reps.parse.push(tp);
    reps.stringify.push(tj);
    reps.jsonParse.push(tjp);
    text = strings;
  }
  const serialize = median(reps.serialize);
  const parse = median(reps.parse);
  const stringify = median(reps.stringify);
  const jsonParse = median(reps.jsonParse);
  return { n, serialize, parse, stringify, jsonParse, domain: serialize + parse, json: stringify + jsonParse, bytes: text.reduce((a, t) => a + t.length, 0) };
}

/**
 * Cold browser → first image → every frame of the stack fetched (prefetch done, so the SEG does not
 * compete with it in one page and not the other) → a trusted click on `trigger` → the SEG's colours on
 * screen. "On screen" is read from pixels in both pages, polled every animation frame: the viewer's
 * segmentation layer has a non-transparent pixel; the bare page's viewport canvas differs from what it
 * showed before the click. Returns the click → shown time, the JS heap before the click and its peak
 * until one second after, and the viewport's CSS size.
 */
export async function segRun(baseUrl, query, { trigger, slices, kind }) {
  const b = await coldBrowser();
  try {
    if (kind === 'reference') {
      // The adapters' SEG reader builds ndarray accessors with Function(), which serve.mjs's CSP
      // (script-src without 'unsafe-eval') refuses; the bare page gets its document without the CSP
      // header here rather than the production server a way to loosen it. The viewer keeps its CSP.
      await b.page.route((u) => u.pathname === '/', async (route) => {
        const response = await route.fetch();
        const headers = { ...response.headers() };
        delete headers['content-security-policy'];
        await route.fulfill({ response, headers });
      });
    }
    await b.page.goto(`${baseUrl}/?${query}`, { waitUntil: 'commit' });
    await waitFirstImage(b.page);
    const deadline = Date.now() + 90_000;
    while (b.requests.filter((r) => isFrame(r.url)).length < slices && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const vp = await b.page.locator('[data-testid="viewport"]').first().boundingBox();
    await b.page.waitForTimeout(500);
    const heapBefore = await b.jsHeap();
    await b.page.evaluate((mode) => {
      const rec = (window.__seg = { clicked: undefined, shown: undefined });
      const hash = (c) => {
        const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
        let h = 0;
        let alpha = 0;
        for (let i = 0; i < data.length; i += 4 * 5) {
          h = (Math.imul(h, 31) + data[i] + data[i + 1] * 3 + data[i + 2] * 7) | 0;
          alpha = Math.max(alpha, data[i + 3]);
        }
        return { h, alpha };
      };
      const main = () => document.querySelector('[data-testid="viewport"] canvas');
      const before = mode === 'reference' ? hash(main()).h : 0;
      const shown = () => {
        if (mode === 'reference') return hash(main()).h !== before;
        const layer = document.querySelector('[data-testid="segmentation-overlay"]');
        return !!layer && layer.width > 0 && hash(layer).alpha > 0;
      };
      window.addEventListener('click', () => (rec.clicked ??= performance.now()), true);
      const tick = () => {
        if (rec.clicked !== undefined && shown()) {
          rec.shown = performance.now();
          return;
        }
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    }, kind);
    const sampler = memorySampler(b, 50);
    await trigger(b.page);
    await b.page.waitForFunction(() => window.__seg.shown !== undefined || document.title.startsWith('SEG failed'), null, { timeout: 120_000, polling: 50 });
    const title = await b.page.title();
    if (title.startsWith('SEG failed')) throw new Error(title);
    await b.page.waitForTimeout(1000);
    const { peakJsHeap, peakPss } = await sampler.stop();
    // To look at what each page showed: BENCH_SEG_SCREENSHOTS=<dir>.
    if (process.env.BENCH_SEG_SCREENSHOTS) await b.page.screenshot({ path: `${process.env.BENCH_SEG_SCREENSHOTS}/seg-${kind}.png` });
    const t = await b.page.evaluate(() => window.__seg);
    return { showMs: t.shown - t.clicked, heapBefore, peakJsHeap, peakPss, canvas: { width: Math.round(vp.width), height: Math.round(vp.height) } };
  } finally {
    await b.close();
  }
}

/**
 * Cold browser → first image → wheel-scroll to the last slice right away (prefetch running: the
 * first pass), then back to the first (every slice cached). Trusted wheel input (scrollByWheel).
 */
export async function wheelRun(baseUrl, query, slices) {
  const b = await coldBrowser();
  try {
    await b.page.goto(`${baseUrl}/?${query}`, { waitUntil: 'commit' });
    await waitFirstImage(b.page);
    const vp = await b.page.locator('[data-testid="viewport"]').first().boundingBox();
    const first = await scrollByWheel(b.page, slices, 1);
    if (first.failed || !first.overlay.startsWith(`Image ${slices}/${slices}`)) throw new Error(`wheel scroll ended at "${first.overlay}" with ${first.failed} notch(es) not rendered`);
    const cached = await scrollByWheel(b.page, slices, -1);
    if (cached.failed || !cached.overlay.startsWith(`Image 1/${slices}`)) throw new Error(`wheel scroll back ended at "${cached.overlay}" with ${cached.failed} notch(es) not rendered`);
    const fps = (r) => ((slices - 1) * 1000) / r.total;
    return { canvas: { width: Math.round(vp.width), height: Math.round(vp.height) }, fps: fps(first), cachedFps: fps(cached), latency: first.lat, cachedLatency: cached.lat };
  } finally {
    await b.close();
  }
}
