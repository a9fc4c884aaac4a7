import { getState, setState } from './appStore';
import { initialViewer } from './slices/viewerSlice';
import { getServices } from './services';
import { buildStack } from '../adapters/dicomweb/buildStack';
import { DicomWebError } from '../adapters/dicomweb/DicomWebError';
import type { Point2 } from '../domain/roi/Roi';
import type { ModalityReadout } from '../domain/measure/modalityValue';
import { unitsNote } from '../domain/measure/Measurement';
import { currentImageUnreadable, UNREADABLE_IMAGE_HINT } from './sessionActions';
import { rememberInstances, resetStudyData } from './studyActions';
import { loadSrReports, resetSr } from './srActions';
import { closeSegmentation, openSegmentation, resetSegmentation } from './segmentationActions';
import { alignedIndex, fillEmptyViewports, resetViewports, syncFromActive } from './layoutActions';
import type { ViewportState } from './slices/layoutSlice';
import type { SeriesSummary } from '../domain/study/models';

export { getRawMetadata } from './studyActions';

let openSeq = 0;

/** The series a study opens on: the one asked for, else its first image series, else its first. */
function chooseSeries(series: readonly SeriesSummary[], wanted: string | undefined): SeriesSummary | undefined {
  return series.find((x) => x.seriesUid === wanted) ?? series.find((x) => x.isImage) ?? series[0];
}

export async function openStudy(studyUid: string, seriesUid?: string): Promise<void> {
  const seq = ++openSeq;
  if (getState().segmentation.studyUid !== studyUid) resetSegmentation();
  else closeSegmentation();
  // Showing ROI text is the reader's preference, not the study's: it survives a study switch.
  setState((s) => ({ viewer: { ...initialViewer, status: 'loading', studyUid, roiText: s.viewer.roiText } }));
  resetViewports();
  resetSr();
  const { dicomweb } = getServices();
  try {
    const seriesList = dicomweb.searchSeries(studyUid);
    // The first series' metadata is requested as soon as the series are listed, without waiting for
    // the study's own QIDO answer: selectSeries below then finds it in flight (the client keeps it).
    void seriesList
      .then((list) => {
        const first = chooseSeries(list, seriesUid);
        if (first?.isImage && first.modality !== 'SEG' && seq === openSeq) void dicomweb.getSeriesMetadata(studyUid, first.seriesUid).catch(() => undefined);
      })
      .catch(() => undefined);
    const [study, series] = await Promise.all([dicomweb.getStudy(studyUid), seriesList]);
    if (seq !== openSeq) return;
    if (!study || series.length === 0) {
      setState((s) => ({ viewer: { ...s.viewer, status: 'not-found', error: 'Study not found' } }));
      return;
    }
    setState((s) => ({ viewer: { ...s.viewer, status: 'ready', study, series } }));
    void loadSrReports(studyUid);
    const chosen = chooseSeries(series, seriesUid)!;
    await selectSeries(chosen.seriesUid);
    if (seq === openSeq) fillEmptyViewports();
  } catch (e) {
    if (seq !== openSeq) return;
    const notFound = e instanceof DicomWebError && e.kind === 'not-found';
    setState((s) => ({
      viewer: { ...s.viewer, status: notFound ? 'not-found' : 'error', error: notFound ? 'Study not found' : (e as Error).message },
    }));
  }
}

/** The latest load asked of each viewport: an answer for an earlier one is dropped. */
const viewportLoads = new Map<string, number>();
let loadCounter = 0;

/** Marks a new load of a viewport's content; any earlier load of it will not write. */
export function claimViewport(viewportId: string): number {
  viewportLoads.set(viewportId, ++loadCounter);
  return loadCounter;
}

export function claimedBy(viewportId: string): number | undefined {
  return viewportLoads.get(viewportId);
}

type SeriesChange = Pick<ViewportState, 'seriesUid' | 'seriesStatus' | 'images' | 'index' | 'notes'>;

/** Writes a series load into the viewer slice while the viewport is active, into its layout entry otherwise (it may have been left while loading). */
function writeSeries(viewportId: string, change: Partial<SeriesChange>, error?: string): void {
  setState((s) =>
    s.layout.activeId === viewportId
      ? { viewer: { ...s.viewer, ...change, ...(error !== undefined ? { error } : {}) } }
      : { layout: { ...s.layout, viewports: s.layout.viewports.map((v) => (v.id === viewportId ? { ...v, ...change, studyUid: s.viewer.studyUid, ...(error !== undefined ? { notes: [error] } : {}) } : v)) } },
  );
}

export async function selectSeries(seriesUid: string, targetImage?: { sopInstanceUid: string; frameNumber?: number }): Promise<void> {
  const { viewer } = getState();
  const summary = viewer.series.find((s) => s.seriesUid === seriesUid);
  if (!viewer.studyUid || !summary) return;
  // A SEG opens over its source series (which then comes back through here as the series to show).
  if (summary.modality === 'SEG' && getState().segmentation.segSeriesUid !== seriesUid) {
    await openSegmentation(seriesUid);
    return;
  }
  if (getState().segmentation.sourceSeriesUid !== seriesUid) closeSegmentation();
  await loadSeries(getState().layout.activeId, seriesUid, targetImage);
}

/**
 * Loads one of the open study's series into a viewport (the active one
 * unless the layout fills another). Without a target image it starts where
 * a synced viewport of the same Frame of Reference is, else at the first.
 */
export async function loadSeries(viewportId: string, seriesUid: string, targetImage?: { sopInstanceUid: string; frameNumber?: number }): Promise<void> {
  const { viewer } = getState();
  const summary = viewer.series.find((s) => s.seriesUid === seriesUid);
  if (!viewer.studyUid || !summary) return;
  const seq = claimViewport(viewportId);
  if (!summary.isImage) {
    writeSeries(viewportId, { seriesUid, seriesStatus: 'not-image', images: [], index: 0, notes: [`${summary.modality} series: not an image series, nothing to display or annotate`] });
    return;
  }
  writeSeries(viewportId, { seriesUid, seriesStatus: 'loading', images: [], index: 0, notes: [] });
  if (getState().layout.activeId === viewportId) setState((s) => ({ viewer: { ...s.viewer, frameErrors: {} } }));
  try {
    const { instances, raw, problems } = await getServices().dicomweb.getSeriesMetadata(viewer.studyUid, seriesUid);
    if (claimedBy(viewportId) !== seq) return;
    rememberInstances(instances, raw);
    const images = buildStack(instances, getServices().wadoRoot);
    const notes = problems.map((p) => p.message);
    const units = unitsNote(instances);
    if (units) notes.push(units);
    if (images.length === 0) notes.push('This series has no displayable images');
    let index = alignedIndex(viewportId, images) ?? 0;
    if (targetImage) {
      const found = images.findIndex((i) => i.instance.sopInstanceUid === targetImage.sopInstanceUid && (targetImage.frameNumber ?? 1) === i.frameNumber);
      if (found >= 0) index = found;
    }
    writeSeries(viewportId, { seriesStatus: images.length ? 'ready' : 'error', images, index, notes });
    // A target image (an ROI shown from the list) leads: the others follow it.
    if (targetImage && getState().layout.activeId === viewportId) syncFromActive();
  } catch (e) {
    if (claimedBy(viewportId) !== seq) return;
    writeSeries(viewportId, { seriesStatus: 'error' }, (e as Error).message);
  }
}

export function goToImage(index: number): void {
  const n = getState().viewer.images.length;
  if (!n) return;
  const i = Math.max(0, Math.min(n - 1, Math.round(index)));
  if (i !== getState().viewer.index) {
    setState((s) => ({ viewer: { ...s.viewer, index: i } }));
    refuseDrawingIfUnreadable();
    syncFromActive();
  }
}

export function stepImage(delta: number): void {
  goToImage(getState().viewer.index + delta);
}

export function setVoi(center: number, width: number): void {
  const v = getState().viewer.voi;
  if (v && v.center === center && v.width === width) return;
  setState((s) => ({ viewer: { ...s.viewer, voi: { center, width } } }));
}

export function setPointer(pointer: Point2 | undefined, pointerReadout?: ModalityReadout): void {
  setState((s) => ({ viewer: { ...s.viewer, pointer, pointerReadout } }));
}

export function setInvert(invert: boolean): void {
  setState((s) => ({ viewer: { ...s.viewer, invert } }));
}

/**
 * A frame that failed to decode. When it is the image on screen, a drawing
 * tool in use goes back to Select with a hint: its pixels are not shown, so
 * a shape drawn there would be filed under an image nobody saw.
 */
export function reportFrameError(imageId: string, message: string): void {
  setState((s) => ({ viewer: { ...s.viewer, frameErrors: { ...s.viewer.frameErrors, [imageId]: message } } }));
  refuseDrawingIfUnreadable();
}

function refuseDrawingIfUnreadable(): void {
  const s = getState();
  if (currentImageUnreadable(s)) {
    if (s.session.tool !== 'Select') {
      setState((x) => ({ session: { ...x.session, tool: 'Select', mode: x.session.mode.name === 'drawing' ? { name: 'idle' } : x.session.mode }, rois: { ...x.rois, hint: UNREADABLE_IMAGE_HINT } }));
    }
  } else if (s.rois.hint === UNREADABLE_IMAGE_HINT) {
    setState((x) => ({ rois: { ...x.rois, hint: undefined } }));
  }
}

export function closeStudy(): void {
  ++openSeq;
  resetViewports();
  resetSegmentation();
  setState({ viewer: initialViewer });
  resetSr();
  resetStudyData();
}

export function setThumbnail(seriesUid: string, url: string): void {
  setState((s) => ({ viewer: { ...s.viewer, thumbnails: { ...s.viewer.thumbnails, [seriesUid]: url } } }));
}

/** Shows or hides every ROI's on-image text (label and figures) at once. */
export function toggleRoiText(): void {
  setState((s) => ({ viewer: { ...s.viewer, roiText: !s.viewer.roiText } }));
}

export function setZoom(zoom: number): void {
  if (!Number.isFinite(zoom) || getState().viewer.zoom === zoom) return;
  setState((s) => ({ viewer: { ...s.viewer, zoom } }));
}

export function setVoiPreset(name: string | undefined): void {
  setState((s) => ({ viewer: { ...s.viewer, voiPreset: name } }));
}
