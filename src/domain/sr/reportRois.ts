import type { ImageRef, Roi } from '../roi/Roi';
import { deriveRoiId } from '../imaging-selection/deriveRoiId';
import { findingOf } from './roiGroup';
import { scoordToRoi } from './scoordMapping';
import type { ReadGroup, ReadReport } from './readMeasurementReport';

/** What the study knows about an image an SR points at. */
export interface SrImageInfo {
  readonly image: ImageRef;
  readonly rows: number;
  readonly columns: number;
  readonly numberOfFrames: number;
}

export interface ShownSrRoi {
  readonly roi: Roi;
  readonly group: ReadGroup;
}

export interface UnshownSrItem {
  /** Tracking identifier, or "Group n". */
  readonly label: string;
  readonly reason: string;
}

export const groupLabel = (g: ReadGroup) => g.trackingIdentifier ?? `Group ${g.index}`;

/** The ROI id of an SR group: the same report and group always give the same id, so adopting twice does not duplicate. */
export const srRoiId = (sopInstanceUid: string, g: ReadGroup) => deriveRoiId('sr-content', sopInstanceUid, g.trackingUid ?? g.index);

/**
 * The groups of a report as ROIs on the study's images, and the rest with
 * the reason each cannot be shown (3D regions, unknown graphic types, images
 * not in the study, bad coordinates).
 */
export function reportRois(report: ReadReport, lookup: (sopInstanceUid: string) => SrImageInfo | undefined): { shown: ShownSrRoi[]; unshown: UnshownSrItem[] } {
  const shown: ShownSrRoi[] = [];
  const unshown: UnshownSrItem[] = [];
  const sop = report.header?.sopInstanceUid ?? '';
  for (const g of report.groups) {
    const label = groupLabel(g);
    const region = g.region;
    if (region.kind === 'unshowable') {
      unshown.push({ label, reason: region.reason });
      continue;
    }
    if (!region.image) {
      unshown.push({ label, reason: 'the region names no image it was drawn on' });
      continue;
    }
    const info = lookup(region.image.sopInstanceUid);
    if (!info) {
      unshown.push({ label, reason: `the referenced image ${region.image.sopInstanceUid} is not in this study` });
      continue;
    }
    const frame = region.image.frameNumber;
    if (frame !== undefined && (!Number.isInteger(frame) || frame < 1 || frame > info.numberOfFrames)) {
      unshown.push({ label, reason: `frame ${frame} does not exist (the image has ${info.numberOfFrames})` });
      continue;
    }
    // A region without a frame number on a multi-frame image applies to every frame (PS3.3 C.18.3.1.1); it is shown on the first.
    const image: ImageRef = info.numberOfFrames > 1 ? { ...info.image, frameNumber: frame ?? 1 } : info.image;
    const res = scoordToRoi(region.graphicType, region.graphicData, { id: srRoiId(sop, g), image, label, ...(g.finding ? { finding: findingOf(g.finding) } : {}) }, info);
    if (res.ok) shown.push({ roi: res.roi, group: g });
    else unshown.push({ label, reason: res.problem });
  }
  return { shown, unshown };
}
