import { getState, setState } from './appStore';
import { getServices } from './services';
import { markSaved, mergeLoaded, setUnshown } from './roiActions';
import { setStudyContext } from './studyActions';
import type { StudyContext } from './selectionContext';
import type { RoiRecord } from './slices/roiSlice';
import { findImagingStudy, loadSelections } from '../adapters/fhir/imagingStudyLookup';
import { FhirError } from '../adapters/fhir/FhirError';
import { parseSelection } from '../domain/imaging-selection/parseSelection';
import type { StudyIndex } from '../domain/imaging-selection/StudyIndex';
import { loadStoredFigures } from './storedFigures';
import { noteServerIssue } from './serverActions';
import type { FhirResource } from '../adapters/fhir/fhirTypes';
import { isReferencedSegment, parseReferencedSegment, type StoredSegmentReference } from '../domain/imaging-selection/referencedSegment';
import { setSegmentReferences } from './segmentationActions';

export function fhirMessage(e: unknown): string {
  if (e instanceof FhirError) return e.userMessage;
  return (e as Error)?.message ?? String(e);
}

/** Looks up the study's ImagingStudy and loads every saved selection, following all pages. */
export async function loadStudyRois(studyUid: string): Promise<void> {
  setStudyContext({ studyUid });
  setState((s) => ({ rois: { ...s.rois, loadStatus: 'loading', loadError: undefined } }));
  const { dicomweb } = getServices();
  try {
    const stillOpen = () => !getState().viewer.studyUid || getState().viewer.studyUid === studyUid;
    // Each page is shown as it arrives (parsing overlaps the next page's fetch). The
    // study index, which checks every selection against the instances really in the
    // study, follows; selections it rejects are then moved to "not shown".
    const shownBefore = new Set<string>();
    const onPage = (page: FhirResource[]) => {
      if (stillOpen()) for (const id of applyLoaded(page, undefined, { replace: false })) shownBefore.add(id);
    };
    const [study, resources] = await loadWithSearchFallback(studyUid, onPage);
    if (!stillOpen()) return;
    setStudyContext({ studyUid, imagingStudyId: study?.id, subject: study?.subject as StudyContext['subject'] });
    setState((s) => ({ rois: { ...s.rois, loadStatus: 'ready' } }));
    if (resources.length) {
      const index = await dicomweb.getStudyIndex(studyUid).catch(() => undefined as StudyIndex | undefined);
      if (index && stillOpen()) applyLoaded(resources, index, { replace: true, shownBefore });
      // The IG measurement Observations the server holds, shown next to the recomputed figures.
      if (stillOpen()) await loadStoredFigures(studyUid);
    }
  } catch (e) {
    setState((s) => ({ rois: { ...s.rois, loadStatus: 'error', loadError: fhirMessage(e) } }));
  }
}

/**
 * The ImagingStudy and the study's selections, in parallel where the server
 * can search by study-uid; where it cannot, by the study's patient and a
 * local filter (announced in Help → Server; see loadSelections).
 */
async function loadWithSearchFallback(studyUid: string, onPage: (page: FhirResource[]) => void) {
  const { fhir } = getServices();
  const { searchParams } = getState().server.capabilities;
  if (searchParams.studyUid || !searchParams.patient) {
    return Promise.all([findImagingStudy(fhir, studyUid).catch(() => undefined), loadSelections(fhir, studyUid, { onPage })]);
  }
  const study = await findImagingStudy(fhir, studyUid).catch(() => undefined);
  const patient = study?.subject?.reference;
  if (!patient) throw new Error('This server cannot search ROIs by study, and the study has no Patient on the server to search by instead.');
  noteServerIssue('This server has no study-uid search for ImagingSelection: ROIs are loaded by patient and filtered to the study here.');
  return [study, await loadSelections(fhir, studyUid, { onPage, byPatient: patient })] as const;
}

/** Looks the ImagingStudy up again; true when what we reference changed. */
export async function refreshStudyContext(): Promise<boolean> {
  const before = getState().study.context;
  if (!before) return false;
  const study = await findImagingStudy(getServices().fhir, before.studyUid).catch(() => undefined);
  const next: StudyContext = { studyUid: before.studyUid, imagingStudyId: study?.id, subject: study?.subject as StudyContext['subject'] };
  if (next.imagingStudyId === before.imagingStudyId && JSON.stringify(next.subject) === JSON.stringify(before.subject)) return false;
  setStudyContext(next);
  return true;
}

/**
 * Shows parsed selections. With `replace`, this is the complete, validated
 * set: stored ROIs it no longer contains are dropped (never unsaved work) and
 * the "not shown" list is rebuilt; otherwise it adds to what is there.
 */
export function applyLoaded(
  resources: readonly unknown[],
  index: StudyIndex | undefined,
  { replace, shownBefore }: { replace: boolean; shownBefore?: ReadonlySet<string> } = { replace: true },
): string[] {
  const records: RoiRecord[] = [];
  const unshown: Array<{ resourceId?: string; reason: string }> = [];
  const segmentRefs: StoredSegmentReference[] = [];
  for (const res of resources) {
    // Referenced segments (IG referenced-segment) name a SEG segment, not a drawn region: listed with the segmentation.
    if (isReferencedSegment(res)) {
      const seg = parseReferencedSegment(res);
      if (seg.stored) segmentRefs.push(seg.stored);
      for (const issue of seg.issues) if (issue.severity === 'error') unshown.push({ resourceId: issue.resourceId, reason: issue.message });
      continue;
    }
    const parsed = parseSelection(res, index);
    for (const p of parsed.rois) {
      records.push({
        roi: p.roi,
        sync: 'saved',
        server: p.server
          ? { resourceId: p.server.resourceId, versionId: p.server.versionId ?? '1', author: p.server.author, authorRef: p.server.authorRef, issued: p.server.issued, ...(p.server.focus ? { focus: p.server.focus } : {}), savedRoi: p.roi }
          : undefined,
      });
    }
    for (const issue of parsed.issues) {
      if (issue.severity === 'error') unshown.push({ resourceId: issue.resourceId, reason: issue.message });
    }
  }
  mergeLoaded(records);
  const studyUid = getState().viewer.studyUid ?? getState().study.studyUid;
  if (studyUid && (segmentRefs.length || replace)) setSegmentReferences(studyUid, segmentRefs, index, replace);
  if (replace) {
    // Only ROIs shown by the unvalidated first pass can be withdrawn; one saved
    // meanwhile by the user is not in this (older) result and must stay.
    const keep = new Set(records.map((r) => r.roi.id));
    const { records: current } = getState().rois;
    const stale = [...(shownBefore ?? [])].filter((id) => !keep.has(id) && current[id]?.sync === 'saved');
    if (stale.length) markSaved(stale.map((id) => ({ id, record: undefined })));
    setUnshown(unshown);
  } else if (unshown.length) {
    setUnshown([...getState().rois.unshown, ...unshown]);
  }
  return records.map((r) => r.roi.id);
}
