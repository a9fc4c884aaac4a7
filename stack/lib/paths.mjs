// Paths and per-profile settings of the local stack.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DATA_DIR = path.join(ROOT, '.stack-data');
export const SAMPLES_DIR = path.join(DATA_DIR, 'samples');
export const MANIFEST = path.join(SAMPLES_DIR, 'manifest.json');
export const FHIR_SERVER_DIR = path.join(ROOT, 'stack', 'fhir-server');
export const FHIR_JAR = path.join(FHIR_SERVER_DIR, 'target', 'fhir-server.jar');
export const DEBIAN_PYTHON = '/usr/bin/python3';
export const ORTHANC_BIN = '/usr/sbin/Orthanc';
export const DICOMWEB_PLUGIN = '/usr/share/orthanc/plugins/libOrthancDicomWeb.so';

// STACK_PORT_OFFSET shifts the test profile's ports so that several checkouts on one
// machine can run their e2e suites at once without taking each other's servers.
const TEST_OFFSET = Number(process.env.STACK_PORT_OFFSET ?? 0) || 0;
const PROFILES = {
  dev: { orthancPort: 8042, fhirPort: 8080, viewerPort: 5173, postgresPort: 5439, fhirDb: 'file' },
  test: { orthancPort: 18042 + TEST_OFFSET, fhirPort: 18080 + TEST_OFFSET, viewerPort: 14173 + TEST_OFFSET, postgresPort: 18432 + TEST_OFFSET, fhirDb: 'mem' },
};

/**
 * The FHIR server's variant, from the environment so that every process of one run (the CLI,
 * Playwright, tests that restart HAPI) starts the same one: STACK_FHIR_DB=postgres puts HAPI on
 * a PostgreSQL of the profile's own; STACK_FHIR_TRANSACTIONS=off turns the system-level
 * transaction interaction off.
 */
function fhirVariant() {
  const db = process.env.STACK_FHIR_DB ?? 'h2';
  const tx = process.env.STACK_FHIR_TRANSACTIONS ?? 'on';
  if (!['h2', 'postgres'].includes(db)) throw new UserError(`STACK_FHIR_DB must be h2 or postgres, got "${db}"`);
  if (!['on', 'off'].includes(tx)) throw new UserError(`STACK_FHIR_TRANSACTIONS must be on or off, got "${tx}"`);
  return { postgres: db === 'postgres', transactions: tx };
}

/** Everything the stack needs to know about one profile (dev | test). */
export function profile(name = 'dev') {
  const p = PROFILES[name];
  if (!p) throw new UserError(`Unknown profile "${name}" (use dev or test)`);
  const dir = path.join(DATA_DIR, name);
  const variant = fhirVariant();
  return {
    name,
    ...p,
    fhirPostgres: variant.postgres,
    fhirTransactions: variant.transactions,
    dir,
    logs: path.join(dir, 'logs'),
    run: path.join(dir, 'run'),
    orthancDir: path.join(dir, 'orthanc'),
    // user:password Orthanc requires; only serve.mjs (and the stack's own tooling) reads it.
    orthancCredentialsFile: path.join(dir, 'orthanc', 'credentials'),
    fhirDir: path.join(dir, 'fhir'),
    fhirDbUrl: variant.postgres
      ? `jdbc:postgresql://127.0.0.1:${p.postgresPort}/fhir`
      : p.fhirDb === 'mem' ? 'mem' : `file:${path.join(dir, 'fhir', 'h2')}`,
    orthancUrl: `http://127.0.0.1:${p.orthancPort}`,
    dicomwebUrl: `http://127.0.0.1:${p.orthancPort}/dicom-web`,
    fhirUrl: `http://127.0.0.1:${p.fhirPort}/fhir`,
    viewerUrl: `http://127.0.0.1:${p.viewerPort}`,
  };
}

/** An expected failure: the CLI prints the message (no stack trace) and exits non-zero. */
export class UserError extends Error {
  constructor(message, exitCode = 1) {
    super(message);
    this.exitCode = exitCode;
  }
}
