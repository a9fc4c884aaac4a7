// The e2e run's fault-injection proxies (stack/fault-proxy.mjs), in this process:
// FHIR on fhirPort+1 (18081 → HAPI 18080) and Orthanc on orthancPort+1 (18043 → Orthanc 18042).
import fs from 'node:fs';
import path from 'node:path';
import { createFaultProxy } from '../fault-proxy.mjs';
import { UserError } from './paths.mjs';
import { isPortFree, portTakenMessage } from './ports.mjs';
import { log } from './util.mjs';

export function faultProxyPorts(p) {
  return { fhir: p.fhirPort + 1, orthanc: p.orthancPort + 1 };
}

/** Starts both proxies; returns { fhir: { url, server }, orthanc: { url, server }, close() }. */
export async function startFaultProxies(p, { logFile } = {}) {
  const ports = faultProxyPorts(p);
  for (const [name, port] of Object.entries(ports)) {
    if (!(await isPortFree(port))) throw new UserError(portTakenMessage(port, `the ${name} fault proxy, profile ${p.name}`));
  }
  if (logFile) fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const write = (name) => (m) => {
    if (logFile) fs.appendFileSync(logFile, `${new Date().toISOString()} [${name}] ${m}\n`);
  };
  const upstreams = { fhir: `http://127.0.0.1:${p.fhirPort}`, orthanc: p.orthancUrl };
  const out = {};
  for (const name of ['fhir', 'orthanc']) {
    const server = createFaultProxy({ upstream: upstreams[name], name, log: write(name) });
    await new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(ports[name], '127.0.0.1', resolve);
    });
    out[name] = { url: `http://127.0.0.1:${ports[name]}`, server };
  }
  log(`Fault proxies: FHIR ${out.fhir.url} → ${upstreams.fhir}, Orthanc ${out.orthanc.url} → ${upstreams.orthanc} (control: POST/DELETE /__faults)`);
  return {
    ...out,
    close: () =>
      Promise.all(
        Object.values(out).map(
          ({ server }) =>
            new Promise((resolve) => {
              server.close(() => resolve());
              server.closeAllConnections();
            }),
        ),
      ),
  };
}
