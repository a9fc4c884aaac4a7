import type { Frame, Page } from '@playwright/test';
import type { StoredSelection } from './fhirServer';

export interface DraftRoi {
  scope: string;
  roiId: string;
  sync: 'unsaved' | 'deleted';
  roi: { id: string; kind: string; points: number[][]; image: { sopInstanceUid: string } };
}

/** The viewer's own unsaved ROIs, as kept in IndexedDB (src/adapters/drafts); [] if there is no draft store. */
export async function readDrafts(page: Page | Frame): Promise<DraftRoi[]> {
  return (page as Page).evaluate(async () => {
    const dbs = (await indexedDB.databases?.()) ?? [];
    if (!dbs.some((d) => d.name === 'roi-viewer-drafts')) return [];
    return new Promise<DraftRoi[]>((resolve) => {
      const open = indexedDB.open('roi-viewer-drafts');
      open.onerror = () => resolve([]);
      open.onsuccess = () => {
        const db = open.result;
        // Never leaves the promise pending: a hung evaluate would only surface at the test's timeout.
        const done = (rows: DraftRoi[]) => {
          db.close();
          resolve(rows);
        };
        if (!db.objectStoreNames.contains('drafts')) return done([]);
        try {
          const all = db.transaction('drafts').objectStore('drafts').getAll();
          all.onsuccess = () => done(all.result as DraftRoi[]);
          all.onerror = () => done([]);
        } catch {
          done([]);
        }
      };
    });
  });
}

const ROI_SYSTEM = 'urn:ietf:rfc:3986';
export const identifierOf = (s: StoredSelection) => s.identifier?.find((i) => i.system === ROI_SYSTEM)?.value;

export interface Count {
  drawn: number;
  stored: number;
  lost: number;
  duplicated: number;
}

/**
 * Counts on the server by identifier: of the ROIs the user drew and meant to keep (`expected`),
 * how many are stored live exactly once, how many are missing, and how many extra copies exist.
 */
export function countByIdentifier(expected: readonly string[], stored: readonly StoredSelection[]): Count {
  const live = stored.filter((s) => s.status !== 'entered-in-error');
  const copies = new Map<string, number>();
  for (const s of live) {
    const id = identifierOf(s) ?? `(none) ${s.id}`;
    copies.set(id, (copies.get(id) ?? 0) + 1);
  }
  const want = expected.map((id) => `urn:uuid:${id}`);
  return {
    drawn: expected.length,
    stored: want.filter((id) => copies.has(id)).length,
    lost: want.filter((id) => !copies.has(id)).length,
    duplicated: [...copies.values()].reduce((n, c) => n + Math.max(0, c - 1), 0),
  };
}
