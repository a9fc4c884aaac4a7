// Small helpers: logging, timed fetch, polling, running commands.
import { spawn } from 'node:child_process';
import fs from 'node:fs';

export const log = (...args) => console.log('[stack]', ...args);
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function fetchTimeout(url, { timeout = 5000, ...init } = {}) {
  return fetch(url, { ...init, signal: AbortSignal.timeout(timeout) });
}

/** Poll fn() until it returns a truthy value; throws after timeout ms. check() may throw to abort early. */
export async function waitFor(fn, { timeout, interval = 500, what = 'condition', check = () => {} }) {
  const deadline = Date.now() + timeout;
  for (;;) {
    check();
    try {
      const v = await fn();
      if (v) return v;
    } catch {
      /* not yet */
    }
    if (Date.now() > deadline) throw new Error(`Timed out after ${Math.round(timeout / 1000)} s waiting for ${what}`);
    await sleep(interval);
  }
}

/** Run a command, inheriting stdio (or capturing it with capture: true). Resolves with {code, stdout, stderr}. */
export function run(cmd, args, { timeout = 600_000, capture = false, env, cwd } = {}) {
  return new Promise((resolve) => {
    let child;
    try {
      child = spawn(cmd, args, { stdio: capture ? ['ignore', 'pipe', 'pipe'] : 'inherit', env: env ?? process.env, cwd });
    } catch (e) {
      resolve({ code: 127, stdout: '', stderr: String(e) });
      return;
    }
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d) => (stdout += d));
    child.stderr?.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeout);
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ code: 127, stdout, stderr: stderr + String(e) });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr });
    });
  });
}

/** Newest mtime (ms) of the given files/directories (recursively); 0 if none exist. */
export function newestMtime(paths) {
  let newest = 0;
  const visit = (p) => {
    let st;
    try {
      st = fs.statSync(p);
    } catch {
      return;
    }
    if (st.isDirectory()) for (const e of fs.readdirSync(p)) visit(`${p}/${e}`);
    else newest = Math.max(newest, st.mtimeMs);
  };
  paths.forEach(visit);
  return newest;
}

export function tail(file, lines = 30) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines - 1).join('\n');
  } catch {
    return '(no log)';
  }
}
