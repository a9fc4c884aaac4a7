#!/usr/bin/env node
// node bench/profileScroll.mjs [--slices 100] [--keep] [--no-build]
// Where a wheel scroll's main-thread time goes (issue 19, part 2): builds the viewer and the bare
// reference page without minification (function names kept), serves both on the dev stack (images
// only: FHIR is not needed to scroll), waits until every ct-200 frame is cached, then records a CDP
// CPU profile (100 µs sampling) of `slices` wheel notches on each page and prints self time per
// function and per package, per slice. Not part of npm test; prints, writes nothing into the repo.
import path from 'node:path';
import { coldBrowser, scrollByWheel, waitFirstImage } from './browser.mjs';
import * as S from './stack.mjs';
import { run } from '../stack/lib/util.mjs';
import { ROOT } from '../stack/lib/paths.mjs';

const argv = process.argv.slice(2);
const opt = (f, d) => (argv.includes(f) ? argv[argv.indexOf(f) + 1] : d);
const SLICES = Number(opt('--slices', 100));
const VIEWER_DIR = path.join(S.BENCH_DIR, 'viewer-profile');
const REFERENCE_DIR = path.join(S.BENCH_DIR, 'reference-profile');

async function build(args, outDir) {
  const r = await run('npx', ['vite', 'build', ...args, '--outDir', outDir, '--emptyOutDir', '--minify', 'false', '--logLevel', 'warn'], { cwd: ROOT, capture: true, timeout: 900_000 });
  if (r.code !== 0) throw new Error(`build failed:\n${r.stderr.slice(-3000)}`);
}

/** Package of a script URL's function, from the unminified bundle's function location is not known: use the call frame URL and name. */
function summarise(profile, wallMs) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const dt = profile.timeDeltas;
  for (let i = 0; i < profile.samples.length; i++) {
    const n = byId.get(profile.samples[i]);
    const f = n.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url ? `${path.basename(new URL(f.url).pathname)}:${f.lineNumber + 1}` : ''}`.trim();
    self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0) / 1000);
  }
  // Who calls the costliest native getters/calls (a forced layout shows up as "get clientWidth").
  const parentOf = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parentOf.set(c, n);
  const callers = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const n = byId.get(profile.samples[i]);
    if (!/^(get client|drawImage|getBoundingClientRect|get offset)/.test(n.callFrame.functionName)) continue;
    const chain = [];
    for (let p = parentOf.get(n.id); p && chain.length < 4; p = parentOf.get(p.id)) chain.push(`${p.callFrame.functionName || '(anonymous)'}:${p.callFrame.lineNumber + 1}`);
    const key = `${n.callFrame.functionName} ← ${chain.join(' ← ')}`;
    callers.set(key, (callers.get(key) ?? 0) + (dt[i] ?? 0) / 1000);
  }
  const idle = ['(idle)', '(program)', '(garbage collector)'];
  const busy = [...self].filter(([k]) => !idle.includes(k)).reduce((a, [, v]) => a + v, 0);
  const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 30);
  return { wallMs, busyMs: busy, gcMs: self.get('(garbage collector)') ?? 0, programMs: self.get('(program)') ?? 0, top, callers: [...callers].sort((a, b) => b[1] - a[1]).slice(0, 8) };
}

/** Bytes allocated per function (self), from a sampling heap profile, largest first. */
function allocationsBy(heap) {
  const out = new Map();
  const walk = (n) => {
    const f = n.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url ? `${path.basename(new URL(f.url).pathname)}:${f.lineNumber + 1}` : ''}`.trim();
    const self = n.selfSize ?? 0;
    if (self) out.set(key, (out.get(key) ?? 0) + self);
    for (const c of n.children ?? []) walk(c);
  };
  walk(heap.head);
  return [...out].sort((a, b) => b[1] - a[1]).slice(0, 15);
}

async function profileScroll(url, query) {
  const b = await coldBrowser();
  try {
    await b.page.goto(`${url}/?${query}`, { waitUntil: 'commit' });
    await waitFirstImage(b.page);
    const deadline = Date.now() + 120_000;
    while (b.requests.filter((r) => /\/frames\/\d+/.test(r.url)).length < 200 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    await b.page.waitForTimeout(1000);
    const cdp = await b.context.newCDPSession(b.page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    // Allocation sampling too (every 32 KB on average): GC time is only as good as what allocates.
    await cdp.send('HeapProfiler.enable');
    await cdp.send('HeapProfiler.startSampling', { samplingInterval: 32_768, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
    await cdp.send('Profiler.start');
    const t0 = Date.now();
    const s = await scrollByWheel(b.page, SLICES + 1, 1);
    const wall = Date.now() - t0;
    const { profile } = await cdp.send('Profiler.stop');
    const { profile: heap } = await cdp.send('HeapProfiler.stopSampling');
    return { ...summarise(profile, wall), allocations: allocationsBy(heap), latency: s.lat.sort((x, y) => x - y)[Math.floor(s.lat.length / 2)] };
  } finally {
    await b.close();
  }
}

async function main() {
  const { p, started, manifest } = await S.ensureStack(opt('--profile', 'dev'));
  const servers = [];
  try {
    if (!argv.includes('--no-build')) {
      S.log('building the viewer and the reference page, unminified...');
      await build([], VIEWER_DIR);
      await build(['--config', 'bench/reference/vite.config.ts'], REFERENCE_DIR);
    }
    servers.push(await S.serve(VIEWER_DIR, 5192, p), await S.serve(REFERENCE_DIR, 5193, p));
    const ct = manifest.find((s) => s.key === 'ct-200');
    const image = ct.series.find((s) => s.modality === 'CT');
    const q = `StudyInstanceUIDs=${ct.studyUid}&SeriesInstanceUIDs=${image.seriesUid}`;
    const v = await profileScroll(servers[0].url, q);
    const size = await (async () => {
      const b = await coldBrowser();
      try {
        await b.page.goto(`${servers[0].url}/?${q}`);
        await waitFirstImage(b.page);
        const box = await b.page.locator('[data-testid="viewport"]').first().boundingBox();
        return `${Math.round(box.width)}x${Math.round(box.height)}`;
      } finally {
        await b.close();
      }
    })();
    const r = await profileScroll(servers[1].url, `${q}&size=${size}`);
    for (const [name, x] of [['viewer', v], [`bare page (${size})`, r]]) {
      console.log(`\n## ${name}: ${SLICES} wheel notches over cached slices, median wheel → rendered ${x.latency.toFixed(1)} ms`);
      console.log(`main thread busy ${(x.busyMs / SLICES).toFixed(2)} ms per slice (GC ${(x.gcMs / SLICES).toFixed(2)}, (program) ${(x.programMs / SLICES).toFixed(2)}), wall ${(x.wallMs / SLICES).toFixed(1)} ms per slice`);
      console.log('| self ms per slice | function |\n|---|---|');
      for (const [k, ms] of x.top) console.log(`| ${(ms / SLICES).toFixed(3)} | ${k} |`);
      console.log('\n| ms per slice | native call ← callers |\n|---|---|');
      for (const [k, ms] of x.callers) console.log(`| ${(ms / SLICES).toFixed(3)} | ${k} |`);
      const total = x.allocations.reduce((a, [, b]) => a + b, 0);
      console.log(`\nAllocated (sampled) by the top functions: ${(total / SLICES / 1024).toFixed(0)} KB per slice\n| KB per slice | function |\n|---|---|`);
      for (const [k, bytes] of x.allocations) console.log(`| ${(bytes / SLICES / 1024).toFixed(1)} | ${k} |`);
    }
  } finally {
    for (const s of servers) await s.stop();
    if (!argv.includes('--keep')) await S.stopStarted(p, started);
  }
}

main().catch((e) => {
  console.error(`[profile] failed: ${e.stack ?? e.message}`);
  process.exitCode = 1;
});
