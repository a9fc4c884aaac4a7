import { getState, setState, type AppState } from './appStore';
import { viewportCount, type ViewportLayout } from '../domain/layout/viewportLayout';
import { closestByPosition } from '../domain/geometry/positionSync';
import type { StackImage } from '../domain/study/models';
import { emptyViewport, FIRST_VIEWPORT_ID, type LayoutSlice, type ViewportState } from './slices/layoutSlice';
import { getServices } from './services';
import { claimedBy, claimViewport, loadSeries } from './viewerActions';
import { buildStack } from '../adapters/dicomweb/buildStack';
import { rememberInstances } from './studyActions';
import { activeShowsPrior, PRIOR_STUDY_HINT } from './sessionActions';

const idOf = (n: number) => (n === 0 ? FIRST_VIEWPORT_ID : `vp-${n + 1}`);

/**
 * What a viewport shows. The active one is read from the viewer slice (where
 * everything acting on "the image" reads it), the others from their entry.
 * A new object per call: UI selectors pick single fields from it.
 */
export function viewportView(s: AppState, id: string): ViewportState | undefined {
  const v = s.layout.viewports.find((x) => x.id === id);
  if (!v || id !== s.layout.activeId) return v;
  const { viewer } = s;
  // A failed load's reason is the viewer's error while active; it travels in the notes when the viewport is left.
  const failed = viewer.seriesStatus === 'error' && viewer.error && !viewer.notes.includes(viewer.error) ? [viewer.error] : [];
  return { ...v, studyUid: viewer.images[0]?.instance.studyUid ?? viewer.studyUid, seriesUid: viewer.seriesUid, seriesStatus: viewer.seriesStatus, images: viewer.images, index: viewer.index, notes: failed.length ? [...failed, ...viewer.notes] : viewer.notes };
}

function patch(id: string, change: Partial<Omit<ViewportState, 'id'>>): void {
  setState((s) => ({ layout: { ...s.layout, viewports: s.layout.viewports.map((v) => (v.id === id ? { ...v, ...change } : v)) } }));
}

/**
 * Makes another viewport the one tools, W/L, the keyboard and the ROI list
 * act on: the viewer slice takes its series, images and index, and the
 * viewport that was active keeps its own in its entry. A shape being drawn
 * is ended by the engine bridge (it sees the active viewport change).
 */
export function activateViewport(id: string): void {
  const s = getState();
  const next = s.layout.viewports.find((v) => v.id === id);
  if (!next || id === s.layout.activeId) return;
  const leaving = viewportView(s, s.layout.activeId);
  setState((x) => ({
    layout: { ...x.layout, activeId: id, viewports: x.layout.viewports.map((v) => (leaving && v.id === leaving.id ? leaving : v)) },
    // The series error shown is the new viewport's own (a failed load there keeps its reason in its notes).
    viewer: { ...x.viewer, seriesUid: next.seriesUid, seriesStatus: next.seriesStatus, images: next.images, index: next.index, notes: next.notes, error: next.seriesStatus === 'error' ? next.notes[0] : undefined, pointer: undefined, pointerReadout: undefined },
  }));
  if (activeShowsPrior() && getState().session.tool !== 'Select') {
    setState((x) => ({ session: { ...x.session, tool: 'Select', mode: x.session.mode.name === 'drawing' ? { name: 'idle' } : x.session.mode }, rois: { ...x.rois, hint: PRIOR_STUDY_HINT } }));
  }
}

/** The next (or previous) viewport of the layout becomes the active one, wrapping around: the keyboard's way between viewports. */
export function activateNextViewport(delta: 1 | -1): void {
  const { viewports, activeId } = getState().layout;
  const i = viewports.findIndex((v) => v.id === activeId);
  const next = viewports[(i + delta + viewports.length) % viewports.length];
  if (next) activateViewport(next.id);
}

/**
 * Switches the layout. Viewports that stay keep their series and position;
 * new ones get the next series of the study not shown yet. When the active
 * viewport goes away the first one becomes active, so tools never act on a
 * viewport no one sees.
 */
export function setLayout(layout: ViewportLayout): void {
  const n = viewportCount(layout);
  if (!getState().layout.viewports.slice(0, n).some((v) => v.id === getState().layout.activeId)) activateViewport(FIRST_VIEWPORT_ID);
  const cur = getState().layout;
  const viewports = Array.from({ length: n }, (_, i) => cur.viewports[i] ?? emptyViewport(idOf(i)));
  setState((s) => ({ layout: { ...s.layout, layout, viewports } }));
  fillEmptyViewports();
}

/** A new study starts in its first viewport, the others empty until its series are known, and with no priors listed yet. */
export function resetViewports(): void {
  setState((s) => ({
    layout: {
      ...s.layout,
      activeId: FIRST_VIEWPORT_ID,
      viewports: s.layout.viewports.map((v) => emptyViewport(v.id)),
      priors: s.layout.priors.forStudyUid === s.viewer.studyUid ? s.layout.priors : { status: 'idle', studies: [] },
    },
  }));
}

/** Puts the study's image series not shown yet into empty viewports, in series order; with none left a viewport stays empty. */
export function fillEmptyViewports(): void {
  const s = getState();
  if (s.viewer.status !== 'ready') return;
  const shown = new Set(s.layout.viewports.map((v) => viewportView(s, v.id)?.seriesUid).filter(Boolean));
  const free = s.viewer.series.filter((x) => x.isImage && x.modality !== 'SEG' && !shown.has(x.seriesUid));
  for (const v of s.layout.viewports) {
    const view = viewportView(s, v.id);
    if (!view || view.seriesUid || view.seriesStatus !== 'idle') continue;
    const next = free.shift();
    if (!next) return;
    void loadSeries(v.id, next.seriesUid);
  }
}

export function setViewportIndex(id: string, index: number): void {
  const s = getState();
  const i = Math.max(0, index);
  if (id === s.layout.activeId) {
    if (s.viewer.index !== i && i < s.viewer.images.length) setState((x) => ({ viewer: { ...x.viewer, index: i } }));
    return;
  }
  const v = s.layout.viewports.find((x) => x.id === id);
  if (v && v.index !== i && i < v.images.length) patch(id, { index: i });
}

export function toggleSync(id: string): void {
  const v = getState().layout.viewports.find((x) => x.id === id);
  if (!v) return;
  patch(id, { sync: !v.sync });
  // Turned back on: it joins the others where they are now.
  if (!v.sync) syncFromActive();
}

/**
 * Where viewports showing the same Frame of Reference should be once
 * `sourceId` shows its current image: for each other synced viewport, the
 * image closest along the source's slice normal (positionSync). Viewports
 * with sync off, without images, or in another frame are left alone.
 */
export function syncTargets(sourceId: string, s: AppState = getState()): Array<{ id: string; index: number }> {
  const source = viewportView(s, sourceId);
  const image = source?.sync ? source.images[source.index] : undefined;
  if (!source || !image) return [];
  const out: Array<{ id: string; index: number }> = [];
  for (const v of s.layout.viewports) {
    if (v.id === sourceId) continue;
    const view = viewportView(s, v.id);
    if (!view?.sync || !view.images.length) continue;
    const index = closestByPosition(image, view.images);
    if (index !== undefined && index !== view.index) out.push({ id: v.id, index });
  }
  return out;
}

/**
 * Moves the synced viewports to the active one's position. Called when the
 * active viewport's image changes (scroll, keys, slider, a new series), never
 * for a viewport that moved because of sync, so two series with different
 * spacing cannot bounce each other.
 */
export function syncFromActive(): void {
  const s = getState();
  if (s.layout.viewports.length < 2) return;
  for (const t of syncTargets(s.layout.activeId, s)) setViewportIndex(t.id, t.index);
}

/** Where a series just loaded into `id` should start: at the position of another synced viewport of its frame, if any. */
export function alignedIndex(id: string, images: readonly StackImage[]): number | undefined {
  const s = getState();
  const own = s.layout.viewports.find((v) => v.id === id);
  if (!own?.sync) return undefined;
  for (const id2 of [s.layout.activeId, ...s.layout.viewports.map((v) => v.id)]) {
    if (id2 === id) continue;
    const view = viewportView(s, id2);
    const image = view?.sync ? view.images[view.index] : undefined;
    const index = image && closestByPosition(image, images);
    if (index !== undefined) return index;
  }
  return undefined;
}

/**
 * Shows a prior study of the patient beside the active viewport (a 1x1
 * layout becomes 1x2). The prior is for reading only: ROIs are drawn and
 * saved in the open study, whose context (accession, ImagingStudy) they
 * reference. Its first image series is loaded, aligned by position when it
 * shares a Frame of Reference.
 */
export async function comparePrior(studyUid: string): Promise<void> {
  if (getState().layout.layout === '1x1') {
    setState((s) => ({ layout: { ...s.layout, layout: '1x2', viewports: [s.layout.viewports[0]!, emptyViewport(idOf(1))] } }));
  }
  const id = getState().layout.viewports.find((v) => v.id !== getState().layout.activeId)!.id;
  const token = claimViewport(id);
  const { dicomweb, wadoRoot } = getServices();
  const write = (change: Partial<Omit<ViewportState, 'id'>>) => {
    if (claimedBy(id) !== token) return;
    if (id === getState().layout.activeId) activateViewport(getState().layout.viewports.find((v) => v.id !== id)!.id);
    patch(id, change);
  };
  write({ studyUid, seriesUid: undefined, seriesStatus: 'loading', images: [], index: 0, notes: [] });
  try {
    const series = await dicomweb.searchSeries(studyUid);
    const first = series.find((x) => x.isImage && x.modality !== 'SEG');
    if (!first) {
      write({ seriesStatus: 'error', notes: ['This prior study has no image series'] });
      return;
    }
    const { instances, raw, problems } = await dicomweb.getSeriesMetadata(studyUid, first.seriesUid);
    rememberInstances(instances, raw);
    const images = buildStack(instances, wadoRoot);
    write({ seriesUid: first.seriesUid, seriesStatus: images.length ? 'ready' : 'error', images, index: alignedIndex(id, images) ?? 0, notes: problems.map((p) => p.message) });
  } catch (e) {
    write({ seriesStatus: 'error', notes: [(e as Error).message] });
  }
}

/**
 * Finds the other studies of the open study's patient (QIDO-RS by PatientID),
 * newest first. A study without a patient ID has no priors to look for; an
 * answer that arrives after another study was opened is dropped.
 */
export async function loadPriors(): Promise<void> {
  const study = getState().viewer.study;
  const { priors } = getState().layout;
  if (!study || (priors.forStudyUid === study.studyUid && (priors.status === 'loading' || priors.status === 'ready'))) return;
  const setPriors = (priors: LayoutSlice['layout']['priors']) => {
    if (getState().viewer.study?.studyUid === study.studyUid) setState((s) => ({ layout: { ...s.layout, priors } }));
  };
  if (!study.patientId) {
    setPriors({ status: 'ready', forStudyUid: study.studyUid, studies: [] });
    return;
  }
  setPriors({ status: 'loading', forStudyUid: study.studyUid, studies: [] });
  try {
    const found = await getServices().dicomweb.searchStudies({ patientId: study.patientId });
    // PatientID matching in QIDO may be by prefix or wildcard; only the same ID is the same patient.
    const studies = found
      .filter((x) => x.studyUid !== study.studyUid && x.patientId === study.patientId)
      .sort((a, b) => (b.studyDate ?? '').localeCompare(a.studyDate ?? ''));
    setPriors({ status: 'ready', forStudyUid: study.studyUid, studies });
  } catch (e) {
    setPriors({ status: 'error', forStudyUid: study.studyUid, studies: [], error: (e as Error).message });
  }
}
