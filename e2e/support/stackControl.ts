/**
 * Stop and start the real Orthanc / HAPI processes of the stack profile under test, through
 * stack/lib/processes.mjs (the same code `stack/cli.mjs` uses). The module is plain JS, so it is
 * loaded with a computed specifier and typed here.
 */
export type ServerName = 'orthanc' | 'fhir';

interface Processes {
  stopServer(profile: string, name: ServerName, opts?: { signal?: 'SIGTERM' | 'SIGKILL'; timeout?: number }): Promise<string>;
  startServer(profile: string, name: ServerName, opts?: object): Promise<{ started: boolean; pid: number; ms?: number }>;
  restartServer(profile: string, name: ServerName, opts?: object): Promise<{ started: boolean; pid: number; ms?: number }>;
  serverStatus(profile: string): Promise<Array<{ name: ServerName; running: boolean; healthy: boolean; pid: number | null }>>;
}

export const STACK_PROFILE = process.env.STACK_PROFILE ?? 'test';

let mod: Promise<Processes> | undefined;
function processes(): Promise<Processes> {
  const file = new URL('../../stack/lib/processes.mjs', import.meta.url).href;
  mod ??= import(file) as Promise<Processes>;
  return mod;
}

export async function stopServer(name: ServerName, signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
  const result = await (await processes()).stopServer(STACK_PROFILE, name, { signal });
  if (result === 'not running') throw new Error(`${name} of profile ${STACK_PROFILE} is not running from this stack's pid file, so a test cannot stop it`);
}

/** Starts the server and waits until it is healthy (HAPI: 30–60 s here; Orthanc: < 1 s). */
export async function startServer(name: ServerName): Promise<void> {
  await (await processes()).startServer(STACK_PROFILE, name);
}

export async function isHealthy(name: ServerName): Promise<boolean> {
  return ((await (await processes()).serverStatus(STACK_PROFILE)).find((s) => s.name === name)?.healthy) ?? false;
}

/** HAPI of the test profile keeps its data in memory: after a restart, seed Patients/ImagingStudies again. */
export async function reseedFhir(fhirUrl: string, manifestPath: string): Promise<number> {
  const { seedFhir } = (await import(new URL('../../stack/seed.mjs', import.meta.url).href)) as { seedFhir(base: string, manifest: unknown): Promise<number> };
  const fs = await import('node:fs');
  return seedFhir(fhirUrl, JSON.parse(fs.readFileSync(manifestPath, 'utf8')));
}
