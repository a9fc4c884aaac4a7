import type { AppState } from './appStore';
import type { PixelSpacing } from '../domain/geometry/imagePlane';
import { measurementSpacing } from '../domain/measure/Measurement';
import { roiTextLines } from '../domain/measure/roiReadout';

type Images = AppState['viewer']['images'];
const spacingBySop = new WeakMap<Images, Map<string, PixelSpacing | undefined>>();

/** Measurement spacing per SOP instance of the shown series; built once per series, not per ROI. */
function spacingOf(images: Images, sopInstanceUid: string): PixelSpacing | undefined {
  let m = spacingBySop.get(images);
  if (!m) {
    m = new Map();
    for (const i of images) {
      const src = measurementSpacing(i.instance);
      m.set(i.instance.sopInstanceUid, src.kind === 'none' ? undefined : src.spacing);
    }
    spacingBySop.set(images, m);
  }
  return m.get(sopInstanceUid);
}

/**
 * The text drawn next to an ROI on the image: the same figures the panel
 * shows, from the same measurements (see roiTextLines). Empty when the text
 * is hidden or the ROI is not in the store (a shape still being drawn).
 */
export function roiTextOf(s: AppState, roiId: string): readonly string[] {
  if (!s.viewer.roiText) return [];
  const rec = s.rois.records[roiId];
  if (!rec || rec.sync === 'deleted') return [];
  return roiTextLines({
    roi: rec.roi,
    spacing: spacingOf(s.viewer.images, rec.roi.image.sopInstanceUid),
    stats: s.viewer.stats[roiId],
    pointValue: s.viewer.pointValues[roiId],
  });
}
