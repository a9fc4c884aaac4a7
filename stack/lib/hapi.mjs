// HAPI FHIR (built from stack/fhir-server): build if stale, start, health.
import fs from 'node:fs';
import path from 'node:path';
import { FHIR_JAR, FHIR_SERVER_DIR, UserError } from './paths.mjs';
import { spawnDetached } from './pids.mjs';
import { fetchTimeout, log, newestMtime, run } from './util.mjs';

const POM = path.join(FHIR_SERVER_DIR, 'pom.xml');

export function jarUpToDate() {
  if (!fs.existsSync(FHIR_JAR)) return false;
  return fs.statSync(FHIR_JAR).mtimeMs >= newestMtime([POM, path.join(FHIR_SERVER_DIR, 'src')]);
}

/** Build the jar unless it is newer than every source file. */
export async function buildFhirJar() {
  if (!fs.existsSync(POM)) throw new UserError(`FHIR server sources missing (${POM}); cannot build ${FHIR_JAR}`);
  if (jarUpToDate()) return false;
  log('Building HAPI FHIR server (mvn package; the first build downloads dependencies and may take minutes)...');
  const t0 = Date.now();
  const { code } = await run('mvn', ['-B', '-q', '-f', POM, 'package', '-DskipTests'], { timeout: 30 * 60_000 });
  if (code !== 0 || !fs.existsSync(FHIR_JAR)) throw new UserError(`Maven build of the FHIR server failed (exit ${code})`);
  log(`FHIR server built in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return true;
}

function jvmOptions() {
  try {
    return fs
      .readFileSync(path.join(FHIR_SERVER_DIR, 'jvm.options'), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
  } catch {
    return [];
  }
}

/** auth: optional { jwksUrl, issuer, audience } (also read from FHIR_AUTH_JWKS_URL/ISSUER/AUDIENCE). */
export function startFhir(prof, auth = {}) {
  if (!fs.existsSync(FHIR_JAR)) throw new UserError(`FHIR server jar missing: ${FHIR_JAR} (run: npm run setup)`);
  fs.mkdirSync(prof.fhirDir, { recursive: true });
  const a = {
    jwksUrl: auth.jwksUrl ?? process.env.FHIR_AUTH_JWKS_URL,
    issuer: auth.issuer ?? process.env.FHIR_AUTH_ISSUER,
    audience: auth.audience ?? process.env.FHIR_AUTH_AUDIENCE,
  };
  const authArgs = Object.entries(a)
    .filter(([, v]) => v)
    .map(([k, v]) => `-Dfhir.auth.${k}=${v}`);
  const args = [
    ...jvmOptions(),
    `-Dfhir.port=${prof.fhirPort}`,
    `-Dfhir.db=${prof.fhirDbUrl}`,
    `-Dfhir.transactions=${prof.fhirTransactions ?? 'on'}`,
    ...authArgs,
    '-jar',
    FHIR_JAR,
  ];
  return spawnDetached(prof, 'fhir', 'java', args, {
    logFile: path.join(prof.logs, 'fhir.log'),
    port: prof.fhirPort,
    match: 'fhir-server.jar',
    cwd: prof.fhirDir,
  });
}

export async function fhirHealthy(prof) {
  try {
    const res = await fetchTimeout(`${prof.fhirUrl}/metadata`, { timeout: 5000, headers: { Accept: 'application/fhir+json' } });
    if (!res.ok) {
      await res.arrayBuffer();
      return false;
    }
    return (await res.json()).fhirVersion === '5.0.0';
  } catch {
    return false;
  }
}
