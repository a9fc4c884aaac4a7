/** Direct access to the real HAPI server, to check what the viewer stored. */
export const FHIR_URL = process.env.FHIR_URL ?? 'http://127.0.0.1:18080/fhir';

export interface StoredSelection {
  id: string;
  meta: { versionId: string };
  status: string;
  identifier?: Array<{ system: string; value: string }>;
  instance: Array<{ uid: string; number?: number; subset?: string[]; imageRegion2D?: Array<{ regionType: string; coordinate: number[] }> }>;
  category?: Array<{ text?: string; coding?: Array<{ code: string }> }>;
  subject?: { reference?: string; identifier?: { value: string } };
  [k: string]: unknown;
}

export async function fhir(path: string, init: RequestInit = {}): Promise<{ status: number; body: unknown; headers: Headers }> {
  const res = await fetch(`${FHIR_URL}/${path}`, {
    ...init,
    headers: { Accept: 'application/fhir+json', 'Content-Type': 'application/fhir+json', 'Cache-Control': 'no-cache', ...(init.headers ?? {}) },
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
}

/** Every ImagingSelection of a study (all statuses), following paging. */
export async function selectionsOf(studyUid: string): Promise<StoredSelection[]> {
  const out: StoredSelection[] = [];
  let next: string | undefined = `ImagingSelection?study-uid=${encodeURIComponent(studyUid)}&_count=200`;
  while (next) {
    const { body } = await fhir(next);
    const b = body as { entry?: Array<{ resource: StoredSelection }>; link?: Array<{ relation: string; url: string }> };
    out.push(...(b.entry ?? []).map((e) => e.resource));
    const url = b.link?.find((l) => l.relation === 'next')?.url;
    next = url ? url.slice(url.indexOf('/fhir/') + 6) : undefined;
  }
  return out;
}

/** Removes a study's selections so a test starts clean (hard delete; the product itself never hard-deletes). */
export async function clearSelections(studyUid: string): Promise<void> {
  for (const s of await selectionsOf(studyUid)) {
    // Its measurement Observations reference it (groups first: they reference the measurements).
    const { body } = await fhir(`Observation?derived-from=ImagingSelection/${s.id}&_count=500`);
    const observations = ((body as { entry?: Array<{ resource: { id: string; hasMember?: unknown[] } }> }).entry ?? []).map((e) => e.resource);
    observations.sort((a, b) => Number(Boolean(b.hasMember)) - Number(Boolean(a.hasMember)));
    for (const o of observations) await fhir(`Observation/${o.id}`, { method: 'DELETE' });
    await fhir(`ImagingSelection/${s.id}`, { method: 'DELETE' });
  }
}

export function coordinates(s: StoredSelection): number[] {
  return s.instance[0]?.imageRegion2D?.[0]?.coordinate ?? [];
}
