#!/usr/bin/env node
// Local stack CLI: setup | up | down | status | start | e2e | seed   [--profile dev|test] [--no-fhir]
import fs from 'node:fs';
import path from 'node:path';
import { MANIFEST, profile, ROOT, UserError } from './lib/paths.mjs';
import { assertPortAvailable, SERVERS, serverStatus, startServer, stopServer } from './lib/processes.mjs';
import { loadSamples } from './lib/orthanc.mjs';
import { buildFhirJar } from './lib/hapi.mjs';
import { ensureCluster, resetDatabase } from './lib/postgres.mjs';
import { readPid } from './lib/pids.mjs';
import { ensureSamples, readManifest } from './lib/samples.mjs';
import { checkInstalled, setup } from './lib/setup.mjs';
import { buildViewer, startViewerServer } from './lib/viewer.mjs';
import { seedFhir } from './seed.mjs';
import { startFaultProxies } from './lib/faultProxies.mjs';
import { RESULTS, writeGeneratedReport } from './reliability-report.mjs';
import { log, run } from './lib/util.mjs';

const USAGE = `Usage: node stack/cli.mjs <command> [--profile dev|test] [--no-fhir] [--db h2|postgres] [--fhir-transactions on|off]
  setup    install missing Debian packages (root), npm ci if needed, build the FHIR jar, generate samples
  up       start Orthanc + HAPI FHIR in the background, load samples, seed FHIR (idempotent)
  down     stop the servers of the profile
  status   show each server (running/healthy/pid/port/log)
  seed     load samples into Orthanc and seed FHIR (servers must be up)
  start    setup + up (dev) + build + serve the viewer on http://127.0.0.1:5173 (Ctrl-C stops what it started)
  e2e      up (test) + build + serve on 14173 + npx playwright test [extra args], then stop what it started
  --db postgres             HAPI on a PostgreSQL of the profile's own (Debian's server, plain process); default h2
  --fhir-transactions off   HAPI without the system-level transaction/batch interaction (per-resource saving)`;

function parseArgs(argv) {
  const opts = { command: argv[0], profile: undefined, fhir: true, rest: [] };
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--profile') opts.profile = argv[++i];
    else if (a.startsWith('--profile=')) opts.profile = a.slice(10);
    else if (a === '--no-fhir') opts.fhir = false;
    else if (a === '--db') process.env.STACK_FHIR_DB = argv[++i];
    else if (a.startsWith('--db=')) process.env.STACK_FHIR_DB = a.slice(5);
    else if (a === '--fhir-transactions') process.env.STACK_FHIR_TRANSACTIONS = argv[++i];
    else if (a.startsWith('--fhir-transactions=')) process.env.STACK_FHIR_TRANSACTIONS = a.slice(20);
    else opts.rest.push(a);
  }
  return opts;
}

// Servers this invocation started; stopped on failure, on Ctrl-C, and at the end of start/e2e.
const startedHere = [];
const childrenHere = new Set();
let stopping;
function stopStartedHere() {
  stopping ??= (async () => {
    for (const c of childrenHere) c.kill('SIGTERM');
    childrenHere.clear();
    while (startedHere.length) {
      const [p, name] = startedHere.pop();
      await stopServer(p, name).catch((e) => console.error(`[stack] could not stop ${name}: ${e.message}`));
    }
  })();
  return stopping;
}

async function up(p, { fhir = true } = {}) {
  const t0 = Date.now();
  await checkInstalled();
  await ensureSamples();
  const names = fhir ? ['orthanc', 'fhir'] : ['orthanc'];
  const usePostgres = fhir && p.fhirPostgres;
  for (const name of usePostgres ? [...names, 'postgres'] : names) await assertPortAvailable(p, name); // fail before starting anything
  if (fhir) await buildFhirJar();
  if (usePostgres) {
    // HAPI needs its database before it starts; a test run starts from an empty one, as with H2 in memory.
    await ensureCluster(p);
    const r = await startServer(p, 'postgres', { onSpawn: () => startedHere.push([p, 'postgres']) });
    if (p.name === 'test' && !readPid(p, 'fhir')) resetDatabase(p);
    log(`PostgreSQL ${r.started ? 'started' : 'already running'} on port ${p.postgresPort}`);
  }
  const results = await Promise.allSettled(
    names.map(async (name) => {
      const r = await startServer(p, name, { onSpawn: () => startedHere.push([p, name]) });
      if (!r.started) log(`${SERVERS[name].label} already running and healthy (pid ${r.pid}, port ${SERVERS[name].port(p)})`);
      return r;
    }),
  );
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
  await seed(p, { fhir });
  const variant = fhir ? ` (${p.fhirPostgres ? 'PostgreSQL' : 'H2'}, transactions ${p.fhirTransactions})` : '';
  log(`Stack "${p.name}" up in ${((Date.now() - t0) / 1000).toFixed(1)} s: Orthanc ${p.orthancUrl}${fhir ? `, FHIR ${p.fhirUrl}${variant}` : ''}`);
}

async function seed(p, { fhir = true } = {}) {
  const manifest = readManifest();
  await loadSamples(p, manifest);
  if (fhir) {
    const n = await seedFhir(p.fhirUrl, manifest);
    log(`FHIR: ${n ? `created ${n} resource(s)` : 'seed already present'}`);
  }
}

async function status(p) {
  for (const s of await serverStatus(p)) {
    const state = s.running ? (s.healthy ? 'running, healthy' : 'running, NOT healthy') : s.healthy ? 'not started by this stack, but something healthy answers' : 'stopped';
    console.log(`${s.label.padEnd(10)} ${state.padEnd(22)} pid ${String(s.pid ?? '-').padEnd(8)} port ${s.port}  ${s.url}  log ${s.log}`);
  }
}

async function start(opts) {
  const p = profile(opts.profile ?? 'dev');
  await setup({ skipFhirBuild: !opts.fhir });
  await up(p, opts);
  await buildViewer();
  const child = await startViewerServer(p);
  childrenHere.add(child);
  log(`Viewer: ${p.viewerUrl}  (Ctrl-C to stop)`);
  const code = await new Promise((resolve) => child.on('exit', (c) => resolve(c ?? 0)));
  await stopStartedHere();
  return code;
}

async function e2e(opts) {
  const p = profile(opts.profile ?? 'test');
  let server;
  let faults;
  try {
    await up(p, opts);
    await buildViewer();
    const figures = path.join(p.dir, 'reliability.json'); // e2e/support/figures.ts appends here
    fs.rmSync(figures, { force: true });
    // Fault-injection proxies between serve.mjs and the servers (test profile); FHIR_URL stays direct.
    faults = p.name === 'test' ? await startFaultProxies(p, { logFile: path.join(p.logs, 'fault-proxy.log') }) : undefined;
    const upstreams = faults ? { ...p, fhirUrl: `${faults.fhir.url}/fhir`, orthancUrl: faults.orthanc.url } : p;
    server = await startViewerServer(upstreams, { logFile: path.join(p.logs, 'serve.log') });
    childrenHere.add(server);
    const env = {
      ...process.env,
      VIEWER_URL: p.viewerUrl,
      FHIR_URL: p.fhirUrl,
      ORTHANC_URL: p.orthancUrl,
      DICOMWEB_URL: p.dicomwebUrl,
      // Tests that check Orthanc directly, and the serve.mjs that e2e/support/authStack.ts starts.
      ORTHANC_CREDENTIALS_FILE: p.orthancCredentialsFile,
      SAMPLES_MANIFEST: MANIFEST,
      STACK_PROFILE: p.name,
      ...(p.fhirPostgres ? { POSTGRES_PORT: String(p.postgresPort) } : {}),
      ...(faults ? { FAULT_FHIR_URL: faults.fhir.url, FAULT_ORTHANC_URL: faults.orthanc.url } : {}),
      RELIABILITY_FIGURES: figures,
    };
    // The real-HAPI integration unit tests: skipped by a bare `vitest run` (no server), required here.
    let integration = 0;
    if (opts.fhir && !opts.rest.length) {
      log('Running: vitest integration tests against the test HAPI');
      ({ code: integration } = await run('npx', ['vitest', 'run', 'src/adapters/fhir/hapi.integration.test.ts'], { cwd: ROOT, env: { ...env, REQUIRE_FHIR: '1' }, timeout: 600_000 }));
    }
    log(`Running: npx playwright test ${opts.rest.join(' ')}`);
    const { code } = await run('npx', ['playwright', 'test', ...opts.rest], { cwd: ROOT, env, timeout: 3_600_000 });
    // Figures go to test-results/ (untracked); `npm run report` publishes them in the README.
    // The runs against the other FHIR configurations keep their own files, so they never replace
    // the default run's figures (which `npm run report` publishes).
    const variant = [p.fhirTransactions === 'off' ? 'per-resource' : '', p.fhirPostgres ? 'postgres' : ''].filter(Boolean).join('-');
    const results = variant ? RESULTS.replace(/\.json$/, `-${variant}.json`) : RESULTS;
    if (fs.existsSync(figures)) {
      fs.mkdirSync(path.dirname(results), { recursive: true });
      fs.copyFileSync(figures, results);
      writeGeneratedReport({ results, out: results.replace(/\.json$/, '.md') });
    }
    return code || integration;
  } finally {
    server?.kill('SIGTERM');
    await faults?.close();
    await stopStartedHere();
  }
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  for (const sig of ['SIGINT', 'SIGTERM']) {
    process.on(sig, async () => {
      log(`${sig}: stopping what this command started...`);
      await stopStartedHere();
      process.exit(130);
    });
  }
  switch (opts.command) {
    case 'setup':
      await setup({ skipFhirBuild: !opts.fhir });
      return 0;
    case 'up':
      await up(profile(opts.profile ?? 'dev'), opts);
      startedHere.length = 0; // keep them running
      return 0;
    case 'down':
      for (const name of Object.keys(SERVERS)) {
        const r = await stopServer(profile(opts.profile ?? 'dev'), name);
        if (r === 'not running' && !SERVERS[name].optional) log(`${SERVERS[name].label}: not running`);
      }
      return 0;
    case 'status':
      await status(profile(opts.profile ?? 'dev'));
      return 0;
    case 'seed':
      await seed(profile(opts.profile ?? 'dev'), opts);
      return 0;
    case 'start':
      return start(opts);
    case 'e2e':
      return e2e(opts);
    default:
      console.log(USAGE);
      return opts.command && !['help', '--help', '-h'].includes(opts.command) ? 1 : 0;
  }
}

main().then(
  (code) => process.exit(code),
  async (e) => {
    await stopStartedHere();
    if (e instanceof UserError) console.error(`[stack] ${e.message}`);
    else console.error(`[stack] Unexpected error: ${e?.stack ?? e}`);
    process.exit(e?.exitCode ?? 1);
  },
);
