// Machine setup: Debian packages, npm ci, FHIR jar build, sample generation.
import fs from 'node:fs';
import path from 'node:path';
import { DEBIAN_PYTHON, DICOMWEB_PLUGIN, ORTHANC_BIN, ROOT, UserError } from './paths.mjs';
import { buildFhirJar } from './hapi.mjs';
import { ensureSamples } from './samples.mjs';
import { log, run } from './util.mjs';

const exists = (f) => fs.existsSync(f);
const onPath = (bin) => (process.env.PATH ?? '').split(':').some((d) => d && exists(path.join(d, bin)));
const postgresInstalled = () => fs.existsSync('/usr/lib/postgresql') && fs.readdirSync('/usr/lib/postgresql').some((d) => exists(path.join('/usr/lib/postgresql', d, 'bin', 'postgres')));
const octaveDicom = () => fs.existsSync('/usr/share/octave/packages') && fs.readdirSync('/usr/share/octave/packages').some((d) => d.startsWith('dicom-'));

async function javaMajor() {
  const r = await run('java', ['-version'], { capture: true, timeout: 20000 });
  const m = /version "(\d+)/.exec(r.stderr + r.stdout);
  return r.code === 0 && m ? Number(m[1]) : 0;
}

/** [apt package, is it present?] for everything the stack needs. */
async function requirements() {
  const pyOk = (await run(DEBIAN_PYTHON, ['-c', 'import pydicom, numpy'], { capture: true, timeout: 20000 })).code === 0;
  return [
    ['orthanc', exists(ORTHANC_BIN)],
    ['orthanc-dicomweb', exists(DICOMWEB_PLUGIN)],
    ['chromium', exists('/usr/bin/chromium')],
    ['python3-pydicom', pyOk],
    ['python3-numpy', pyOk],
    ['python3-venv', (await run(DEBIAN_PYTHON, ['-c', 'import ensurepip, venv'], { capture: true, timeout: 20000 })).code === 0],
    ['octave-dicom', octaveDicom()],
    // Independent DICOM validators the SR export is checked with (e2e/sr.spec.ts): dciodvfy, dsrdump.
    ['dicom3tools', onPath('dciodvfy')],
    ['dcmtk', onPath('dsrdump')],
    ['openjdk-17-jdk-headless', (await javaMajor()) >= 17],
    ['maven', onPath('mvn')],
    // Only for HAPI on PostgreSQL (--db postgres / STACK_FHIR_DB=postgres).
    ['postgresql', process.env.STACK_FHIR_DB !== 'postgres' || postgresInstalled()],
  ];
}

export async function missingPackages() {
  return (await requirements()).filter(([, ok]) => !ok).map(([pkg]) => pkg);
}

/** Debian's orthanc package starts (and enables) a system service on 8042; stop and disable it. */
export async function stopDebianOrthancService() {
  if (exists('/run/systemd/system')) {
    log("Stopping and disabling Debian's orthanc service (it would occupy port 8042)");
    await run('systemctl', ['disable', '--now', 'orthanc'], { capture: true, timeout: 60000 });
  } else if (exists('/etc/init.d/orthanc')) {
    await run('/etc/init.d/orthanc', ['stop'], { capture: true, timeout: 60000 });
  }
}

export async function installPackages() {
  const missing = await missingPackages();
  if (!missing.length) return;
  const isDebian = exists('/etc/debian_version');
  const isRoot = process.getuid?.() === 0;
  if (!isDebian || !isRoot) {
    throw new UserError(
      `Missing: ${missing.join(' ')}\n` +
        (isDebian
          ? `Install them as root:\n  sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}\nthen run: npm run setup`
          : `This stack expects Debian bookworm packages. Install the equivalents of: ${missing.join(', ')}\n` +
            `(Orthanc 1.10 + DICOMweb plugin at ${DICOMWEB_PLUGIN}, Chromium at /usr/bin/chromium, ${DEBIAN_PYTHON} with pydicom + numpy, octave-dicom sample files, Java 17, Maven)`),
      2,
    );
  }
  log(`Installing: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  // Keep package scripts from starting services (Debian's orthanc would take port 8042).
  const policy = '/usr/sbin/policy-rc.d';
  const ownPolicy = !exists(policy);
  if (ownPolicy) fs.writeFileSync(policy, '#!/bin/sh\nexit 101\n', { mode: 0o755 });
  try {
    if ((await run('apt-get', ['update'], { env, timeout: 600_000 })).code !== 0) throw new UserError('apt-get update failed');
    const r = await run('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { env, timeout: 1_800_000 });
    if (r.code !== 0) throw new UserError(`apt-get install failed (exit ${r.code})`);
  } finally {
    if (ownPolicy) fs.rmSync(policy, { force: true });
  }
  if (missing.includes('orthanc')) await stopDebianOrthancService();
  const still = await missingPackages();
  if (still.length) throw new UserError(`Still missing after install: ${still.join(' ')}`);
}

/** Quick check used by `up`: everything installed? (no installing) */
export async function checkInstalled() {
  const missing = await missingPackages();
  if (missing.length) throw new UserError(`Missing packages: ${missing.join(' ')}. Run: npm run setup`, 2);
}

export async function setup({ skipFhirBuild = false } = {}) {
  const t = {};
  let t0 = Date.now();
  await installPackages();
  t.packages = Date.now() - t0;
  if (!exists(path.join(ROOT, 'node_modules'))) {
    log('Installing npm dependencies (npm ci)...');
    t0 = Date.now();
    if ((await run('npm', ['ci'], { cwd: ROOT, timeout: 1_800_000 })).code !== 0) throw new UserError('npm ci failed');
    t.npm = Date.now() - t0;
  }
  t0 = Date.now();
  await ensureSamples();
  t.samples = Date.now() - t0;
  if (!skipFhirBuild) {
    t0 = Date.now();
    await buildFhirJar();
    t.fhirBuild = Date.now() - t0;
  }
  log(`Setup done (${Object.entries(t).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`).join(', ')})`);
}
