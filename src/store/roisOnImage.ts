import type { RoiRecord } from './slices/roiSlice';

type Rois = { readonly records: Readonly<Record<string, RoiRecord>>; readonly order: readonly string[] };

const keyOf = (sopInstanceUid: string, frameNumber: number | undefined) => `${sopInstanceUid}#${frameNumber ?? 1}`;

/**
 * Index of ROI ids by the image (SOP instance and frame) they are drawn on,
 * in list order. The store replaces `records` on every change, so the index
 * is built once per version of the records (a WeakMap keyed by that object,
 * which holds no state of its own: it is a cache of a pure function) and
 * "the ROIs on this image" costs O(its ROIs) per slice or pointer move rather
 * than a walk over every ROI of the study.
 */
const indexes = new WeakMap<object, { order: readonly string[]; byImage: Map<string, string[]> }>();

function indexOf(rois: Rois): Map<string, string[]> {
  const hit = indexes.get(rois.records);
  if (hit && hit.order === rois.order) return hit.byImage;
  const byImage = new Map<string, string[]>();
  for (const id of rois.order) {
    const r = rois.records[id];
    if (!r) continue;
    const k = keyOf(r.roi.image.sopInstanceUid, r.roi.image.frameNumber);
    const list = byImage.get(k);
    if (list) list.push(id);
    else byImage.set(k, [id]);
  }
  indexes.set(rois.records, { order: rois.order, byImage });
  return byImage;
}

/** Ids of the ROIs (any sync state) on one image, in list order. */
export function roisOnImage(rois: Rois, sopInstanceUid: string, frameNumber: number | undefined): readonly string[] {
  return indexOf(rois).get(keyOf(sopInstanceUid, frameNumber)) ?? [];
}
