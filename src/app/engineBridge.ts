import { ViewportController } from '../adapters/cornerstone/ViewportController';
import { AnnotationSync } from '../adapters/cornerstone/AnnotationSync';
import type { RoiGeometry } from '../adapters/cornerstone/annotationMapping';
import type { StackImage } from '../domain/study/models';
import { appStore, getState } from '../store/appStore';
import { goToImage, setVoi, setZoom, setPointer, reportFrameError, setInvert, getRawMetadata } from '../store/viewerActions';
import { addRoi, updateRoi, deleteRoi, selectRoi, showHint, recordCancelledShape } from '../store/roiActions';
import { createRoi } from '../domain/roi/createRoi';
import type { Roi } from '../domain/roi/Roi';
import { roiModalityStats, type RoiModalityStats } from '../domain/measure/roiStats';
import { pixelMeaning, type ModalityReadout } from '../domain/measure/modalityValue';
import { pointModalityValue } from '../domain/measure/roiReadout';
import { roiTextOf } from '../store/roiText';
import { setShapeProgress } from '../store/sessionActions';
import { storedValueReader } from '../adapters/cornerstone/storedPixels';
import type { ViewerCommands } from '../ui/viewer/ViewerCommands';
import type { RoiRecord } from '../store/slices/roiSlice';
import { renderThumbnail } from '../adapters/cornerstone/renderThumbnail';
import { buildStack } from '../adapters/dicomweb/buildStack';
import { getServices } from '../store/services';
import { setThumbnail } from '../store/viewerActions';
import { createSegmentationBridge } from './segmentationBridge';
import { SegmentationOverlay } from '../adapters/cornerstone/SegmentationOverlay';

function imageRefOf(img: StackImage): Roi['image'] {
  return {
    studyUid: img.instance.studyUid,
    seriesUid: img.instance.seriesUid,
    sopInstanceUid: img.instance.sopInstanceUid,
    sopClassUid: img.instance.sopClassUid,
    ...(img.isMultiframe ? { frameNumber: img.frameNumber } : {}),
  };
}

function displayed(records: Readonly<Record<string, RoiRecord>>, order: readonly string[], review: boolean, authorFilter?: string) {
  const out: Array<{ roi: Roi; locked: boolean }> = [];
  for (const id of order) {
    const r = records[id];
    if (!r || r.sync === 'deleted') continue;
    if (authorFilter && r.server?.author !== authorFilter) continue;
    out.push({ roi: r.roi, locked: review || !!r.readOnly });
  }
  return out;
}

/**
 * Wires the Cornerstone engine to the store in both directions: store changes
 * drive the viewport and the annotations; engine events become store actions.
 * The only place that holds engine objects.
 */
export function createEngineBridge(opts: { prefetch: boolean; init: () => Promise<void> }): ViewerCommands {
  let controller: ViewportController | undefined;
  let sync: AnnotationSync | undefined;
  let unsubscribe: (() => void) | undefined;
  let segBridge: ReturnType<typeof createSegmentationBridge> | undefined;
  let attachSeq = 0;

  const onGeometry = (uid: string, g: RoiGeometry, img: StackImage, existing: boolean) => {
    const rec = getState().rois.records[uid];
    const res = createRoi(
      { kind: g.kind, points: g.points, closed: g.closed, id: uid, image: imageRefOf(img), label: rec?.roi.label, finding: rec?.roi.finding, illustrations: rec?.roi.illustrations },
      { rows: img.instance.rows, columns: img.instance.columns },
    );
    if (!res.ok) {
      showHint(res.problem);
      if (existing) refreshAnnotations(true);
      return;
    }
    if (existing) updateRoi(res.roi);
    else addRoi(res.roi);
    refreshAnnotations(false);
  };

  /**
   * The one way a half-drawn polyline/curve ends. 'cancel' (Escape) drops it
   * but records the cancel so Undo brings it back; 'finish' (another tool,
   * another image or series, review mode, leaving) keeps it as an open path
   * when it has enough points, and otherwise drops it with the reason. The
   * geometry is read at once, while the image it was drawn on is still known;
   * the store is told after the current store update has been applied.
   */
  function endShapeInProgress(outcome: 'finish' | 'close' | 'cancel', defer: boolean): boolean {
    const a = controller?.takeShapeInProgress();
    const found = a && sync?.geometryOf(a);
    setShapeProgress(undefined);
    if (!a?.annotationUID || !found) return false;
    const uid = a.annotationUID;
    const commitIt = () => {
      if (outcome === 'close') {
        // Fewer than 3 vertices cannot close: createRoi says why, as for any other shape it refuses.
        onGeometry(uid, { ...found.geometry, closed: true }, found.image, false);
        return;
      }
      if (outcome === 'finish') {
        onGeometry(uid, found.geometry, found.image, false);
        return;
      }
      const g = found.geometry;
      const res = createRoi({ kind: g.kind, points: g.points, closed: g.closed, id: uid, image: imageRefOf(found.image) }, { rows: found.image.instance.rows, columns: found.image.instance.columns });
      if (res.ok) recordCancelledShape(res.roi);
      else showHint('Shape cancelled.');
    };
    if (defer) queueMicrotask(commitIt);
    else commitIt();
    return true;
  }

  function refreshAnnotations(force: boolean): void {
    if (!sync) return;
    const s = getState();
    if (force) sync.clear();
    // Earlier versions from the History view are drawn as locked outlines beside the ROI.
    const ghosts = s.history.ghosts.map((g) => ({ roi: { ...g.roi, id: `ghost-${g.roi.id}-v${g.versionId}`, label: `v${g.versionId}` }, locked: true }));
    // An open SR's regions are drawn locked beside ours ("from SR"), until adopted or closed.
    const fromSr = (s.sr.open?.shown ?? []).filter((x) => !s.rois.records[x.roi.id]).map((x) => ({ roi: x.roi, locked: true }));
    sync.reconcile([...displayed(s.rois.records, s.rois.order, s.session.accessMode === 'review', s.rois.authorFilter), ...ghosts, ...fromSr]);
  }

  // ROI objects are immutable: stats are computed once per version of an ROI, not on every store change.
  const statsOf = new WeakMap<Roi, RoiModalityStats | null>();
  const pointValueOf = new WeakMap<Roi, ModalityReadout | null>();

  function computeStats(): void {
    const s = getState();
    const img = s.viewer.images[s.viewer.index];
    if (!img || s.viewer.frameErrors[img.imageId]) return;
    const meaning = pixelMeaning(img.instance);
    const stored = meaning.kind === 'modality' ? storedValueReader(img.imageId) : undefined;
    if (meaning.kind === 'modality' && !stored) return; // not decoded yet
    const { columns, rows } = img.instance;
    const stats: Record<string, RoiModalityStats> = { ...s.viewer.stats };
    const pointValues: Record<string, ModalityReadout> = { ...s.viewer.pointValues };
    let changed = false;
    for (const id of s.rois.order) {
      const r = s.rois.records[id];
      if (!r || r.roi.image.sopInstanceUid !== img.instance.sopInstanceUid || (r.roi.image.frameNumber ?? 1) !== img.frameNumber) continue;
      if (r.roi.kind === 'point') {
        let value = pointValueOf.get(r.roi);
        if (value === undefined) {
          value = pointModalityValue(r.roi, rows, columns, meaning, stored ?? (() => Number.NaN)) ?? null;
          pointValueOf.set(r.roi, value);
        }
        if (value && pointValues[id] !== value) {
          pointValues[id] = value;
          changed = true;
        }
        continue;
      }
      let entry = statsOf.get(r.roi);
      if (entry === undefined) {
        entry = roiModalityStats(r.roi, rows, columns, meaning, stored ?? (() => Number.NaN)) ?? null;
        statsOf.set(r.roi, entry);
      }
      if (entry && stats[id] !== entry) {
        stats[id] = entry;
        changed = true;
      }
    }
    if (changed) appStore.setState((x) => ({ viewer: { ...x.viewer, stats, pointValues } }));
  }

  let thumbnailsFor: string | undefined;
  /** Series pictures, one at a time after the main image is up; the metadata fetched here also makes switching series instant. */
  async function renderThumbnails(): Promise<void> {
    const { viewer } = getState();
    if (!viewer.studyUid || thumbnailsFor === viewer.studyUid) return;
    const studyUid = viewer.studyUid;
    thumbnailsFor = studyUid;
    for (const series of viewer.series) {
      if (!series.isImage || getState().viewer.thumbnails[series.seriesUid]) continue;
      if (getState().viewer.studyUid !== studyUid) return;
      try {
        const { instances, raw } = await getServices().dicomweb.getSeriesMetadata(studyUid, series.seriesUid);
        const stack = buildStack(instances, getServices().wadoRoot);
        const middle = stack[Math.floor(stack.length / 2)];
        const ds = middle && raw.get(middle.instance.sopInstanceUid);
        if (middle && ds) setThumbnail(series.seriesUid, await renderThumbnail(middle, ds));
      } catch (e) {
        console.warn('No thumbnail for series', series.seriesUid, (e as Error).message);
      }
    }
  }

  return {
    attach(element) {
      const seq = ++attachSeq;
      void opts.init().then(() => {
        if (seq !== attachSeq) return;
        const c = new ViewportController(element, {
          onImageIndex: (i) => goToImage(i),
          onVoi: (center, width) => setVoi(center, width),
          onZoom: setZoom,
          onPointer: (p, r) => setPointer(p, r),
          onLoadError: (imageId, message) => reportFrameError(imageId, message),
          onRendered: () => undefined,
          roiText: (id) => roiTextOf(getState(), id),
          onShapeProgress: setShapeProgress,
        });
        controller = c;
        sync = new AnnotationSync(() => c.viewport, element, c.viewportId, {
          onDrawn: (uid, g, img) => onGeometry(uid, g, img, false),
          onEdited: (uid, g, img) => onGeometry(uid, g, img, true),
          onRemoved: (uid) => deleteRoi(uid),
          onSelected: (uid) => selectRoi(uid),
        });
        const seg = createSegmentationBridge(new SegmentationOverlay(element, () => c.viewport));
        segBridge = seg;
        let shownImages: readonly StackImage[] = [];
        // The labelmap goes onto the viewport only once its stack is set (a SEG opens its source series first).
        let stackPending = false;
        const apply = async (s = getState(), prev?: ReturnType<typeof getState>) => {
          if (
            prev &&
            (s.viewer.images !== prev.viewer.images || s.viewer.index !== prev.viewer.index || s.viewer.studyUid !== prev.viewer.studyUid || s.session.tool !== prev.session.tool || s.session.accessMode !== prev.session.accessMode)
          ) {
            endShapeInProgress('finish', true);
          }
          if (s.viewer.images !== shownImages) {
            shownImages = s.viewer.images;
            sync!.setImages(shownImages);
            if (shownImages.length) {
              stackPending = true;
              try {
                await c.setStack(shownImages, getRawMetadata(), s.viewer.index, opts.prefetch);
              } catch (e) {
                const img = shownImages[s.viewer.index];
                if (img) reportFrameError(img.imageId, (e as Error).message);
              } finally {
                stackPending = false;
              }
              if (controller === c && getState().viewer.images === shownImages) seg.sync(getState(), undefined, true);
              setInvert(c.inverted());
              refreshAnnotations(true);
              computeStats();
              setTimeout(() => void renderThumbnails(), 300);
            }
            return;
          }
          if (!shownImages.length) {
            seg.sync(s, prev, false);
            return;
          }
          if (!stackPending) seg.sync(s, prev, false);
          if (!prev || s.viewer.index !== prev.viewer.index) {
            c.scrollTo(s.viewer.index);
            computeStats();
          }
          if (!prev || s.session.tool !== prev.session.tool || s.session.accessMode !== prev.session.accessMode) {
            c.setTool(s.session.tool, s.session.accessMode === 'edit');
          }
          if (!prev || s.rois.records !== prev.rois.records || s.rois.order !== prev.rois.order || s.session.accessMode !== prev.session.accessMode || s.rois.authorFilter !== prev.rois.authorFilter || s.history.ghosts !== prev.history.ghosts || s.sr.open !== prev.sr.open) {
            refreshAnnotations(false);
            computeStats();
          }
          if (!prev || s.rois.selectedId !== prev.rois.selectedId) sync!.select(s.rois.selectedId);
          if (prev && (s.viewer.stats !== prev.viewer.stats || s.viewer.pointValues !== prev.viewer.pointValues || s.viewer.roiText !== prev.viewer.roiText)) c.renderAnnotations();
        };
        unsubscribe = appStore.subscribe((s, prev) => void apply(s, prev));
        c.setTool(getState().session.tool, getState().session.accessMode === 'edit');
        void apply();
      });
    },
    detach() {
      attachSeq++;
      endShapeInProgress('finish', false);
      unsubscribe?.();
      unsubscribe = undefined;
      segBridge?.destroy();
      segBridge = undefined;
      sync?.destroy();
      sync = undefined;
      controller?.destroy();
      controller = undefined;
    },
    cancelShape: () => void endShapeInProgress('cancel', false),
    finishShape: () => endShapeInProgress('finish', false),
    closeShape: () => endShapeInProgress('close', false),
    zoomBy: (f) => controller?.zoomBy(f),
    reset: () => {
      controller?.reset();
      if (controller) setInvert(controller.inverted());
    },
    toggleInvert: () => {
      if (controller) setInvert(controller.toggleInvert());
    },
    setVoi: (center, width) => controller?.setVoi(center, width),
    resize: () => controller?.resize(),
    async captureKeyImage() {
      const shot = await controller?.capture();
      if (!shot) return undefined;
      const { view, image } = shot;
      return { rgb: view.rgb, rows: view.rows, columns: view.columns, sopInstanceUid: image.instance.sopInstanceUid, ...(image.isMultiframe ? { frameNumber: image.frameNumber } : {}) };
    },
    imageToCanvas: (p) => controller?.imageToCanvas(p),
  };
}
