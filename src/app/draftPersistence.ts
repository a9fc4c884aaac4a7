import { DraftStore, draftScope } from '../adapters/drafts/draftStore';
import { appStore, getState } from '../store/appStore';
import { applyDrafts } from '../store/roiActions';
import type { RoiRecord } from '../store/slices/roiSlice';

export interface DraftPersistence {
  restore(studyUid: string): Promise<number>;
  stop(): void;
}

/**
 * Mirrors every unsaved ROI into IndexedDB as it changes, so a crashed tab
 * or a reload loses nothing. A draft goes only when the server has
 * confirmed the save (the record turns `saved`) or the user discards it.
 */
export async function startDraftPersistence(fhirBaseUrl: string, user: () => string): Promise<DraftPersistence | undefined> {
  let store: DraftStore;
  try {
    store = await DraftStore.open();
  } catch (e) {
    console.warn('Drafts are off: IndexedDB is not available', (e as Error).message);
    return undefined;
  }
  const scopeOf = (rec: RoiRecord) => draftScope(fhirBaseUrl, rec.roi.image.studyUid, user());
  let chain = Promise.resolve();
  const unsubscribe = appStore.subscribe((s, prev) => {
    if (s.rois.records === prev.rois.records) return;
    const writes: Array<() => Promise<void>> = [];
    for (const [id, rec] of Object.entries(s.rois.records)) {
      const before = prev.rois.records[id];
      if (before === rec) continue;
      const sync = rec.sync;
      if (sync !== 'saved') {
        writes.push(() => store.put({ scope: scopeOf(rec), roiId: id, roi: rec.roi, sync, server: rec.server, updatedAt: new Date().toISOString() }));
      } else if (before && before.sync !== 'saved') {
        // Unsaved → saved: the server confirmed it (or the user discarded the draft).
        writes.push(() => store.remove(scopeOf(rec), id));
      }
      // Saved records arriving from the server leave drafts alone: restoring comes after loading.
    }
    for (const [id, old] of Object.entries(prev.rois.records)) {
      // An unsaved ROI that went away: deleted or undone before it was ever stored, or a
      // deletion the server confirmed. Saved records leaving (another study opened) keep their drafts.
      if (!s.rois.records[id] && old.sync !== 'saved') writes.push(() => store.remove(scopeOf(old), id));
    }
    // Serialised so an older write can never land after a newer one.
    chain = chain.then(async () => {
      for (const w of writes) await w().catch((e: Error) => console.warn('Draft not written', e.message));
    });
  });
  return {
    async restore(studyUid) {
      await chain;
      const drafts = await store.list(draftScope(fhirBaseUrl, studyUid, user()));
      if (getState().viewer.studyUid !== studyUid) return 0;
      applyDrafts(drafts.map((d) => ({ roi: d.roi, sync: d.sync, server: d.server })));
      return drafts.length;
    },
    stop() {
      unsubscribe();
      store.close();
    },
  };
}
