// Debian's Chromium with the SwiftShader WebGL flags (NOTES), one cold profile
// (fresh user-data-dir) per run, plus the probes the measures share.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--use-gl=angle',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--enable-precise-memory-info',
];

/**
 * In every page before any script: a rAF loop that stamps the first frame in
 * which the viewport canvas shows non-uniform pixels (the e2e ViewerPage
 * test: more than 2 distinct colours on a 1-in-7 sample, here of the centre).
 */
function firstImageProbe() {
  const b = (window.__bench = { firstImage: undefined });
  const tick = () => {
    const c = document.querySelector('[data-testid="viewport"] canvas');
    if (c && c.width && c.height) {
      const ctx = c.getContext('2d');
      if (ctx) {
        // The central 128×128 block: the image is centred, and a full-canvas
        // readback every frame would itself slow the page down.
        const w = Math.min(128, c.width);
        const h = Math.min(128, c.height);
        const { data } = ctx.getImageData((c.width - w) >> 1, (c.height - h) >> 1, w, h);
        const seen = new Set();
        for (let i = 0; i < data.length && seen.size <= 2; i += 4 * 7) seen.add(data[i] * 65536 + data[i + 1] * 256 + data[i + 2]);
        if (seen.size > 2) {
          b.firstImage = performance.now();
          return;
        }
      }
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

/** Resident memory (PSS, bytes) of a process tree, from /proc. */
function pssOfTree(rootPid) {
  const kids = new Map();
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!kids.has(ppid)) kids.set(ppid, []);
      kids.get(ppid).push(Number(d));
    } catch {
      /* gone */
    }
  }
  let total = 0;
  const stack = [rootPid];
  while (stack.length) {
    const pid = stack.pop();
    try {
      const m = /^Pss:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
      if (m) total += Number(m[1]) * 1024;
    } catch {
      /* gone */
    }
    stack.push(...(kids.get(pid) ?? []));
  }
  return total;
}

function findBrowserPid(marker) {
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (fs.readFileSync(`/proc/${d}/cmdline`, 'utf8').includes(marker)) return Number(d);
    } catch {
      /* gone */
    }
  }
  return undefined;
}

/**
 * A cold browser: fresh user-data-dir, no HTTP cache. Records every finished
 * request with its transferred (encoded) body size and finish time (epoch ms).
 */
export async function coldBrowser({ viewport = { width: 1280, height: 800 } } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roi-bench-profile-'));
  const marker = `--bench-run=${crypto.randomUUID()}`;
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [...CHROMIUM_ARGS, marker],
    viewport,
  });
  const pid = findBrowserPid(marker);
  const requests = [];
  context.on('requestfinished', async (req) => {
    const entry = { url: req.url(), type: req.resourceType(), bytes: 0, end: Date.now() };
    requests.push(entry);
    try {
      const t = req.timing();
      if (t.startTime > 0 && t.responseEnd >= 0) entry.end = t.startTime + t.responseEnd;
      const s = await req.sizes();
      entry.bytes = s.responseBodySize;
    } catch {
      /* closed */
    }
  });
  await context.addInitScript(firstImageProbe);
  const page = context.pages()[0] ?? (await context.newPage());
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  return {
    context,
    page,
    requests,
    pid,
    async jsHeap() {
      const { metrics } = await cdp.send('Performance.getMetrics');
      return metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? NaN;
    },
    pss: () => (pid ? pssOfTree(pid) : NaN),
    async close() {
      await context.close().catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Samples JS heap (main thread, CDP) and Chromium PSS every intervalMs until stop(). */
export function memorySampler(b, intervalMs = 150) {
  let heap = 0;
  let pss = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      try {
        heap = Math.max(heap, await b.jsHeap());
        pss = Math.max(pss, b.pss());
      } catch {
        /* page closing */
      }
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return { peakJsHeap: heap, peakPss: pss };
    },
  };
}

/** Resolves with the first-image time (ms since navigation start), or rejects after timeout. */
export async function waitFirstImage(page, timeout = 60_000) {
  await page.waitForFunction(() => window.__bench && window.__bench.firstImage !== undefined, null, { timeout, polling: 50 });
  return page.evaluate(() => ({ t: window.__bench.firstImage, origin: performance.timeOrigin }));
}

/**
 * Steps through the stack with ArrowDown from the current image to the last,
 * each step after the previous slice rendered (Cornerstone's STACK_NEW_IMAGE
 * for that index, then IMAGE_RENDERED on the viewport element). Runs in the
 * page, so CDP round trips are not part of the figures.
 */
export function scrollInPage(page, count) {
  return page.evaluate(async (n) => {
    const el = document.querySelector('[data-testid="viewport"]');
    const lat = [];
    let failed = 0;
    const t0 = performance.now();
    for (let i = 1; i < n; i++) {
      const start = performance.now();
      const done = new Promise((resolve) => {
        const timer = setTimeout(() => {
          el.removeEventListener('CORNERSTONE_STACK_NEW_IMAGE', onNew);
          resolve(undefined);
        }, 10_000);
        function onNew(e) {
          if (e.detail?.imageIdIndex !== i) return;
          el.removeEventListener('CORNERSTONE_STACK_NEW_IMAGE', onNew);
          el.addEventListener('CORNERSTONE_IMAGE_RENDERED', () => { clearTimeout(timer); resolve(performance.now()); }, { once: true });
        }
        el.addEventListener('CORNERSTONE_STACK_NEW_IMAGE', onNew);
      });
      document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', code: 'ArrowDown', bubbles: true }));
      const end = await done;
      if (end === undefined) failed++;
      else lat.push(end - start);
    }
    const total = performance.now() - t0;
    const text = document.querySelector('[data-testid="overlay-image"]')?.textContent ?? '';
    return { total, lat, failed, overlay: text };
  }, count);
}

/**
 * Scrolls `count - 1` slices with trusted mouse-wheel input (CDP Input.dispatchMouseEvent through
 * Playwright, one notch of 100 px per slice, deltaY sign = direction), over the viewport's centre,
 * each notch after the previous slice rendered. Latency is taken in the page, from the wheel event
 * (capture listener on the viewport) to IMAGE_RENDERED after Cornerstone's STACK_NEW_IMAGE for the
 * slice it led to, so CDP round trips are not part of it; `total` is the first wheel event → the last
 * slice rendered.
 */
export async function scrollByWheel(page, count, direction = 1) {
  const box = await page.locator('[data-testid="viewport"]').first().boundingBox();
  await page.mouse.move(Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2));
  await page.evaluate(() => {
    const el = document.querySelector('[data-testid="viewport"]');
    const rec = (window.__wheel = { input: [], rendered: [], pending: undefined });
    el.addEventListener('wheel', () => rec.input.push(performance.now()), { capture: true, passive: true });
    el.addEventListener('CORNERSTONE_STACK_NEW_IMAGE', (e) => (rec.pending = e.detail?.imageIdIndex));
    el.addEventListener('CORNERSTONE_IMAGE_RENDERED', () => {
      if (rec.pending === undefined) return;
      rec.rendered.push({ index: rec.pending, t: performance.now() });
      rec.pending = undefined;
    });
  });
  let failed = 0;
  for (let i = 1; i < count; i++) {
    await page.mouse.wheel(0, 100 * direction);
    await page.waitForFunction((n) => window.__wheel.rendered.length >= n, i, { timeout: 10_000, polling: 'raf' }).catch(() => failed++);
  }
  const rec = await page.evaluate(() => window.__wheel);
  const lat = rec.rendered.map((r, k) => r.t - rec.input[k]).filter((x) => Number.isFinite(x));
  const total = rec.rendered.length ? rec.rendered[rec.rendered.length - 1].t - rec.input[0] : NaN;
  const text = await page.evaluate(() => document.querySelector('[data-testid="overlay-image"]')?.textContent ?? '');
  return { total, lat, failed, steps: rec.rendered.length, overlay: text };
}
