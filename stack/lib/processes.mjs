// Start/stop/status of a profile's Orthanc and HAPI FHIR processes.
// Also meant for tests (fault injection), e.g.:
//   import { stopServer, startServer } from '../stack/lib/processes.mjs';
//   await stopServer('test', 'orthanc'); ... await startServer('test', 'orthanc');
import { profile, UserError } from './paths.mjs';
import { isAlive, readPid, removePid, stopPid } from './pids.mjs';
import { isPortFree, portTakenMessage } from './ports.mjs';
import { orthancHealthy, startOrthanc } from './orthanc.mjs';
import { fhirHealthy, startFhir } from './hapi.mjs';
import { postgresHealthy, startPostgres } from './postgres.mjs';
import { log, tail, waitFor } from './util.mjs';

export const SERVERS = {
  orthanc: { label: 'Orthanc', port: (p) => p.orthancPort, url: (p) => p.orthancUrl, start: startOrthanc, healthy: orthancHealthy, timeout: 30_000, match: 'Orthanc' },
  fhir: { label: 'HAPI FHIR', port: (p) => p.fhirPort, url: (p) => p.fhirUrl, start: startFhir, healthy: fhirHealthy, timeout: 240_000, match: 'fhir-server.jar' },
  // Only with STACK_FHIR_DB=postgres (npm start -- --db postgres); see postgres.mjs.
  postgres: { label: 'PostgreSQL', port: (p) => p.postgresPort, url: (p) => `postgresql://127.0.0.1:${p.postgresPort}/fhir`, start: startPostgres, healthy: postgresHealthy, timeout: 60_000, match: 'postgres', optional: true },
};

const prof = (p) => (typeof p === 'string' ? profile(p) : p);
const def = (name) => SERVERS[name] ?? (() => { throw new UserError(`Unknown server "${name}" (orthanc | fhir | postgres)`); })();

/**
 * Ensure the server runs and is healthy. Returns { started: true } only if this call started it.
 * opts: { auth: { jwksUrl, issuer, audience } } for 'fhir'; onSpawn() is called right after the process is spawned.
 */
export async function startServer(profileOrName, name, opts = {}) {
  const p = prof(profileOrName);
  const d = def(name);
  const running = readPid(p, name);
  if (running) {
    await waitFor(() => d.healthy(p), { timeout: d.timeout, what: `${d.label} (pid ${running.pid}) to become healthy` });
    return { started: false, pid: running.pid };
  }
  removePid(p, name);
  if (!(await isPortFree(d.port(p)))) throw new UserError(portTakenMessage(d.port(p), `${d.label}, profile ${p.name}`));
  const t0 = Date.now();
  const child = d.start(p, opts.auth);
  opts.onSpawn?.(child);
  const died = () => {
    if (child.exit.exited || !isAlive(child.pid)) {
      const cause = child.exit.error ? child.exit.error.message : `exit code ${child.exit.code ?? '?'}${child.exit.signal ? `, signal ${child.exit.signal}` : ''}`;
      throw new UserError(`${d.label} died while starting (${cause}). Last lines of ${child.log}:\n${tail(child.log)}\nLog: ${child.log}`);
    }
  };
  try {
    await waitFor(() => d.healthy(p), { timeout: d.timeout, interval: 300, what: `${d.label} on port ${d.port(p)}`, check: died });
  } catch (e) {
    removePid(p, name);
    if (e instanceof UserError) throw e;
    await stopPid(child.pid, { timeout: 5000 });
    throw new UserError(`${e.message}. Last lines of ${child.log}:\n${tail(child.log)}\nLog: ${child.log}`);
  }
  const ms = Date.now() - t0;
  log(`${d.label} started (pid ${child.pid}, port ${d.port(p)}) in ${(ms / 1000).toFixed(1)} s; log: ${child.log}`);
  return { started: true, pid: child.pid, ms };
}

/** Throw a UserError if the server is not running from our pid file and its port is taken. */
export async function assertPortAvailable(profileOrName, name) {
  const p = prof(profileOrName);
  const d = def(name);
  if (!readPid(p, name) && !(await isPortFree(d.port(p)))) throw new UserError(portTakenMessage(d.port(p), `${d.label}, profile ${p.name}`));
}

/** Stop the server recorded in the pid file (SIGTERM, then SIGKILL). signal: 'SIGKILL' simulates a crash. */
export async function stopServer(profileOrName, name, { signal = 'SIGTERM', timeout = 20_000 } = {}) {
  const p = prof(profileOrName);
  const d = def(name);
  const running = readPid(p, name);
  removePid(p, name);
  if (!running) return 'not running';
  const result = await stopPid(running.pid, { signal, timeout, match: d.match });
  log(`${d.label} (pid ${running.pid}) ${result}`);
  return result;
}

export async function restartServer(profileOrName, name, opts) {
  await stopServer(profileOrName, name);
  return startServer(profileOrName, name, opts);
}

export async function serverStatus(profileOrName) {
  const p = prof(profileOrName);
  return Promise.all(
    Object.entries(SERVERS).filter(([, d]) => !d.optional || p.fhirPostgres).map(async ([name, d]) => {
      const running = readPid(p, name);
      return {
        name,
        label: d.label,
        running: !!running,
        healthy: await d.healthy(p),
        pid: running?.pid ?? null,
        port: d.port(p),
        url: d.url(p),
        log: `${p.logs}/${name}.log`,
      };
    }),
  );
}
