// Sample DICOM generation — idempotent via a hash of every generator.
// 1. stack/samples/generate.py (Debian's python3 + pydicom) writes the base samples and manifest.json.
// 2. Each stack/samples/derived/*.py, in name order, runs in the PyPI venv (pyenv.mjs) with the output
//    directory as its argument; it reads manifest.json, writes its files there and adds its series to the
//    manifest (e.g. a highdicom SEG or SR over a base sample).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DATA_DIR, DEBIAN_PYTHON, MANIFEST, ROOT, SAMPLES_DIR, UserError } from './paths.mjs';
import { log, run } from './util.mjs';
import { ensurePyenv, PY_REQUIREMENTS } from './pyenv.mjs';

const GENERATOR = path.join(ROOT, 'stack', 'samples', 'generate.py');
const DERIVED_DIR = path.join(ROOT, 'stack', 'samples', 'derived');
const HASH_FILE = path.join(SAMPLES_DIR, '.generator-hash');

const derivedScripts = () =>
  fs.existsSync(DERIVED_DIR)
    ? fs
        .readdirSync(DERIVED_DIR)
        .filter((f) => f.endsWith('.py'))
        .sort()
        .map((f) => path.join(DERIVED_DIR, f))
    : [];

function generatorHash() {
  const h = crypto.createHash('sha256').update(fs.readFileSync(GENERATOR));
  const derived = derivedScripts();
  if (derived.length) h.update(fs.readFileSync(PY_REQUIREMENTS));
  for (const f of derived) h.update(path.basename(f)).update(fs.readFileSync(f));
  return h.digest('hex');
}

export function readManifest() {
  return JSON.parse(fs.readFileSync(MANIFEST, 'utf8'));
}

/** Generate .stack-data/samples unless the manifest exists and was made by this generator version. */
export async function ensureSamples() {
  const hash = generatorHash();
  if (fs.existsSync(MANIFEST) && fs.existsSync(HASH_FILE) && fs.readFileSync(HASH_FILE, 'utf8') === hash) return false;
  log('Generating sample DICOM files...');
  const t0 = Date.now();
  const tmp = path.join(DATA_DIR, `samples.tmp-${process.pid}`);
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp, { recursive: true });
  const r = await run(DEBIAN_PYTHON, [GENERATOR, tmp], { capture: true, timeout: 300_000 });
  if (r.code !== 0) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw new UserError(`Sample generation failed (exit ${r.code}). Needs Debian's ${DEBIAN_PYTHON} with pydicom + numpy (apt: python3-pydicom python3-numpy, octave-dicom).\n${r.stderr.slice(-2000)}`);
  }
  const derived = derivedScripts();
  if (derived.length) {
    const python = await ensurePyenv();
    for (const script of derived) {
      const d = await run(python, [script, tmp], { capture: true, timeout: 600_000 });
      if (d.code !== 0) {
        fs.rmSync(tmp, { recursive: true, force: true });
        throw new UserError(`Derived sample ${path.basename(script)} failed (exit ${d.code})\n${d.stderr.slice(-2000)}`);
      }
    }
  }
  fs.writeFileSync(path.join(tmp, '.generator-hash'), hash);
  fs.rmSync(SAMPLES_DIR, { recursive: true, force: true });
  fs.renameSync(tmp, SAMPLES_DIR);
  log(`Samples generated in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${MANIFEST}`);
  return true;
}
