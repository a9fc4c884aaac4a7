// The built viewer (vite build → dist/) and the serve.mjs process that serves it.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, UserError } from './paths.mjs';
import { isPortFree, portTakenMessage } from './ports.mjs';
import { fetchTimeout, log, newestMtime, run, waitFor } from './util.mjs';

const DIST_INDEX = path.join(ROOT, 'dist', 'index.html');
const INPUTS = ['src', 'public', 'index.html', 'vite.config.ts', 'package.json', 'package-lock.json'].map((f) => path.join(ROOT, f));

/** vite build, unless dist/index.html is newer than every input (force: always build). */
export async function buildViewer({ force = false } = {}) {
  if (!fs.existsSync(path.join(ROOT, 'index.html'))) throw new UserError('No index.html at the repository root yet: nothing to build');
  if (!force && fs.existsSync(DIST_INDEX) && fs.statSync(DIST_INDEX).mtimeMs > newestMtime(INPUTS)) {
    log('Viewer build is up to date (dist/)');
    return false;
  }
  log('Building the viewer (vite build)...');
  const t0 = Date.now();
  const { code } = await run('npx', ['vite', 'build'], { cwd: ROOT, timeout: 900_000 });
  if (code !== 0) throw new UserError(`vite build failed (exit ${code})`);
  log(`Viewer built in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return true;
}

/**
 * Start stack/serve.mjs for a profile. logFile: append output there (background), else inherit stdio.
 * Resolves once it answers HTTP; returns the ChildProcess.
 */
export async function startViewerServer(prof, { logFile } = {}) {
  if (!(await isPortFree(prof.viewerPort))) throw new UserError(portTakenMessage(prof.viewerPort, `the viewer, profile ${prof.name}`));
  let stdio = 'inherit';
  if (logFile) {
    fs.mkdirSync(path.dirname(logFile), { recursive: true });
    const fd = fs.openSync(logFile, 'a');
    stdio = ['ignore', fd, fd];
  }
  // The dev and test stacks store key images and SR exports (public/config.json has dicomweb.stowRoot): STOW-RS is allowed through.
  const args = [path.join(ROOT, 'stack', 'serve.mjs'), '--port', String(prof.viewerPort), '--orthanc', prof.orthancUrl, '--fhir', prof.fhirUrl.replace(/\/fhir$/, ''), '--orthanc-credentials', prof.orthancCredentialsFile, '--stow'];
  const child = spawn(process.execPath, args, { stdio, cwd: ROOT });
  if (Array.isArray(stdio)) fs.closeSync(stdio[1]);
  let exited = false;
  child.on('exit', () => (exited = true));
  await waitFor(async () => (await fetchTimeout(`${prof.viewerUrl}/`, { timeout: 2000 })).status > 0, {
    timeout: 20_000,
    interval: 200,
    what: `the viewer server on port ${prof.viewerPort}`,
    check: () => {
      if (exited) throw new UserError(`serve.mjs exited while starting${logFile ? `; log: ${logFile}` : ''}`);
    },
  });
  return child;
}
