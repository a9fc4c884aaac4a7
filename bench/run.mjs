#!/usr/bin/env node
// npm run bench [-- --runs 5] [--scale-runs N] [--skip-scaling] [--skip-rois] [--skip-fhir] [--skip-seg] [--skip-wheel] [--only-fhir] [--only-ig] [--only-seg] [--only-wheel] [--profile dev|test] [--keep-rois] [--no-append] [--note "text"]
// Drives the production build (vite build → serve.mjs) in Debian's Chromium
// (SwiftShader WebGL, a cold profile per run) against the dev stack, next to
// references measured in the same run; writes bench/results/<stamp>.json and
// .md and appends a summary to BENCHMARKS.md. Not part of npm test.
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../stack/lib/paths.mjs';
import * as S from './stack.mjs';
import * as R from './rois.mjs';
import * as F from './fhirSave.mjs';
import * as G from './igGraph.mjs';
import { networkFloor, referenceDragRun, roiRun, segRun, serializationRun, viewerRun, wheelRun } from './measures.mjs';
import { fmtBytes, fmtMs, fmtRatio, fmtSummary, fmtTarget, growthExponent, mdTable, ratio, summarize, verdict } from './stats.mjs';

const argv = process.argv.slice(2);
const flag = (f) => argv.includes(f);
const opt = (f, d) => (argv.includes(f) ? argv[argv.indexOf(f) + 1] : d);
const RUNS = Math.max(1, Number(opt('--runs', 5)));
const SCALE_RUNS = Math.max(1, Number(opt('--scale-runs', RUNS)));
const VIEWER_PORT = 5190;
const REFERENCE_PORT = 5191;
const ROI_STAGES = [100, 1000, 5000];
const { log } = S;

const results = { date: new Date().toISOString(), runs: RUNS, machine: { cpus: (await import('node:os')).cpus().length, node: process.version }, measures: {} };
const stamp = results.date.replace(/[:.]/g, '-').slice(0, 19);
const M = results.measures;
const sum = (xs) => summarize(xs);

/**
 * Lets timers run after a long synchronous phase (the in-process serializers). While the event loop
 * is blocked, undici cannot retire keep-alive sockets the FHIR server has meanwhile closed, and the
 * next request on one fails with "fetch failed": the reason the FHIR save bench never got through.
 */
const idle = () => new Promise((r) => setTimeout(r, 1100));

async function repeat(n, label, f) {
  const out = [];
  for (let i = 0; i < n; i++) {
    out.push(await f(i));
    process.stdout.write(`[bench] ${label}: run ${i + 1}/${n} done\n`);
    await idle();
  }
  return out;
}

/** The IG resource graph (bench/igGraph.mjs): serialise + parse in Node, and a save against Node posting the same Bundle. */
async function igGraph(domain, p, manifest) {
  // FHIR first: a long in-process phase before it lets the server close idle keep-alive sockets under undici.
  if (!flag('--skip-fhir')) {
    // A sample study the stack seeds (Patient + ImagingStudy): the IG profiles need both.
    const sample = manifest.find((s) => s.key === 'ct-small');
    const refs = await R.studyRefs(p.fhirUrl, sample);
    await G.igSaveComparison(domain, p.fhirUrl, sample, refs, 20, 0); // warm-up (JIT, HAPI caches)
    const saves = await repeat(RUNS, 'save 100 ROIs with Observations: viewer vs Node, same Bundle', (i) => G.igSaveComparison(domain, p.fhirUrl, sample, refs, 100, i));
    M.igSave100 = { entries: saves[0].entries, viewer: sum(saves.map((r) => r.viewer)), node: sum(saves.map((r) => r.node)) };
  }
  await G.igSerializationRun(domain, 200); // warm-up (JIT)
  await idle();
  const ser = await repeat(RUNS, 'IG graph serialization', async () => G.igSerializationRun(domain, 2000));
  M.igSerialization = { n: 2000, resources: ser[0].resources, bytes: ser[0].bytes, domain: sum(ser.map((s) => s.domain)), json: sum(ser.map((s) => s.json)), serialize: sum(ser.map((s) => s.serialize)), parse: sum(ser.map((s) => s.parse)) };
}

async function main() {
  const { p, started, manifest } = await S.ensureStack(opt('--profile', 'dev'));
  if (flag('--only-ig')) {
    try {
      log('building the domain bundle...');
      await igGraph(await S.buildDomain(), p, manifest);
    } finally {
      await S.stopStarted(p, started);
    }
    write();
    return;
  }
  if (flag('--only-seg') || flag('--only-wheel')) {
    const servers = [];
    try {
      log('building the viewer (production) and the reference page...');
      await Promise.all([S.buildViewer(), S.buildReference()]);
      servers.push(await S.serve(S.VIEWER_DIST, VIEWER_PORT, p), await S.serve(S.REFERENCE_DIST, REFERENCE_PORT, p));
      if (flag('--only-seg')) await segMeasure(servers[0], servers[1], manifest);
      if (flag('--only-wheel')) await wheelMeasure(servers[0], servers[1], manifest);
    } finally {
      for (const s of servers) await s.stop();
      await S.stopStarted(p, started);
    }
    write();
    return;
  }
  const servers = [];
  try {
    log('building the viewer (production), the reference page and the domain bundle...');
    await Promise.all([S.buildViewer(), S.buildReference()]);
    const domain = await S.buildDomain();
    const study = await S.ensureBenchStudy(p);
    const viewer = await S.serve(S.VIEWER_DIST, VIEWER_PORT, p);
    servers.push(viewer);
    const reference = await S.serve(S.REFERENCE_DIST, REFERENCE_PORT, p);
    servers.push(reference);
    const refs = await R.studyRefs(p.fhirUrl, study);
    // Nothing from an interrupted earlier run may slow the image measures down.
    await R.removeAll(p.fhirUrl, study.studyUid);

    const ONLY_FHIR = flag('--only-fhir');
    // ---- network floor: the ct-200 frames by Node through serve.mjs
    const ct = manifest.find((s) => s.key === 'ct-200');
    if (!ONLY_FHIR) {
      const frameUrls = ct.series[0].instances.map((i) => `${viewer.url}/dicom-web/studies/${ct.studyUid}/series/${ct.series[0].seriesUid}/instances/${i.sopInstanceUid}/frames/1`);
      await networkFloor(frameUrls, 6); // warm Orthanc's storage cache, as the browser runs also find it warm
      M.networkFloor = {
        sequential: sum((await repeat(RUNS, 'network floor, sequential', () => networkFloor(frameUrls, 1))).map((r) => r.ms)),
        parallel6: sum((await repeat(RUNS, 'network floor, 6 parallel', () => networkFloor(frameUrls, 6))).map((r) => r.ms)),
      };

      // ---- ct-200: viewer vs bare reference, interleaved so drift hits both
      // The series named: ct-200 also holds SEG series, and QIDO's order is the archive's, so the bare
      // page's "first series" could be a one-frame SEG (it then never reached slice 200).
      const ctImages = ct.series.find((s) => s.isImage && s.modality === 'CT');
      const q = `StudyInstanceUIDs=${ct.studyUid}&SeriesInstanceUIDs=${ctImages.seriesUid}`;
      const vRuns = [];
      const rRuns = [];
      await repeat(RUNS, 'ct-200 viewer + reference', async () => {
        vRuns.push(await viewerRun(viewer.url, q, 200));
        // The bare page at the viewer's canvas size: as many pixels rendered per slice.
        rRuns.push(await viewerRun(reference.url, `${q}&size=${vRuns[0].canvas.width}x${vRuns[0].canvas.height}`, 200));
      });
      M.ct200 = { viewer: digest(vRuns), reference: digest(rRuns), files: vRuns[0].files, referenceFiles: rRuns[0].files, canvas: vRuns[0].canvas, referenceCanvas: rRuns[0].canvas };

      // ---- wheel scrolling, trusted input, same canvas size
      if (!flag('--skip-wheel')) await wheelMeasure(viewer, reference, manifest);

      // ---- a 3-segment SEG over ct-200: viewer vs the adapters on the bare page
      if (!flag('--skip-seg')) await segMeasure(viewer, reference, manifest);

      // ---- slices 50 → 200 → 500 (bench study)
      if (!flag('--skip-scaling')) {
        M.slices = {};
        for (const series of study.series) {
          const sq = `StudyInstanceUIDs=${study.studyUid}&SeriesInstanceUIDs=${series.seriesUid}`;
          const v = [];
          const r = [];
          await repeat(SCALE_RUNS, `${series.slices} slices viewer + reference`, async () => {
            v.push(await viewerRun(viewer.url, sq, series.slices));
            r.push(await viewerRun(reference.url, sq, series.slices));
          });
          M.slices[series.slices] = { viewer: digest(v), reference: digest(r) };
        }
      }

      // ---- ROIs 100 → 1,000 → 5,000 on the bench study (seeded cumulatively)
      if (!flag('--skip-rois')) {
        M.rois = {};
        const all = R.benchRois(study, ROI_STAGES[ROI_STAGES.length - 1]);
        const s200 = study.series.find((s) => s.slices === 200);
        const rq = `StudyInstanceUIDs=${study.studyUid}&SeriesInstanceUIDs=${s200.seriesUid}`;
        let seeded = 0;
        try {
          for (const n of ROI_STAGES) {
            const t0 = performance.now();
            await R.seed(p.fhirUrl, R.toResources(domain, study, refs, all.slice(seeded, n)));
            log(`seeded ${n - seeded} ImagingSelections in ${fmtMs(performance.now() - t0)}`);
            seeded = n;
            const drawn = R.onFirstImage(all, n);
            const circles = R.circlesOnFirstImage(all, n);
            const fetches = [];
            const loads = [];
            const refDrags = [];
            await repeat(RUNS, `${n} ROIs`, async () => {
              const f = await R.fetchSearchBundles(viewer.url, study.studyUid);
              if (f.count !== n) throw new Error(`search returned ${f.count} of ${n} ROIs`);
              fetches.push(f.ms);
              const l = await roiRun(viewer.url, rq, { listed: n, drawn, drag: n <= 1000 });
              loads.push(l);
              // The same circles as the library's own annotations, on the bare page at the viewer's canvas size.
              if (n <= 1000) refDrags.push(await referenceDragRun(reference.url, `${rq}&size=${l.canvas.width}x${l.canvas.height}&circles=${circles}`, drawn));
            });
            M.rois[n] = {
              drawnOnImage: drawn,
              fetchBundles: sum(fetches),
              listedAndDrawn: sum(loads.map((l) => l.loaded)),
              circlesSeen: loads[0].circlesSeen,
              ...(loads[0].dragLatency ? { dragLatency: sum(loads.flatMap((l) => l.dragLatency)), dragFrame: sum(loads.flatMap((l) => l.dragFrame)), dragRendersPerRun: sum(loads.map((l) => l.dragRenders)) } : {}),
              ...(refDrags.length
                ? { canvas: loads[0].canvas, referenceDragLatency: sum(refDrags.flatMap((l) => l.dragLatency)), referenceDragFrame: sum(refDrags.flatMap((l) => l.dragFrame)), referenceDragRendersPerRun: sum(refDrags.map((l) => l.dragRenders)) }
                : {}),
            };
          }
        } finally {
          if (!flag('--keep-rois')) log(`removed ${await R.removeAll(p.fhirUrl, study.studyUid)} bench ImagingSelections`);
        }
      }
    }

    // ---- serialization (Node, in-process)
    if (!ONLY_FHIR) {
      serializationRun(domain, 500); // warm-up (JIT)
      const ser = await repeat(RUNS, 'serialization', async () => serializationRun(domain, 2000));
      M.serialization = { n: 2000, domain: sum(ser.map((s) => s.domain)), json: sum(ser.map((s) => s.json)), serialize: sum(ser.map((s) => s.serialize)), parse: sum(ser.map((s) => s.parse)), stringify: sum(ser.map((s) => s.stringify)), jsonParse: sum(ser.map((s) => s.jsonParse)), bytes: ser[0].bytes };
    }

    // ---- the IG resource graph: serialise + parse, and saving with Observations
    await igGraph(domain, p, manifest);

    // ---- saving without transactions, and the History view (same server, same run)
    if (!flag('--skip-fhir')) {
      await F.saveComparison(domain, p.fhirUrl, study, refs, 20, 0); // warm-up (JIT, HAPI caches)
      const saves = await repeat(RUNS, 'save 100 ROIs: transaction vs per resource', (i) => F.saveComparison(domain, p.fhirUrl, study, refs, 100, i));
      M.save100 = { transaction: sum(saves.map((r) => r.transaction)), perResource: sum(saves.map((r) => r.perResource)) };
      const small = { ...manifest.find((s) => s.key === 'ct-small'), patientIdSystem: study.patientIdSystem };
      const smallRefs = await R.studyRefs(p.fhirUrl, small);
      await R.removeAll(p.fhirUrl, small.studyUid);
      const { id } = await F.seedHistory(domain, p.fhirUrl, small, smallRefs, 50);
      try {
        const listed = [];
        const fetched = [];
        await repeat(RUNS, 'history of an ROI with 50 versions', async () => {
          fetched.push(await F.fetchHistoryBundles(viewer.url, id));
          listed.push(await F.historyRun(viewer.url, small.studyUid, 50));
        });
        M.history50 = { listed: sum(listed), fetchBundles: sum(fetched) };
      } finally {
        await R.removeAll(p.fhirUrl, small.studyUid);
      }
    }
  } finally {
    for (const s of servers) await s.stop();
    await S.stopStarted(p, started);
  }
  write();
}

/**
 * Scrolling ct-200 with the mouse wheel (trusted input, one notch per slice, each after the previous
 * slice rendered), first pass and back over cached slices, viewer vs the bare page at the viewer's
 * canvas size (measured in the viewer's first run). Interleaved.
 */
async function wheelMeasure(viewer, reference, manifest) {
  const ct = manifest.find((s) => s.key === 'ct-200');
  const image = ct.series.find((s) => s.modality === 'CT');
  const q = `StudyInstanceUIDs=${ct.studyUid}&SeriesInstanceUIDs=${image.seriesUid}`;
  const slices = image.instances.length;
  const v = [];
  const r = [];
  await repeat(RUNS, 'ct-200 wheel scroll: viewer + reference', async () => {
    v.push(await wheelRun(viewer.url, q, slices));
    r.push(await wheelRun(reference.url, `${q}&size=${v[0].canvas.width}x${v[0].canvas.height}`, slices));
  });
  const digestWheel = (runs) => ({ fps: sum(runs.map((x) => x.fps)), cachedFps: sum(runs.map((x) => x.cachedFps)), latency: sum(runs.flatMap((x) => x.latency)), cachedLatency: sum(runs.flatMap((x) => x.cachedLatency)) });
  M.wheel = { slices, canvas: v[0].canvas, referenceCanvas: r[0].canvas, viewer: digestWheel(v), reference: digestWheel(r) };
}

/**
 * Time and heap to show the ct-200 sample's 3-segment SEG (highdicom, stack/samples/derived) over the
 * CT, from a click: the viewer's Series button against the bare page's "Show SEG" button, which loads
 * it with @cornerstonejs/adapters into a labelmap segmentation. The bare page's viewport is sized to
 * the viewer's canvas, measured in the viewer's first run. Interleaved, so drift hits both.
 */
async function segMeasure(viewer, reference, manifest) {
  const ct = manifest.find((s) => s.key === 'ct-200');
  const image = ct.series.find((s) => s.modality === 'CT');
  const seg = ct.series.find((s) => s.description === 'Phantom segmentation (SEG)');
  if (!image || !seg) throw new Error('ct-200 has no SEG series in the manifest: run npm run setup');
  const q = `StudyInstanceUIDs=${ct.studyUid}&SeriesInstanceUIDs=${image.seriesUid}`;
  const slices = image.instances.length;
  const segButton = /Phantom segmentation/;
  const v = [];
  const r = [];
  await repeat(RUNS, 'SEG over ct-200: viewer + adapters reference', async () => {
    v.push(await segRun(viewer.url, q, { kind: 'viewer', slices, trigger: (page) => page.getByRole('navigation', { name: 'Series' }).getByRole('button', { name: segButton }).click() }));
    const { width, height } = v[0].canvas;
    r.push(await segRun(reference.url, `${q}&seg=${seg.seriesUid}&size=${width}x${height}`, { kind: 'reference', slices, trigger: (page) => page.locator('#show-seg').click() }));
  });
  const pick = (runs, k) => sum(runs.map((x) => x[k]));
  M.seg = {
    canvas: v[0].canvas,
    referenceCanvas: r[0].canvas,
    viewer: { showMs: pick(v, 'showMs'), peakJsHeap: pick(v, 'peakJsHeap'), heapBefore: pick(v, 'heapBefore'), peakPss: pick(v, 'peakPss') },
    reference: { showMs: pick(r, 'showMs'), peakJsHeap: pick(r, 'peakJsHeap'), heapBefore: pick(r, 'heapBefore'), peakPss: pick(r, 'peakPss') },
  };
}

/** Summaries of a list of viewerRun results. */
function digest(runs) {
  const pick = (k) => sum(runs.map((r) => r[k]));
  return {
    firstImage: pick('firstImage'),
    fps: pick('fps'),
    scrollMs: pick('scrollMs'),
    stepLatency: sum(runs.flatMap((r) => r.stepLatency ?? [])),
    stepLatencyP95PerRun: sum(runs.map((r) => summarize(r.stepLatency ?? []).p95)),
    allFramesFetched: pick('allFramesFetched'),
    peakJsHeap: pick('peakJsHeap'),
    peakPss: pick('peakPss'),
    jsBeforeFirstImage: pick('jsBeforeFirstImage'),
    jsTotal: pick('jsTotal'),
    wasmTotal: pick('wasmTotal'),
  };
}

// Issue 19's targets where it sets one (first image, heap, ROIs, drag, wheel scroll); the older ones otherwise.
const TARGETS = {
  firstImage: { max: 0.8 },
  fps: { min: 0.9 },
  rois1000: { max: 1.5 },
  drag: { max: 1.2 },
  serialization: { max: 3 },
  igSerialization: { max: 3 },
  igSave: { max: 1.3 },
  perResourceSave: { max: 1.5 },
  history50: { max: 1.5 },
  heap: { max: 1.3 },
  segShow: { max: 1.5 },
  wheelFps: { min: 1.0 },
  segHeap: { max: 1.3 },
};

function report() {
  const rows = [];
  const row = (what, value, ref, refName, r, target) => rows.push([what, value, `${ref} (${refName})`, fmtRatio(r), fmtTarget(target), verdict(r, target)]);
  const v = M.ct200?.viewer;
  const b = M.ct200?.reference;
  if (v && b) {
    row('Time to first image, ct-200', fmtSummary(v.firstImage), fmtSummary(b.firstImage), `bare Cornerstone3D page, ${M.ct200.referenceCanvas ? `${M.ct200.referenceCanvas.width}×${M.ct200.referenceCanvas.height}` : 'same'} canvas`, ratio(v.firstImage.median, b.firstImage.median), TARGETS.firstImage);
    row('Scroll rate, 200 slices (fps)', fmtSummary(v.fps, (x) => x.toFixed(1)), fmtSummary(b.fps, (x) => x.toFixed(1)), 'bare page', ratio(v.fps.median, b.fps.median), TARGETS.fps);
    row('Input → slice rendered, median', fmtMs(v.stepLatency.median), fmtMs(b.stepLatency.median), 'bare page', ratio(v.stepLatency.median, b.stepLatency.median));
    row('Input → slice rendered, p95', fmtMs(v.stepLatency.p95), fmtMs(b.stepLatency.p95), 'bare page', ratio(v.stepLatency.p95, b.stepLatency.p95));
    row('All 200 frames fetched (from navigation)', fmtSummary(v.allFramesFetched), fmtSummary(M.networkFloor.parallel6), 'Node, keep-alive, 6 parallel', ratio(v.allFramesFetched.median, M.networkFloor.parallel6.median));
    row('  same, bare page', fmtSummary(b.allFramesFetched), fmtSummary(M.networkFloor.parallel6), 'Node, 6 parallel', ratio(b.allFramesFetched.median, M.networkFloor.parallel6.median));
    row('  Node sequential', fmtSummary(M.networkFloor.sequential), fmtSummary(M.networkFloor.parallel6), 'Node, 6 parallel', ratio(M.networkFloor.sequential.median, M.networkFloor.parallel6.median));
    rows.push(['JS before first image (gzip)', fmtBytes(v.jsBeforeFirstImage.median), `${fmtBytes(b.jsBeforeFirstImage.median)} (bare page)`, fmtRatio(ratio(v.jsBeforeFirstImage.median, b.jsBeforeFirstImage.median)), '≤ 1.0 MB', v.jsBeforeFirstImage.median <= 1.0e6 ? 'pass' : 'FAIL']);
    row('JS in total (gzip); wasm ' + fmtBytes(v.wasmTotal.median), fmtBytes(v.jsTotal.median), fmtBytes(b.jsTotal.median), 'bare page', ratio(v.jsTotal.median, b.jsTotal.median));
    row('Peak JS heap during scroll (main thread)', fmtSummary(v.peakJsHeap, fmtBytes), fmtSummary(b.peakJsHeap, fmtBytes), 'bare page', ratio(v.peakJsHeap.median, b.peakJsHeap.median), TARGETS.heap);
    row('Peak Chromium memory (PSS, all processes)', fmtSummary(v.peakPss, fmtBytes), fmtSummary(b.peakPss, fmtBytes), 'bare page', ratio(v.peakPss.median, b.peakPss.median));
  }
  const w = M.wheel;
  if (w) {
    const ref = `bare page, ${w.referenceCanvas.width}×${w.referenceCanvas.height} canvas, same wheel input`;
    row(`Wheel scroll, ${w.slices} slices, first pass (fps; viewer canvas ${w.canvas.width}×${w.canvas.height})`, fmtSummary(w.viewer.fps, (x) => x.toFixed(1)), fmtSummary(w.reference.fps, (x) => x.toFixed(1)), ref, ratio(w.viewer.fps.median, w.reference.fps.median), TARGETS.wheelFps);
    row('Wheel scroll back over cached slices (fps)', fmtSummary(w.viewer.cachedFps, (x) => x.toFixed(1)), fmtSummary(w.reference.cachedFps, (x) => x.toFixed(1)), ref, ratio(w.viewer.cachedFps.median, w.reference.cachedFps.median), TARGETS.wheelFps);
    row('  wheel event → slice rendered, median (first pass)', fmtMs(w.viewer.latency.median), fmtMs(w.reference.latency.median), 'same bare page', ratio(w.viewer.latency.median, w.reference.latency.median));
    row('  wheel event → slice rendered, median (cached)', fmtMs(w.viewer.cachedLatency.median), fmtMs(w.reference.cachedLatency.median), 'same bare page', ratio(w.viewer.cachedLatency.median, w.reference.cachedLatency.median));
  }
  const sg = M.seg;
  if (sg) {
    const ref = `bare Cornerstone3D + @cornerstonejs/adapters, ${sg.referenceCanvas.width}×${sg.referenceCanvas.height} canvas`;
    row(`Show a 3-segment SEG over ct-200, click → on screen (viewer canvas ${sg.canvas.width}×${sg.canvas.height})`, fmtSummary(sg.viewer.showMs), fmtSummary(sg.reference.showMs), ref, ratio(sg.viewer.showMs.median, sg.reference.showMs.median), TARGETS.segShow);
    row('Peak JS heap with the SEG shown (main thread)', fmtSummary(sg.viewer.peakJsHeap, fmtBytes), fmtSummary(sg.reference.peakJsHeap, fmtBytes), 'same bare page', ratio(sg.viewer.peakJsHeap.median, sg.reference.peakJsHeap.median), TARGETS.segHeap);
    row('  JS heap before the click', fmtSummary(sg.viewer.heapBefore, fmtBytes), fmtSummary(sg.reference.heapBefore, fmtBytes), 'same bare page', ratio(sg.viewer.heapBefore.median, sg.reference.heapBefore.median));
    row('  Peak Chromium memory with the SEG shown (PSS)', fmtSummary(sg.viewer.peakPss, fmtBytes), fmtSummary(sg.reference.peakPss, fmtBytes), 'same bare page', ratio(sg.viewer.peakPss.median, sg.reference.peakPss.median));
  }
  for (const n of Object.keys(M.rois ?? {})) {
    const r = M.rois[n];
    row(`${Number(n).toLocaleString('en')} ROIs listed + ${r.drawnOnImage} drawn`, fmtSummary(r.listedAndDrawn), fmtSummary(r.fetchBundles), 'fetch their search Bundles (Node)', ratio(r.listedAndDrawn.median, r.fetchBundles.median), n === '1000' || n === '5000' ? TARGETS.rois1000 : undefined);
    const bare = `bare page, same ${r.drawnOnImage} circles as CircleROITool annotations${r.canvas ? `, ${r.canvas.width}×${r.canvas.height}` : ''}`;
    if (r.dragFrame && r.referenceDragFrame) row(`Handle drag, ${r.drawnOnImage} ROIs on image: frame time`, `${fmtMs(r.dragFrame.median)} (p95 ${fmtMs(r.dragFrame.p95)})`, `${fmtMs(r.referenceDragFrame.median)} (p95 ${fmtMs(r.referenceDragFrame.p95)})`, bare, ratio(r.dragFrame.median, r.referenceDragFrame.median), TARGETS.drag);
    else if (r.dragFrame) row(`Handle drag, ${r.drawnOnImage} ROIs on image: frame time`, `${fmtMs(r.dragFrame.median)} (p95 ${fmtMs(r.dragFrame.p95)})`, fmtMs(1000 / 60), '60 Hz frame budget', ratio(r.dragFrame.median, 1000 / 60));
    if (r.dragLatency && r.referenceDragLatency) row(`Handle drag, ${r.drawnOnImage} ROIs: move → drawn`, `${fmtMs(r.dragLatency.median)} (p95 ${fmtMs(r.dragLatency.p95)})`, `${fmtMs(r.referenceDragLatency.median)} (p95 ${fmtMs(r.referenceDragLatency.p95)})`, bare, ratio(r.dragLatency.median, r.referenceDragLatency.median));
    else if (r.dragLatency) row(`Handle drag, ${r.drawnOnImage} ROIs: move → drawn`, `${fmtMs(r.dragLatency.median)} (p95 ${fmtMs(r.dragLatency.p95)})`, fmtMs(1000 / 60), '60 Hz frame budget', ratio(r.dragLatency.median, 1000 / 60));
  }
  const s = M.serialization;
  if (s) row(`Serializer + parser, ${s.n} resources`, fmtSummary(s.domain), fmtSummary(s.json), 'JSON.stringify + JSON.parse', ratio(s.domain.median, s.json.median), TARGETS.serialization);
  const g = M.igSerialization;
  if (g) row(`IG graph serialise + parse, ${g.n.toLocaleString('en')} ROIs (${g.resources.toLocaleString('en')} resources, ${fmtBytes(g.bytes)})`, fmtSummary(g.domain), fmtSummary(g.json), 'JSON.stringify + JSON.parse', ratio(g.domain.median, g.json.median), TARGETS.igSerialization);
  if (M.igSave100) row(`Save 100 new ROIs with Observations (${M.igSave100.entries} entries, one transaction)`, fmtSummary(M.igSave100.viewer), fmtSummary(M.igSave100.node), 'Node posting the same Bundle', ratio(M.igSave100.viewer.median, M.igSave100.node.median), TARGETS.igSave);
  if (M.save100) row('Save 100 new ROIs, one request per resource (≤ 4 at once)', fmtSummary(M.save100.perResource), fmtSummary(M.save100.transaction), 'one transaction, same client and server', ratio(M.save100.perResource.median, M.save100.transaction.median), TARGETS.perResourceSave);
  if (M.history50) row('History of an ROI with 50 versions listed (click → rows)', fmtSummary(M.history50.listed), fmtSummary(M.history50.fetchBundles), 'fetch its _history Bundles (Node)', ratio(M.history50.listed.median, M.history50.fetchBundles.median), TARGETS.history50);
  const lines = [mdTable(['Measure', 'Viewer (median, min–max)', 'Reference (same run)', 'Ratio', 'Target', ''], rows)];

  if (M.slices) {
    const ks = Object.keys(M.slices).map(Number).sort((a, c) => a - c);
    const srows = ks.map((k) => {
      const x = M.slices[k];
      return [k, fmtMs(x.viewer.firstImage.median), fmtMs(x.reference.firstImage.median), fmtRatio(ratio(x.viewer.firstImage.median, x.reference.firstImage.median)), x.viewer.fps.median.toFixed(1), x.reference.fps.median.toFixed(1), fmtRatio(ratio(x.viewer.fps.median, x.reference.fps.median)), fmtMs(x.viewer.allFramesFetched.median), fmtBytes(x.viewer.peakJsHeap.median), fmtBytes(x.reference.peakJsHeap.median), fmtBytes(x.viewer.peakPss.median)];
    });
    const g = (f) => ks.slice(1).map((k, i) => `${ks[i]}→${k}: ${growthExponent(ks[i], f(M.slices[ks[i]]), k, f(M.slices[k])).toFixed(2)}`).join(', ');
    lines.push('', 'Slices (bench study, 512×512 CT):', '', mdTable(['Slices', 'First image', 'bare', 'ratio', 'fps', 'bare fps', 'ratio', 'all frames fetched', 'peak heap', 'bare heap', 'peak PSS'], srows));
    lines.push('', `Growth exponents (1 = linear): first image ${g((x) => x.viewer.firstImage.median)}; all frames fetched ${g((x) => x.viewer.allFramesFetched.median)}; scroll time ${g((x) => x.viewer.scrollMs.median)}; peak heap ${g((x) => x.viewer.peakJsHeap.median)}.`);
  }
  if (M.rois) {
    const ks = Object.keys(M.rois).map(Number).sort((a, c) => a - c);
    const g = (f) => ks.slice(1).map((k, i) => `${ks[i]}→${k}: ${growthExponent(ks[i], f(M.rois[ks[i]]), k, f(M.rois[k])).toFixed(2)}`).join(', ');
    lines.push('', `ROI growth exponents: listed+drawn ${g((x) => x.listedAndDrawn.median)}; fetch Bundles ${g((x) => x.fetchBundles.median)}.`);
  }
  if (M.ct200) {
    const f = M.ct200.files.map((x) => `${x.name} ${fmtBytes(x.gzip)}${x.beforeFirstImage ? '' : ' (after first image)'}`).join('; ');
    lines.push('', `Files the viewer loaded (gzip): ${f}.`);
  }
  return lines.join('\n');
}

function write() {
  const dir = path.join(ROOT, 'bench', 'results');
  fs.mkdirSync(dir, { recursive: true });
  const md = report();
  fs.writeFileSync(path.join(dir, `${stamp}.json`), JSON.stringify(results, null, 1));
  fs.writeFileSync(path.join(dir, `${stamp}.md`), md + '\n');
  console.log(`\n${md}\n`);
  log(`results: bench/results/${stamp}.json and .md`);
  if (!flag('--no-append')) {
    const file = path.join(ROOT, 'BENCHMARKS.md');
    const note = opt('--note', '');
    const head = fs.existsSync(file) ? '' : '# Benchmarks\n\nAppended by `npm run bench` (see bench/README in BENCHMARKS.md\'s first section). Ratios are against references measured in the same run.\n';
    fs.appendFileSync(file, `${head}\n## ${results.date.slice(0, 16).replace('T', ' ')} UTC — ${RUNS} runs, commit ${gitHead()}${note ? ` — ${note}` : ''}\n\n${md}\n`);
    log('appended a summary to BENCHMARKS.md');
  }
}

function gitHead() {
  try {
    const head = fs.readFileSync(path.join(ROOT, '.git', 'HEAD'), 'utf8').trim();
    const ref = head.startsWith('ref: ') ? fs.readFileSync(path.join(ROOT, '.git', head.slice(5)), 'utf8').trim() : head;
    return ref.slice(0, 7);
  } catch {
    return '?';
  }
}

main().catch((e) => {
  console.error(`[bench] failed: ${e.stack ?? e.message}${e.cause ? `\n  cause: ${e.cause.stack ?? e.cause}` : ''}`);
  process.exitCode = 1;
});
