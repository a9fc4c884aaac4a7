// Detached background processes tracked by pid files in .stack-data/<profile>/run/.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { sleep } from './util.mjs';

const pidPath = (prof, name) => path.join(prof.run, `${name}.json`);

/** Start cmd detached (own process group), stdout+stderr appended to logFile. Writes the pid file. */
export function spawnDetached(prof, name, cmd, args, { logFile, env, cwd, port, match }) {
  fs.mkdirSync(prof.run, { recursive: true });
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const fd = fs.openSync(logFile, 'a');
  fs.writeSync(fd, `\n===== ${new Date().toISOString()} starting: ${cmd} ${args.join(' ')}\n`);
  const child = spawn(cmd, args, { detached: true, stdio: ['ignore', fd, fd], env: env ?? process.env, cwd });
  fs.closeSync(fd);
  const exit = { code: null, signal: null, error: null };
  child.on('exit', (code, signal) => Object.assign(exit, { code, signal, exited: true }));
  child.on('error', (e) => Object.assign(exit, { error: e, exited: true }));
  child.unref();
  const info = { pid: child.pid, name, port, log: logFile, match, startedAt: new Date().toISOString() };
  if (child.pid) fs.writeFileSync(pidPath(prof, name), JSON.stringify(info, null, 1));
  return { ...info, exit };
}

/** The pid file's content if the recorded process is still alive (and is what we started). */
export function readPid(prof, name) {
  let info;
  try {
    info = JSON.parse(fs.readFileSync(pidPath(prof, name), 'utf8'));
  } catch {
    return null;
  }
  return isAlive(info.pid, info.match) ? info : null;
}

export function removePid(prof, name) {
  fs.rmSync(pidPath(prof, name), { force: true });
}

/** Alive and (if match given) its command line contains match — guards against pid reuse. */
export function isAlive(pid, match) {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
  } catch (e) {
    if (e.code !== 'EPERM') return false;
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    if (/\) Z /.test(stat)) return false; // zombie
    if (match) return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(match);
  } catch {
    /* no /proc: trust kill(0) */
  }
  return true;
}

/** SIGTERM the process (group), SIGKILL after timeout ms. Resolves when it is gone. */
export async function stopPid(pid, { timeout = 15000, signal = 'SIGTERM', match } = {}) {
  if (!isAlive(pid, match)) return 'not running';
  const send = (sig) => {
    try {
      process.kill(-pid, sig);
    } catch {
      try {
        process.kill(pid, sig);
      } catch {
        /* gone */
      }
    }
  };
  send(signal);
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    if (!isAlive(pid, match)) return 'stopped';
    await sleep(100);
  }
  send('SIGKILL');
  for (let i = 0; i < 50 && isAlive(pid, match); i++) await sleep(100);
  return 'killed';
}
