// PostgreSQL (Debian's server binaries) as a plain process with its own data directory and
// port, for HAPI FHIR in the production-like layout (`--db postgres`). No system service is
// used: the cluster lives under .stack-data/<profile>/postgres and goes away with it.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { UserError } from './paths.mjs';
import { spawnDetached } from './pids.mjs';
import { log, run } from './util.mjs';

export const PG_DATABASE = 'fhir';
export const PG_USER = 'postgres';

/** The newest Debian PostgreSQL server installed (/usr/lib/postgresql/<major>/bin). */
export function pgBinDir() {
  const root = '/usr/lib/postgresql';
  const majors = fs.existsSync(root) ? fs.readdirSync(root).filter((d) => /^\d+$/.test(d)).sort((a, b) => Number(b) - Number(a)) : [];
  for (const m of majors) {
    const bin = path.join(root, m, 'bin');
    if (fs.existsSync(path.join(bin, 'postgres'))) return bin;
  }
  throw new UserError('PostgreSQL server binaries not found under /usr/lib/postgresql (install the Debian package postgresql)');
}

// PostgreSQL refuses to run as root; as root we run it as Debian's `postgres` system user.
const asRoot = () => process.getuid?.() === 0;
const wrap = (bin, args) => (asRoot() ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args]);

export const pgDataDir = (prof) => path.join(prof.dir, 'postgres', 'data');
const pgSocketDir = (prof) => path.join(prof.dir, 'postgres', 'run');

function chownToPostgres(dir) {
  if (asRoot()) execFileSync('chown', ['-R', 'postgres:postgres', dir]);
}

/** initdb once: trust auth on loopback only (the server listens on 127.0.0.1 alone). */
export async function ensureCluster(prof) {
  const data = pgDataDir(prof);
  if (fs.existsSync(path.join(data, 'PG_VERSION'))) return false;
  fs.mkdirSync(data, { recursive: true });
  fs.mkdirSync(pgSocketDir(prof), { recursive: true });
  chownToPostgres(path.join(prof.dir, 'postgres'));
  const [cmd, args] = wrap(path.join(pgBinDir(), 'initdb'), ['-D', data, '-U', PG_USER, '--auth=trust', '-E', 'UTF8', '--no-locale']);
  const { code, stdout, stderr } = await run(cmd, args, { capture: true, timeout: 120_000 });
  if (code !== 0) throw new UserError(`initdb failed (exit ${code}):\n${stdout}${stderr}`);
  log(`PostgreSQL cluster created in ${data}`);
  return true;
}

export function startPostgres(prof) {
  const data = pgDataDir(prof);
  if (!fs.existsSync(path.join(data, 'PG_VERSION'))) throw new UserError(`No PostgreSQL cluster in ${data} (ensureCluster first)`);
  fs.mkdirSync(pgSocketDir(prof), { recursive: true });
  chownToPostgres(pgSocketDir(prof));
  const settings = [
    '-D', data,
    '-p', String(prof.postgresPort),
    '-k', pgSocketDir(prof),
    '-c', 'listen_addresses=127.0.0.1',
    '-c', 'max_connections=100',
    // A throwaway test/dev cluster: durability is not worth the fsync time on shared disks.
    '-c', 'fsync=off',
    '-c', 'synchronous_commit=off',
    '-c', 'full_page_writes=off',
  ];
  const [cmd, args] = wrap(path.join(pgBinDir(), 'postgres'), settings);
  return spawnDetached(prof, 'postgres', cmd, args, {
    logFile: path.join(prof.logs, 'postgres.log'),
    port: prof.postgresPort,
    match: 'postgres',
  });
}

/** Ready when it accepts connections and the FHIR database exists (created on first start). */
export async function postgresHealthy(prof) {
  const psql = path.join(pgBinDir(), 'psql');
  const base = ['-h', '127.0.0.1', '-p', String(prof.postgresPort), '-U', PG_USER, '-X', '-q', '-t', '-A'];
  try {
    const exists = execFileSync(psql, [...base, '-d', 'postgres', '-c', `SELECT 1 FROM pg_database WHERE datname='${PG_DATABASE}'`], { encoding: 'utf8', timeout: 5000, stdio: ['ignore', 'pipe', 'ignore'] });
    if (exists.trim() === '1') return true;
    execFileSync(psql, [...base, '-d', 'postgres', '-c', `CREATE DATABASE ${PG_DATABASE}`], { timeout: 10_000, stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Test runs start from an empty database, as the in-memory H2 does. */
export function resetDatabase(prof) {
  const psql = path.join(pgBinDir(), 'psql');
  const base = ['-h', '127.0.0.1', '-p', String(prof.postgresPort), '-U', PG_USER, '-X', '-q', '-d', 'postgres'];
  execFileSync(psql, [...base, '-c', `DROP DATABASE IF EXISTS ${PG_DATABASE} WITH (FORCE)`], { timeout: 30_000, stdio: 'ignore' });
  execFileSync(psql, [...base, '-c', `CREATE DATABASE ${PG_DATABASE}`], { timeout: 30_000, stdio: 'ignore' });
}

export const postgresJdbcUrl = (prof) => `jdbc:postgresql://127.0.0.1:${prof.postgresPort}/${PG_DATABASE}`;
