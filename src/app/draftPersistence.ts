import { DraftStore, draftBytes, draftScope, parseDraftScope, type Draft } from '../adapters/drafts/draftStore';
import { appStore, getState } from '../store/appStore';
import { applyDrafts } from '../store/roiActions';
import { setDraftsWarning } from '../store/sessionActions';
import { draftOwner } from '../store/userActions';
import type { RoiRecord } from '../store/slices/roiSlice';

export interface DraftLimits {
  /** Drafts not touched for this long are deleted at start. */
  readonly maxAgeDays: number;
  /** All drafts on this browser profile; writes stop at the cap, a warning shows from 80 %. */
  readonly maxBytes: number;
}

export interface DraftPersistence {
  /** Brings back the open study's drafts of the current user; deletes those the server already holds. */
  restore(studyUid: string): Promise<number>;
  /** The Discard choice: this study's drafts of the current user go. */
  discard(studyUid: string): Promise<void>;
  /** Logout: every draft of this user (all studies) goes; returns how many. */
  clearUser(user: string): Promise<number>;
  stop(): void;
}

const DAY_MS = 86_400_000;
const WARN_AT = 0.8;

/**
 * Mirrors every unsaved ROI into IndexedDB as it changes, so a crashed tab, a
 * reload or a switch to another study loses nothing. Drafts are kept per FHIR
 * server, study and user. A draft goes only when the server has confirmed the
 * save (the record turns `saved`), the ROI is deleted before it was ever
 * stored, the user discards it, it expires, or its user logs out.
 */
export async function startDraftPersistence(fhirBaseUrl: string, limits: DraftLimits, now: () => number = Date.now): Promise<DraftPersistence | undefined> {
  let store: DraftStore;
  try {
    store = await DraftStore.open();
  } catch (e) {
    console.warn('Drafts are off: IndexedDB is not available', (e as Error).message);
    return undefined;
  }
  const scopeFor = (studyUid: string, user = draftOwner()) => draftScope(fhirBaseUrl, studyUid, user);
  const scopeOf = (rec: RoiRecord, user?: string) => scopeFor(rec.roi.image.studyUid, user);
  const key = (scope: string, roiId: string) => JSON.stringify([scope, roiId]);

  // Expired drafts go first; the rest is measured against the cap.
  const sizes = new Map<string, number>();
  const cutoff = now() - limits.maxAgeDays * DAY_MS;
  for (const d of await store.all().catch(() => [] as Draft[])) {
    const at = Date.parse(d.updatedAt);
    if (!(at >= cutoff)) await store.remove(d.scope, d.roiId).catch(() => undefined);
    else sizes.set(key(d.scope, d.roiId), draftBytes(d));
  }
  const total = () => [...sizes.values()].reduce((a, b) => a + b, 0);
  const warn = (full: boolean) => {
    const used = total();
    const mb = (n: number) => (n / 1_048_576).toFixed(1);
    if (full) setDraftsWarning(`Draft storage is full (${mb(limits.maxBytes)} MB): new unsaved changes are not kept across a reload. Save your work.`);
    else if (used >= WARN_AT * limits.maxBytes) setDraftsWarning(`Draft storage is ${Math.round((100 * used) / limits.maxBytes)} % full (${mb(used)} of ${mb(limits.maxBytes)} MB). Save your work to free it.`);
    else setDraftsWarning(undefined);
  };
  warn(false);

  async function put(draft: Draft): Promise<void> {
    const k = key(draft.scope, draft.roiId);
    const bytes = draftBytes(draft);
    if (total() - (sizes.get(k) ?? 0) + bytes > limits.maxBytes) {
      warn(true);
      return;
    }
    await store.put(draft);
    sizes.set(k, bytes);
    warn(false);
  }
  async function remove(scope: string, roiId: string): Promise<void> {
    await store.remove(scope, roiId);
    sizes.delete(key(scope, roiId));
    warn(false);
  }
  const draftOf = (rec: RoiRecord, user?: string): Draft => ({
    scope: scopeOf(rec, user),
    roiId: rec.roi.id,
    roi: rec.roi,
    sync: rec.sync === 'deleted' ? 'deleted' : 'unsaved',
    ...(rec.server ? { server: rec.server } : {}),
    updatedAt: new Date(now()).toISOString(),
  });

  let chain = Promise.resolve();
  const enqueue = (writes: Array<() => Promise<void>>) => {
    // Serialised so an older write can never land after a newer one.
    chain = chain.then(async () => {
      for (const w of writes) await w().catch((e: Error) => console.warn('Draft not written', e.message));
    });
    return chain;
  };

  const unsubscribe = appStore.subscribe((s, prev) => {
    const writes: Array<() => Promise<void>> = [];
    if (s.session.user !== prev.session.user) {
      // Signing in after drawing as nobody: that work is the new user's now.
      if (prev.session.user === undefined) {
        for (const rec of Object.values(s.rois.records)) {
          if (rec.sync === 'saved') continue;
          writes.push(() => put(draftOf(rec)), () => remove(scopeOf(rec, 'anonymous'), rec.roi.id));
        }
      }
      void enqueue(writes);
      return;
    }
    if (s.rois.records === prev.rois.records) return;
    // Another study opened: the records left the list, their drafts stay for that study.
    if (s.rois.studyUid !== prev.rois.studyUid) return;
    for (const [id, rec] of Object.entries(s.rois.records)) {
      const before = prev.rois.records[id];
      if (before === rec) continue;
      if (rec.sync !== 'saved') writes.push(() => put(draftOf(rec)));
      // Unsaved → saved: the server confirmed it (or the user discarded the draft).
      else if (before && before.sync !== 'saved') writes.push(() => remove(scopeOf(rec), id));
      // Saved records arriving from the server leave drafts alone: restoring comes after loading.
    }
    for (const [id, old] of Object.entries(prev.rois.records)) {
      // An unsaved ROI that went away: deleted or undone before it was ever stored, or a
      // deletion the server confirmed.
      if (!s.rois.records[id] && old.sync !== 'saved') writes.push(() => remove(scopeOf(old), id));
    }
    if (writes.length) void enqueue(writes);
  });

  return {
    async restore(studyUid) {
      await chain;
      const scope = scopeFor(studyUid);
      const drafts = await store.list(scope);
      if (getState().viewer.studyUid !== studyUid || scopeFor(studyUid) !== scope) return 0;
      const obsolete = applyDrafts(drafts.map((d) => ({ roi: d.roi, sync: d.sync, server: d.server })));
      await enqueue(obsolete.map((id) => () => remove(scope, id)));
      return drafts.length - obsolete.length;
    },
    async discard(studyUid) {
      const scope = scopeFor(studyUid);
      await enqueue([
        async () => {
          for (const d of await store.list(scope)) await remove(scope, d.roiId);
        },
      ]);
    },
    async clearUser(user) {
      let n = 0;
      await enqueue([
        async () => {
          for (const d of await store.all()) {
            const s = parseDraftScope(d.scope);
            if (s?.user === user && s.fhirBaseUrl === fhirBaseUrl) {
              await remove(d.scope, d.roiId);
              n++;
            }
          }
        },
      ]);
      return n;
    },
    stop() {
      unsubscribe();
      store.close();
    },
  };
}
