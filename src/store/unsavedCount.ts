import type { RoiRecord } from './slices/roiSlice';

type Rois = { readonly records: Readonly<Record<string, RoiRecord>>; readonly order: readonly string[] };

/**
 * Counted once per version of the records (a cache of a pure function, keyed
 * by the records object the store replaces on every change): the toolbar,
 * the status bar and the embed bridge ask on every store change, including
 * each slice and pointer move, and a walk over thousands of ROIs each time
 * was main-thread time and garbage on every scroll step.
 */
const counts = new WeakMap<object, { order: readonly string[]; count: number }>();

/** ROIs (including deleted ones not yet saved) whose current state is not on the server. */
export function unsavedCount(rois: Rois): number {
  const hit = counts.get(rois.records);
  if (hit && hit.order === rois.order) return hit.count;
  let count = 0;
  for (const id of rois.order) {
    const r = rois.records[id];
    if (r && r.sync !== 'saved') count++;
  }
  counts.set(rois.records, { order: rois.order, count });
  return count;
}
