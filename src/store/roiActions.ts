import { getState, setState } from './appStore';
import { initialRois, type HistoryEntry, type RoiRecord } from './slices/roiSlice';
import type { Finding, Roi } from '../domain/roi/Roi';
import { roisEqual } from '../domain/roi/roisEqual';
import type { SrContentRef } from '../domain/sr/sourceContentItem';

type Changes = Record<string, RoiRecord | undefined>;

const sameRoi = roisEqual;

/** Applies record changes; `undefined` removes a record. Keeps display order stable. */
function apply(changes: Changes): void {
  setState((s) => {
    const records = { ...s.rois.records };
    let order = [...s.rois.order];
    for (const [id, rec] of Object.entries(changes)) {
      if (rec) {
        if (!records[id]) order.push(id);
        records[id] = rec;
      } else {
        delete records[id];
        order = order.filter((x) => x !== id);
      }
    }
    const selectedId = s.rois.selectedId && records[s.rois.selectedId] ? s.rois.selectedId : undefined;
    return { rois: { ...s.rois, records, order, selectedId } };
  });
}

/** Every user edit goes through here, so undo/redo covers create, reshape, relabel and delete alike. */
function commit(after: Changes): void {
  const { records } = getState().rois;
  const before: Changes = {};
  for (const id of Object.keys(after)) before[id] = records[id];
  apply(after);
  const entry: HistoryEntry = { before, after };
  setState((s) => ({ rois: { ...s.rois, undo: [...s.rois.undo, entry].slice(-200), redo: [], hint: undefined } }));
}

export const SHAPE_CANCELLED_HINT = 'Shape cancelled. Undo (Ctrl+Z) brings it back.';

/**
 * A half-drawn shape the user cancelled (Escape). It never became an ROI, but
 * the cancel is an edit like any other: Undo brings the shape back (as the
 * open path it was), Redo cancels it again.
 */
export function recordCancelledShape(roi: Roi): void {
  const entry: HistoryEntry = { before: { [roi.id]: { roi, sync: 'unsaved' } }, after: { [roi.id]: undefined } };
  setState((s) => ({ rois: { ...s.rois, undo: [...s.rois.undo, entry].slice(-200), redo: [], hint: SHAPE_CANCELLED_HINT } }));
}

/** Whether an edited ROI differs from what the server holds. */
function syncAfterEdit(rec: RoiRecord | undefined, roi: Roi): RoiRecord['sync'] {
  if (!rec?.server) return 'unsaved';
  return sameRoi(rec.server.savedRoi, roi) ? 'saved' : 'unsaved';
}

export function addRoi(roi: Roi, source?: SrContentRef): void {
  commit({ [roi.id]: { roi, sync: 'unsaved', ...(source ? { source } : {}) } });
  selectRoi(roi.id);
}

export function updateRoi(roi: Roi): void {
  const rec = getState().rois.records[roi.id];
  if (!rec || rec.readOnly || sameRoi(rec.roi, roi)) return;
  commit({ [roi.id]: { ...rec, roi, sync: syncAfterEdit(rec, roi), error: undefined } });
}

export function relabelRoi(id: string, label: string, finding: Finding | undefined): void {
  const rec = getState().rois.records[id];
  if (!rec || rec.readOnly) return;
  const { finding: _old, ...rest } = rec.roi;
  const roi = { ...rest, label, ...(finding ? { finding } : {}) } as Roi;
  if (sameRoi(rec.roi, roi)) return;
  commit({ [id]: { ...rec, roi, sync: syncAfterEdit(rec, roi) } });
}

/**
 * Links a key image (an `illustration-of-roi` selection) to ROIs: an edit of
 * each, so their measurement groups are written again with the link (and
 * Undo takes it back).
 */
export function linkIllustration(ids: readonly string[], ref: string): string[] {
  const { records } = getState().rois;
  const after: Changes = {};
  for (const id of ids) {
    const rec = records[id];
    if (!rec || rec.readOnly || rec.sync === 'deleted' || rec.roi.illustrations?.includes(ref)) continue;
    const roi = { ...rec.roi, illustrations: [...(rec.roi.illustrations ?? []), ref] };
    after[id] = { ...rec, roi, sync: syncAfterEdit(rec, roi), error: undefined };
  }
  if (Object.keys(after).length) commit(after);
  return Object.keys(after);
}

/** A never-saved ROI simply goes; a saved one stays as `deleted` until the save marks it entered-in-error. */
export function deleteRoi(id: string): void {
  const rec = getState().rois.records[id];
  if (!rec || rec.readOnly) return;
  commit({ [id]: rec.server ? { ...rec, sync: 'deleted' } : undefined });
}

/**
 * History holds ROI geometry and labels, not server state: undoing an edit
 * made before a save must keep the version the server now has, or the next
 * save would be refused as a conflict.
 */
function rebase(changes: Changes): Changes {
  const { records } = getState().rois;
  const out: Changes = {};
  for (const [id, rec] of Object.entries(changes)) {
    const now = records[id];
    const server = now?.server ?? rec?.server;
    if (!rec) {
      out[id] = server && now ? { ...now, sync: 'deleted' } : undefined;
      continue;
    }
    const sync = rec.sync === 'deleted' ? 'deleted' : server ? (sameRoi(server.savedRoi, rec.roi) ? 'saved' : 'unsaved') : 'unsaved';
    out[id] = { ...rec, server, sync };
  }
  return out;
}

export function undo(): void {
  const { undo: stack } = getState().rois;
  const entry = stack[stack.length - 1];
  if (!entry) return;
  apply(rebase(entry.before));
  setState((s) => ({ rois: { ...s.rois, undo: s.rois.undo.slice(0, -1), redo: [...s.rois.redo, entry] } }));
}

export function redo(): void {
  const { redo: stack } = getState().rois;
  const entry = stack[stack.length - 1];
  if (!entry) return;
  apply(rebase(entry.after));
  setState((s) => ({ rois: { ...s.rois, redo: s.rois.redo.slice(0, -1), undo: [...s.rois.undo, entry] } }));
}

export function selectRoi(id: string | undefined): void {
  if (getState().rois.selectedId !== id) setState((s) => ({ rois: { ...s.rois, selectedId: id } }));
}

export function showHint(hint: string | undefined): void {
  setState((s) => ({ rois: { ...s.rois, hint } }));
}

/** Server results replace saved records but never touch unsaved or deleted work. */
export function mergeLoaded(records: readonly RoiRecord[]): void {
  const current = getState().rois.records;
  const changes: Changes = {};
  for (const rec of records) {
    const mine = current[rec.roi.id];
    if (mine && mine.sync !== 'saved') continue;
    changes[rec.roi.id] = rec;
  }
  apply(changes);
}

/** Marks records as stored: no history entry, since saving is not an edit. */
export function markSaved(updates: ReadonlyArray<{ id: string; record: RoiRecord | undefined }>): void {
  const changes: Changes = {};
  for (const u of updates) changes[u.id] = u.record;
  apply(changes);
}

export function markFailed(ids: readonly string[], message: string): void {
  const { records } = getState().rois;
  const changes: Changes = {};
  for (const id of ids) {
    const rec = records[id];
    if (rec && rec.error !== message) changes[id] = { ...rec, error: message };
  }
  if (Object.keys(changes).length) apply(changes);
}

export function setUnshown(unshown: ReturnType<typeof getState>['rois']['unshown']): void {
  setState((s) => ({ rois: { ...s.rois, unshown } }));
}

export function setAuthorFilter(author: string | undefined): void {
  setState((s) => ({ rois: { ...s.rois, authorFilter: author || undefined } }));
}

/** Empties the ROI list for another study (or none); unsaved work stays in its study's drafts. */
export function resetRois(studyUid?: string): void {
  setState({ rois: { ...initialRois, ...(studyUid ? { studyUid } : {}) } });
}

/** How much unsaved work there is, by kind, for a "leave this study?" question. */
export function pendingCounts(): { unsaved: number; deleted: number } {
  const rec = pendingRecords();
  const deleted = rec.filter((r) => r.sync === 'deleted').length;
  return { unsaved: rec.length - deleted, deleted };
}

/** ROIs that need writing: new, edited or deleted. */
export function pendingRecords(): RoiRecord[] {
  const { records, order } = getState().rois;
  return order.map((id) => records[id]!).filter((r) => r && r.sync !== 'saved');
}

export interface RestoredDraft {
  readonly roi: Roi;
  readonly sync: 'unsaved' | 'deleted';
  readonly server?: RoiRecord['server'];
}

/**
 * Puts unsaved work from a previous session back, marked unsaved; the server's
 * copy stays as the base. Returns the ids of drafts the server already holds
 * exactly (saved after all): they are obsolete and can be deleted.
 */
export function applyDrafts(drafts: readonly RestoredDraft[]): string[] {
  if (!drafts.length) return [];
  const { records } = getState().rois;
  const changes: Changes = {};
  const obsolete: string[] = [];
  for (const d of drafts) {
    const now = records[d.roi.id];
    // The draft of work already on screen (drawn while the study was loading): nothing to restore.
    if (now && now.sync === d.sync && sameRoi(now.roi, d.roi)) continue;
    const server = now?.server ?? d.server;
    // A deletion of something never stored, or an edit the server holds exactly
    // (saved after all: the tab died before the draft was cleared): nothing to restore.
    if ((d.sync === 'deleted' && !server) || (d.sync === 'unsaved' && server && sameRoi(server.savedRoi, d.roi))) {
      obsolete.push(d.roi.id);
      continue;
    }
    changes[d.roi.id] = { roi: d.roi, sync: d.sync, server };
  }
  apply(changes);
  setState((s) => ({ rois: { ...s.rois, restoredIds: Object.keys(changes) } }));
  return obsolete;
}

/** Throws away restored drafts: saved ROIs go back to the server's version, new ones go. */
export function discardRestored(): void {
  const { records, restoredIds } = getState().rois;
  const changes: Changes = {};
  for (const id of restoredIds) {
    const rec = records[id];
    if (!rec || rec.sync === 'saved') continue;
    changes[id] = rec.server ? { roi: rec.server.savedRoi, sync: 'saved', server: rec.server } : undefined;
  }
  apply(changes);
  setState((s) => ({ rois: { ...s.rois, restoredIds: [] } }));
}

export function acknowledgeRestored(): void {
  setState((s) => ({ rois: { ...s.rois, restoredIds: [] } }));
}

/**
 * Another user takes over (or the user logged out): their unsaved work must
 * not be saved under someone else's name. New ROIs go, edits and deletions
 * fall back to the server's version, history is cleared. Their drafts stay
 * in their own scope (or are cleared by logout).
 */
export function dropUnsavedWork(): void {
  const { records } = getState().rois;
  const changes: Changes = {};
  for (const [id, rec] of Object.entries(records)) {
    if (rec.sync === 'saved') continue;
    changes[id] = rec.server ? { roi: rec.server.savedRoi, sync: 'saved', server: rec.server } : undefined;
  }
  apply(changes);
  setState((s) => ({ rois: { ...s.rois, undo: [], redo: [], restoredIds: [] } }));
}
