// A Python virtual environment for the derived-sample generators (stack/samples/derived/*.py): they use
// third-party libraries (highdicom, pydicom 3) from PyPI that Debian does not package, so that SEG and SR
// samples are written by code no one here wrote. Created once, keyed by the pinned requirements.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DATA_DIR, DEBIAN_PYTHON, ROOT, UserError } from './paths.mjs';
import { log, run } from './util.mjs';

export const PY_REQUIREMENTS = path.join(ROOT, 'stack', 'samples', 'requirements.txt');
const PYENV_DIR = path.join(DATA_DIR, 'pyenv');
const STAMP = path.join(PYENV_DIR, '.requirements-hash');
export const PYENV_PYTHON = path.join(PYENV_DIR, 'bin', 'python');

export const requirementsHash = () => crypto.createHash('sha256').update(fs.readFileSync(PY_REQUIREMENTS)).digest('hex');

/** Create (or recreate, when the requirements changed) the venv; returns its python. */
export async function ensurePyenv() {
  const hash = requirementsHash();
  if (fs.existsSync(PYENV_PYTHON) && fs.existsSync(STAMP) && fs.readFileSync(STAMP, 'utf8') === hash) return PYENV_PYTHON;
  log('Creating the Python environment for derived samples (pip, from PyPI)...');
  const t0 = Date.now();
  fs.rmSync(PYENV_DIR, { recursive: true, force: true });
  // Debian's python with python3-venv: the same interpreter on every machine, whatever else is on PATH.
  let r = await run(DEBIAN_PYTHON, ['-m', 'venv', PYENV_DIR], { capture: true, timeout: 120_000 });
  if (r.code !== 0) throw new UserError(`python3 -m venv failed (exit ${r.code}; apt: python3-venv)\n${r.stderr.slice(-2000)}`);
  r = await run(PYENV_PYTHON, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-deps', '-r', PY_REQUIREMENTS], {
    capture: true,
    timeout: 600_000,
  });
  if (r.code !== 0) {
    fs.rmSync(PYENV_DIR, { recursive: true, force: true });
    throw new UserError(`pip install -r ${PY_REQUIREMENTS} failed (exit ${r.code})\n${r.stderr.slice(-2000)}`);
  }
  fs.writeFileSync(STAMP, hash);
  log(`Python environment ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return PYENV_PYTHON;
}
