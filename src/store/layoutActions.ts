import { getState, setState } from './appStore';
import { viewportCount, type ViewportLayout } from '../domain/layout/viewportLayout';
import { closestByPosition } from '../domain/geometry/positionSync';
import type { StackImage } from '../domain/study/models';
import { FIRST_VIEWPORT_ID, type LayoutSlice, type ViewportState } from './slices/layoutSlice';
import { getServices } from './services';

const idOf = (n: number) => (n === 0 ? FIRST_VIEWPORT_ID : `vp-${n + 1}`);

function patch(id: string, change: Partial<Omit<ViewportState, 'id'>>): void {
  setState((s) => ({ layout: { ...s.layout, viewports: s.layout.viewports.map((v) => (v.id === id ? { ...v, ...change } : v)) } }));
}

/**
 * Switches the layout. Viewports that stay keep their series and position;
 * new ones start empty with sync on. When the active viewport goes away the
 * first one becomes active, so tools never act on a viewport no one sees.
 */
export function setLayout(layout: ViewportLayout): void {
  const { layout: cur } = getState();
  const n = viewportCount(layout);
  const viewports = Array.from({ length: n }, (_, i) => cur.viewports[i] ?? { id: idOf(i), index: 0, sync: true });
  const activeId = viewports.some((v) => v.id === cur.activeId) ? cur.activeId : FIRST_VIEWPORT_ID;
  setState((s) => ({ layout: { ...s.layout, layout, viewports, activeId } }));
}

export function activateViewport(id: string): void {
  if (getState().layout.viewports.some((v) => v.id === id)) setState((s) => ({ layout: { ...s.layout, activeId: id } }));
}

/** Puts a series (of the open study or a prior) into a viewport, from its first image. */
export function assignSeries(id: string, studyUid: string, seriesUid: string): void {
  patch(id, { studyUid, seriesUid, index: 0 });
}

export function setViewportIndex(id: string, index: number): void {
  patch(id, { index: Math.max(0, index) });
}

export function toggleSync(id: string): void {
  const v = getState().layout.viewports.find((x) => x.id === id);
  if (v) patch(id, { sync: !v.sync });
}

/**
 * After `sourceId` moved to an image, the index each other synced viewport
 * should jump to: the image closest along the slice normal, among series
 * sharing the source's Frame of Reference. `imagesOf` gives a viewport's
 * stack as loaded (the engine side holds them); viewports whose series is
 * not loaded, in another frame, or with sync off are left alone.
 */
export function syncTargets(sourceId: string, imagesOf: (id: string) => readonly StackImage[] | undefined): Array<{ id: string; index: number }> {
  const { viewports } = getState().layout;
  const source = viewports.find((v) => v.id === sourceId);
  const image = source?.sync ? imagesOf(sourceId)?.[source.index] : undefined;
  if (!source || !image) return [];
  const out: Array<{ id: string; index: number }> = [];
  for (const v of viewports) {
    if (v.id === sourceId || !v.sync) continue;
    const images = imagesOf(v.id);
    const index = images && closestByPosition(image, images);
    if (index !== undefined && index !== v.index) out.push({ id: v.id, index });
  }
  return out;
}

/** Moves the synced viewports after `sourceId` changed image (see syncTargets). */
export function syncFrom(sourceId: string, imagesOf: (id: string) => readonly StackImage[] | undefined): void {
  for (const t of syncTargets(sourceId, imagesOf)) setViewportIndex(t.id, t.index);
}

/**
 * Finds the other studies of the open study's patient (QIDO-RS by PatientID),
 * newest first. A study without a patient ID has no priors to look for; an
 * answer that arrives after another study was opened is dropped.
 */
export async function loadPriors(): Promise<void> {
  const study = getState().viewer.study;
  if (!study) return;
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
