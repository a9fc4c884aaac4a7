import { openDB, type IDBPDatabase } from 'idb';
import type { Roi } from '../../domain/roi/Roi';
import type { ServerState } from '../../domain/roi/RoiRecord';

/** One unsaved ROI (new, edited or deleted) as it is kept across crashes and reloads. */
export interface Draft {
  /** FHIR server + study + user: drafts never leak between them. */
  readonly scope: string;
  readonly roiId: string;
  readonly roi: Roi;
  readonly sync: 'unsaved' | 'deleted';
  readonly server?: ServerState;
  readonly updatedAt: string;
}

export function draftScope(fhirBaseUrl: string, studyUid: string, user: string): string {
  return JSON.stringify([fhirBaseUrl, studyUid, user]);
}

/** The parts of a scope; undefined for a scope this version did not write. */
export function parseDraftScope(scope: string): { fhirBaseUrl: string; studyUid: string; user: string } | undefined {
  try {
    const v: unknown = JSON.parse(scope);
    if (Array.isArray(v) && v.length === 3) {
      const [fhirBaseUrl, studyUid, user] = v as unknown[];
      if (typeof fhirBaseUrl === 'string' && typeof studyUid === 'string' && typeof user === 'string') return { fhirBaseUrl, studyUid, user };
    }
  } catch {
    // Not ours.
  }
  return undefined;
}

/** What a draft costs in storage, near enough for a cap (UTF-16 in IndexedDB: 2 bytes a character). */
export function draftBytes(draft: Draft): number {
  return JSON.stringify(draft).length * 2;
}

const STORE = 'drafts';

/**
 * IndexedDB through `idb` (a thin promise wrapper; the raw API's event
 * callbacks make every write a small state machine). One object store keyed
 * by [scope, roiId], indexed by scope.
 */
export class DraftStore {
  private constructor(private readonly db: IDBPDatabase) {}

  static async open(name = 'roi-viewer-drafts'): Promise<DraftStore> {
    const db = await openDB(name, 1, {
      upgrade(d) {
        const s = d.createObjectStore(STORE, { keyPath: ['scope', 'roiId'] });
        s.createIndex('scope', 'scope');
      },
    });
    return new DraftStore(db);
  }

  async put(draft: Draft): Promise<void> {
    await this.db.put(STORE, draft);
  }

  async remove(scope: string, roiId: string): Promise<void> {
    await this.db.delete(STORE, [scope, roiId]);
  }

  async list(scope: string): Promise<Draft[]> {
    return (await this.db.getAllFromIndex(STORE, 'scope', scope)) as Draft[];
  }

  /** Every draft of every scope (to prune expired ones, measure the total, or clear one user). */
  async all(): Promise<Draft[]> {
    return (await this.db.getAll(STORE)) as Draft[];
  }

  async clear(scope: string): Promise<void> {
    const tx = this.db.transaction(STORE, 'readwrite');
    for (const key of await tx.store.index('scope').getAllKeys(scope)) await tx.store.delete(key);
    await tx.done;
  }

  close(): void {
    this.db.close();
  }
}
