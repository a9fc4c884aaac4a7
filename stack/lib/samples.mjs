// Sample DICOM generation (stack/samples/generate.py) — idempotent via a generator hash.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DATA_DIR, DEBIAN_PYTHON, MANIFEST, ROOT, SAMPLES_DIR, UserError } from './paths.mjs';
import { log, run } from './util.mjs';

const GENERATOR = path.join(ROOT, 'stack', 'samples', 'generate.py');
const HASH_FILE = path.join(SAMPLES_DIR, '.generator-hash');

const generatorHash = () => crypto.createHash('sha256').update(fs.readFileSync(GENERATOR)).digest('hex');

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
  fs.writeFileSync(path.join(tmp, '.generator-hash'), hash);
  fs.rmSync(SAMPLES_DIR, { recursive: true, force: true });
  fs.renameSync(tmp, SAMPLES_DIR);
  log(`Samples generated in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${MANIFEST}`);
  return true;
}
