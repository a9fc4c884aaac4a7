/**
 * Control of the fault-injection proxies (stack/fault-proxy.mjs) that `node stack/cli.mjs e2e`
 * puts between serve.mjs and HAPI / Orthanc. FHIR_URL (fhirServer.ts) stays direct, so what the
 * tests read back is never faulted.
 */
export const FAULT_FHIR_URL = process.env.FAULT_FHIR_URL ?? 'http://127.0.0.1:18081';
export const FAULT_ORTHANC_URL = process.env.FAULT_ORTHANC_URL ?? 'http://127.0.0.1:18043';

export type FaultTarget = 'fhir' | 'orthanc';
export type FaultKind = 'delay' | 'drop' | '500' | '503' | 'slow';
export type FaultCounts = Record<FaultKind, number>;

export interface FaultPlan {
  mode?: FaultKind | 'mix';
  delayMs?: number;
  retryAfter?: number;
  slowChunkBytes?: number;
  slowChunkDelayMs?: number;
  errorBody?: 'html' | 'outcome';
  seed?: number;
  rates?: Partial<FaultCounts>;
  methods?: string[];
  paths?: string[];
  count?: number;
}

export interface FaultStats {
  requests: number;
  forwarded: number;
  faults: FaultCounts;
  /** The last requests that reached the proxy, as "METHOD url" (what got through serve.mjs). */
  seen: string[];
}

const base = (t: FaultTarget) => (t === 'fhir' ? FAULT_FHIR_URL : FAULT_ORTHANC_URL);

async function control(t: FaultTarget, path: string, init: RequestInit = {}): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(`${base(t)}/__faults${path}`, init);
  } catch (e) {
    throw new Error(`The ${t} fault proxy at ${base(t)} does not answer (run the suite with npm run test:e2e, or set FAULT_${t.toUpperCase()}_URL)`, { cause: e });
  }
  const body = (await res.json()) as { error?: string };
  if (!res.ok) throw new Error(`fault proxy ${t}: ${body.error ?? res.status}`);
  return body;
}

export async function setFaults(t: FaultTarget, plan: FaultPlan): Promise<void> {
  await control(t, '', { method: 'POST', body: JSON.stringify(plan), headers: { 'Content-Type': 'application/json' } });
}

export async function clearFaults(...targets: FaultTarget[]): Promise<void> {
  for (const t of targets.length ? targets : (['fhir', 'orthanc'] as const)) await control(t, '', { method: 'DELETE' });
}

export async function faultStats(t: FaultTarget): Promise<FaultStats> {
  return (await control(t, '/stats')) as FaultStats;
}

export async function resetFaultStats(...targets: FaultTarget[]): Promise<void> {
  for (const t of targets.length ? targets : (['fhir', 'orthanc'] as const)) await control(t, '/stats', { method: 'DELETE' });
}
