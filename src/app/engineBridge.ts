import { ViewportController } from '../adapters/cornerstone/ViewportController';
import { EngineHost } from '../adapters/cornerstone/EngineHost';
import { setViewportIndex, viewportView } from '../store/layoutActions';
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
import { roisOnImage } from '../store/roisOnImage';
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
  /** One per viewport of the layout: its controller, the stack it was given, and whether that stack is on screen yet. */
  interface Pane {
    readonly controller: ViewportController;
    shown: readonly StackImage[];
    /** imageIds of `shown`, for O(1) "does this viewport show that image". */
    shownIds: ReadonlySet<string>;
    ready: boolean;
  }
  let host: EngineHost | undefined;
  const panes = new Map<string, Pane>();
  const attaching = new Map<string, number>();
  let attachSeq = 0;
  let sync: AnnotationSync | undefined;
  let unsubscribe: (() => void) | undefined;
  /** The SEG overlay sits on the active viewport's element. */
  let seg: { forId: string; bridge: ReturnType<typeof createSegmentationBridge> } | undefined;
  // Commands act on the active viewport. A shape is drawn in the viewport that was active when
  // drawing began (a press activates its viewport first), so ending it looks there.
  const activeId = () => getState().layout.activeId;
  const activePane = () => panes.get(activeId());

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
  function endShapeInProgress(outcome: 'finish' | 'close' | 'cancel', defer: boolean, paneId = activeId()): boolean {
    const a = panes.get(paneId)?.controller.takeShapeInProgress();
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
    for (const id of roisOnImage(s.rois, img.instance.sopInstanceUid, img.frameNumber)) {
      const r = s.rois.records[id];
      if (!r) continue;
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

  /** Every image some viewport has on screen, once: the annotations are drawn for these. */
  function shownImages(): StackImage[] {
    const seen = new Set<string>();
    const out: StackImage[] = [];
    for (const p of panes.values()) {
      if (!p.ready) continue;
      for (const img of p.shown) {
        if (seen.has(img.imageId)) continue;
        seen.add(img.imageId);
        out.push(img);
      }
    }
    return out;
  }

  function attachSegmentation(): void {
    const id = activeId();
    if (seg?.forId === id) return;
    seg?.bridge.destroy();
    seg = undefined;
    const p = panes.get(id);
    if (!p) return;
    const c = p.controller;
    seg = { forId: id, bridge: createSegmentationBridge(new SegmentationOverlay(c.element, () => c.viewport)) };
    if (p.ready) seg.bridge.sync(getState(), undefined, true);
  }

  async function showStack(id: string, p: Pane, images: readonly StackImage[], index: number): Promise<void> {
    p.shown = images;
    p.shownIds = new Set(images.map((i) => i.imageId));
    p.ready = false;
    if (!images.length) {
      sync?.setImages(shownImages());
      refreshAnnotations(true);
      return;
    }
    try {
      await p.controller.setStack(images, getRawMetadata(), index, opts.prefetch);
    } catch (e) {
      const img = images[index];
      if (img) reportFrameError(img.imageId, (e as Error).message);
    }
    if (panes.get(id) !== p || p.shown !== images) return;
    p.ready = true;
    sync?.setImages(shownImages());
    refreshAnnotations(true);
    const view = viewportView(getState(), id);
    if (view && view.index !== p.controller.currentIndex()) p.controller.scrollTo(view.index);
    if (id === activeId()) {
      seg?.bridge.sync(getState(), undefined, true);
      setInvert(p.controller.inverted());
      computeStats();
      setTimeout(() => void renderThumbnails(), 300);
    }
  }

  function apply(s = getState(), prev?: ReturnType<typeof getState>): void {
    const active = s.layout.activeId;
    const activeChanged = !!prev && prev.layout.activeId !== active;
    if (
      prev &&
      (activeChanged || s.viewer.images !== prev.viewer.images || s.viewer.index !== prev.viewer.index || s.viewer.studyUid !== prev.viewer.studyUid || s.session.tool !== prev.session.tool || s.session.accessMode !== prev.session.accessMode)
    ) {
      endShapeInProgress('finish', true, activeChanged ? prev.layout.activeId : active);
    }
    if (activeChanged) {
      attachSegmentation();
      const p = panes.get(active);
      if (p?.ready) {
        p.controller.reportView();
        setInvert(p.controller.inverted());
      }
      computeStats();
    }
    for (const [id, p] of panes) {
      const view = viewportView(s, id);
      if (!view) continue;
      if (view.images !== p.shown) void showStack(id, p, view.images, view.index);
      else if (p.ready && view.index !== p.controller.currentIndex()) p.controller.scrollTo(view.index);
    }
    const segBridge = seg?.bridge;
    if (segBridge && (!s.viewer.images.length || activePane()?.ready)) segBridge.sync(s, prev, false);
    if (prev && s.viewer.index !== prev.viewer.index && !activeChanged) computeStats();
    if (!prev || s.session.tool !== prev.session.tool || s.session.accessMode !== prev.session.accessMode) {
      host?.setTool(s.session.tool, s.session.accessMode === 'edit');
    }
    if (!prev || s.rois.records !== prev.rois.records || s.rois.order !== prev.rois.order || s.session.accessMode !== prev.session.accessMode || s.rois.authorFilter !== prev.rois.authorFilter || s.history.ghosts !== prev.history.ghosts || s.sr.open !== prev.sr.open) {
      refreshAnnotations(false);
      computeStats();
    }
    if (!prev || s.rois.selectedId !== prev.rois.selectedId) sync?.select(s.rois.selectedId);
    if (prev && (s.viewer.stats !== prev.viewer.stats || s.viewer.pointValues !== prev.viewer.pointValues || s.viewer.roiText !== prev.viewer.roiText)) host?.renderAnnotations();
  }

  function start(): EngineHost {
    const h = new EngineHost((id) => roiTextOf(getState(), id));
    host = h;
    sync = new AnnotationSync(
      {
        viewFor: (img) => {
          // Prefer the active viewport: an ROI drawn there is filed under its frame.
          const order = [activePane(), ...panes.values()];
          const p = order.find((x) => x?.ready && x.shownIds.has(img.imageId));
          return p ? { viewport: p.controller.viewport, element: p.controller.element } : undefined;
        },
        viewportIds: () => [...panes.entries()].filter(([, p]) => p.ready).map(([id]) => id),
      },
      {
        onDrawn: (uid, g, img) => onGeometry(uid, g, img, false),
        onEdited: (uid, g, img) => onGeometry(uid, g, img, true),
        onRemoved: (uid) => deleteRoi(uid),
        onSelected: (uid) => selectRoi(uid),
      },
    );
    unsubscribe = appStore.subscribe((s, prev) => apply(s, prev));
    return h;
  }

  function stop(): void {
    unsubscribe?.();
    unsubscribe = undefined;
    seg?.bridge.destroy();
    seg = undefined;
    sync?.destroy();
    sync = undefined;
    host?.destroy();
    host = undefined;
  }

  return {
    attach(id, element) {
      const seq = ++attachSeq;
      attaching.set(id, seq);
      void opts.init().then(() => {
        if (attaching.get(id) !== seq) return;
        const h = host ?? start();
        const isActive = () => getState().layout.activeId === id;
        const c = new ViewportController(h, id, element, {
          onImageIndex: (i) => (isActive() ? goToImage(i) : setViewportIndex(id, i)),
          onVoi: (center, width) => isActive() && setVoi(center, width),
          onZoom: (z) => isActive() && setZoom(z),
          onPointer: (p, r) => isActive() && setPointer(p, r),
          onLoadError: (imageId, message) => reportFrameError(imageId, message),
          onRendered: () => undefined,
          onShapeProgress: (p) => isActive() && setShapeProgress(p),
        });
        panes.set(id, { controller: c, shown: [], shownIds: new Set(), ready: false });
        if (isActive()) attachSegmentation();
        h.setTool(getState().session.tool, getState().session.accessMode === 'edit');
        apply();
      });
    },
    detach(id) {
      attaching.delete(id);
      const p = panes.get(id);
      if (!p) return;
      if (id === activeId()) endShapeInProgress('finish', false, id);
      if (seg?.forId === id) {
        seg.bridge.destroy();
        seg = undefined;
      }
      panes.delete(id);
      p.controller.destroy();
      if (!panes.size) stop();
      else sync?.setImages(shownImages());
    },
    cancelShape: () => void endShapeInProgress('cancel', false),
    finishShape: () => endShapeInProgress('finish', false),
    closeShape: () => endShapeInProgress('close', false),
    zoomBy: (f) => activePane()?.controller.zoomBy(f),
    reset: () => {
      const c = activePane()?.controller;
      c?.reset();
      if (c) setInvert(c.inverted());
    },
    toggleInvert: () => {
      const c = activePane()?.controller;
      if (c) setInvert(c.toggleInvert());
    },
    setVoi: (center, width) => activePane()?.controller.setVoi(center, width),
    resize: () => host?.resize(),
    async captureKeyImage() {
      const shot = await activePane()?.controller.capture();
      if (!shot) return undefined;
      const { view, image } = shot;
      return { rgb: view.rgb, rows: view.rows, columns: view.columns, sopInstanceUid: image.instance.sopInstanceUid, ...(image.isMultiframe ? { frameNumber: image.frameNumber } : {}) };
    },
    imageToCanvas: (p) => activePane()?.controller.imageToCanvas(p),
  };
}
