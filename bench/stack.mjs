// The bench's environment: the dev stack (reused when healthy, else started and
// later stopped), the bench-only DICOM study, builds, and serve.mjs processes.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DATA_DIR, DEBIAN_PYTHON, ROOT, SAMPLES_DIR, profile } from '../stack/lib/paths.mjs';
import { startServer, stopServer } from '../stack/lib/processes.mjs';
import { ensureSamples, readManifest } from '../stack/lib/samples.mjs';
import { loadSamples } from '../stack/lib/orthanc.mjs';
import { seedFhir } from '../stack/seed.mjs';
import { run } from '../stack/lib/util.mjs';

export const BENCH_DIR = path.join(DATA_DIR, 'bench');
export const VIEWER_DIST = path.join(BENCH_DIR, 'viewer-dist');
export const REFERENCE_DIST = path.join(BENCH_DIR, 'reference-dist');
export const SERIES_DIR = path.join(BENCH_DIR, 'dicom');
export const SLICE_COUNTS = [50, 200, 500];

export const log = (...a) => console.log('[bench]', ...a);

/** Orthanc + HAPI of the dev profile; returns the names this call started (to stop later). */
export async function ensureStack(name = 'dev') {
  const p = profile(name);
  await ensureSamples();
  const started = [];
  for (const name of ['orthanc', 'fhir']) {
    const r = await startServer(p, name);
    if (r.started) started.push(name);
  }
  const manifest = readManifest();
  await loadSamples(p, manifest);
  await seedFhir(p.fhirUrl, manifest);
  return { p, started, manifest };
}

export async function stopStarted(p, started) {
  for (const name of [...started].reverse()) await stopServer(p, name).catch((e) => log(`could not stop ${name}: ${e.message}`));
}

/** The bench study (50/200/500 slices), generated once (hash of the generators), uploaded and seeded. */
export async function ensureBenchStudy(p) {
  const gens = ['bench/gen_series.py', 'stack/samples/generate.py'].map((f) => fs.readFileSync(path.join(ROOT, f)));
  const hash = crypto.createHash('sha256').update(Buffer.concat(gens)).update(SLICE_COUNTS.join(',')).digest('hex');
  const hashFile = path.join(SERIES_DIR, '.hash');
  if (!(fs.existsSync(hashFile) && fs.readFileSync(hashFile, 'utf8') === hash)) {
    log(`generating the bench study (${SLICE_COUNTS.join('/')} slices)...`);
    fs.rmSync(SERIES_DIR, { recursive: true, force: true });
    const r = await run(DEBIAN_PYTHON, [path.join(ROOT, 'bench', 'gen_series.py'), SERIES_DIR, SLICE_COUNTS.join(',')], { capture: true, timeout: 900_000 });
    if (r.code !== 0) throw new Error(`bench/gen_series.py failed: ${r.stderr.slice(-2000)}`);
    fs.writeFileSync(hashFile, hash);
  }
  const manifest = JSON.parse(fs.readFileSync(path.join(SERIES_DIR, 'manifest.json'), 'utf8'));
  // loadSamples resolves files against the samples folder.
  const rel = path.relative(SAMPLES_DIR, SERIES_DIR);
  const forUpload = manifest.map((s) => ({ ...s, series: s.series.map((x) => ({ ...x, instances: x.instances.map((i) => ({ ...i, file: path.join(rel, i.file) })) })) }));
  await loadSamples(p, forUpload);
  await seedFhir(p.fhirUrl, manifest);
  return manifest[0];
}

/** npx vite build into a bench-owned folder (never dist/, which e2e runs may be serving). */
export async function buildViewer() {
  const r = await run('npx', ['vite', 'build', '--outDir', VIEWER_DIST, '--emptyOutDir', '--logLevel', 'warn'], { cwd: ROOT, capture: true, timeout: 900_000 });
  if (r.code !== 0) throw new Error(`vite build failed:\n${r.stderr.slice(-3000)}`);
}

export async function buildReference() {
  const r = await run('npx', ['vite', 'build', '--config', 'bench/reference/vite.config.ts', '--outDir', REFERENCE_DIST, '--logLevel', 'warn'], { cwd: ROOT, capture: true, timeout: 900_000 });
  if (r.code !== 0) throw new Error(`reference build failed:\n${r.stderr.slice(-3000)}`);
}

/** The project's domain code (serializer/parser) bundled for Node with rolldown (vite 8's bundler). */
export async function buildDomain() {
  const { build } = await import('rolldown');
  const file = path.join(BENCH_DIR, 'domain.mjs');
  await build({ input: path.join(ROOT, 'bench', 'domain-entry.ts'), platform: 'node', logLevel: 'warn', output: { file, format: 'esm' } });
  return import(`${file}?t=${Date.now()}`);
}

/** node stack/serve.mjs for a dist folder; resolves once it answers. */
export async function serve(dist, port, p) {
  const child = spawn(process.execPath, [path.join(ROOT, 'stack', 'serve.mjs'), '--port', String(port), '--dist', dist, '--orthanc', p.orthancUrl, '--fhir', p.fhirUrl, '--orthanc-credentials', p.orthancCredentialsFile], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`serve.mjs on ${port} exited (${child.exitCode}); is the port taken?`);
    try {
      const res = await fetch(`${url}/`);
      await res.arrayBuffer();
      if (res.ok) return { child, url, stop: () => new Promise((r) => (child.exitCode !== null ? r() : (child.once('exit', r), child.kill('SIGTERM')))) };
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGTERM');
  throw new Error(`serve.mjs on ${port} did not answer`);
}
