import { SegmentationOverlay, type OverlayLook } from '../adapters/cornerstone/SegmentationOverlay';
import { loadStoredValues } from '../adapters/cornerstone/storedPixels';
import type { AppState } from '../store/appStore';
import { getState } from '../store/appStore';
import { setSegmentStats } from '../store/segmentationActions';
import { segmentStats } from '../domain/segmentation/segmentStats';
import { pixelMeaning, toModalityValue } from '../domain/measure/modalityValue';

const lookOf = (s: AppState['segmentation']): OverlayLook => ({
  segments: s.segments.map((x) => ({ number: x.info.number, rgb: x.info.rgb, visible: x.visible })),
  opacity: s.opacity,
  ...(s.selected !== undefined ? { selected: s.selected } : {}),
});

/**
 * Keeps the Cornerstone labelmap in step with the store's segmentation: shown once the source stack is
 * on the viewport, restyled on colour/visibility/opacity/highlight changes, removed with the stack.
 * Also computes the selected segment's statistics (they need every slice it covers decoded).
 */
export function createSegmentationBridge(overlay: SegmentationOverlay) {
  let shownFor: AppState['segmentation']['labelmap'];
  const computing = new Set<string>();

  async function computeStats(s: AppState): Promise<void> {
    const seg = s.segmentation;
    const n = seg.selected;
    const lm = seg.labelmap;
    if (n === undefined || !lm || seg.segments.find((x) => x.info.number === n)?.stats) return;
    const key = `${seg.segSopInstanceUid}#${n}`;
    if (computing.has(key)) return;
    computing.add(key);
    try {
      const byKey = new Map(s.viewer.images.map((i) => [i.imageId, i]));
      const values = new Map<string, Float64Array>();
      for (const imageId of lm.slicesBySegment.get(n) ?? []) {
        const img = byKey.get(imageId);
        const meaning = img && pixelMeaning(img.instance);
        const read = img && meaning?.kind === 'modality' ? await loadStoredValues(imageId) : undefined;
        if (!img || !read || meaning?.kind !== 'modality') break;
        const { rows, columns } = img.instance;
        const out = new Float64Array(rows * columns);
        const slice = lm.slices.get(imageId)!;
        for (let j = 0, p = 0; j < rows; j++) for (let i = 0; i < columns; i++, p++) if (slice[p] === n) out[p] = toModalityValue(meaning.transform, read(i, j));
        values.set(imageId, out);
      }
      const now = getState().segmentation;
      if (now.labelmap !== lm) return;
      setSegmentStats(segmentStats(lm, n, { pixelSpacing: now.pixelSpacing, sliceSpacing: now.sliceSpacing }, (k) => values.get(k)));
    } finally {
      computing.delete(key);
    }
  }

  return {
    /** Called after every store change, once the viewport shows `s.viewer.images`. */
    sync(s: AppState, prev: AppState | undefined, stackChanged: boolean): void {
      const seg = s.segmentation;
      const wanted = seg.status === 'ready' && seg.labelmap && s.viewer.seriesUid === seg.sourceSeriesUid && s.viewer.images.length ? seg.labelmap : undefined;
      if (stackChanged || wanted !== shownFor) {
        if (!wanted) overlay.clear();
        else overlay.show(wanted.slices, lookOf(seg));
        shownFor = wanted;
      } else if (wanted && prev && (seg.segments !== prev.segmentation.segments || seg.opacity !== prev.segmentation.opacity || seg.selected !== prev.segmentation.selected)) {
        overlay.restyle(lookOf(seg));
      }
      if (wanted && (!prev || seg.selected !== prev.segmentation.selected || seg.labelmap !== prev.segmentation.labelmap)) void computeStats(s);
    },
    destroy(): void {
      overlay.destroy();
      shownFor = undefined;
    },
  };
}
