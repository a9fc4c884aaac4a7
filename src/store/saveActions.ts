import { getState, setState } from './appStore';
import { getServices } from './services';
import { markFailed, markSaved, mergeLoaded, pendingRecords, setUnshown } from './roiActions';
import { enterSaving, leaveSaving } from './sessionActions';
import { noteServerIssue, saveStrategy } from './serverActions';
import { contextFor, patientIdentityConflict, type StudyContext } from './selectionContext';
import type { RoiRecord } from './slices/roiSlice';
import type { InstanceMeta } from '../adapters/dicomweb/models';
import { findImagingStudy, loadSelections } from '../adapters/fhir/imagingStudyLookup';
import { findConflicts, saveChanges, type SaveChange } from '../adapters/fhir/selectionSave';
import { FhirError } from '../adapters/fhir/FhirError';
import type { FhirResource } from '../adapters/fhir/fhirTypes';
import { serializeSelection } from '../domain/imaging-selection/serializeSelection';
import { parseSelection } from '../domain/imaging-selection/parseSelection';
import type { StudyIndex } from '../domain/imaging-selection/StudyIndex';
import type { Roi } from '../domain/roi/Roi';
import { roisEqual } from '../domain/roi/roisEqual';
import { URI_SYSTEM } from '../domain/imaging-selection/ImagingSelection';
import { measurementWritesFor } from './measurementWrites';
import { forgetStoredFigures, loadStoredFigures } from './storedFigures';

let studyContext: StudyContext | undefined;
const instances = new Map<string, InstanceMeta>();

/** Instance facts the serializer needs; filled as series metadata arrives. */
export function rememberInstances(list: readonly InstanceMeta[]): void {
  for (const i of list) instances.set(i.sopInstanceUid, i);
}

function fhirMessage(e: unknown): string {
  if (e instanceof FhirError) return e.userMessage;
  return (e as Error)?.message ?? String(e);
}

/** Looks up the study's ImagingStudy and loads every saved selection, following all pages. */
export async function loadStudyRois(studyUid: string): Promise<void> {
  studyContext = { studyUid };
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
    studyContext = { studyUid, imagingStudyId: study?.id, subject: study?.subject as StudyContext['subject'] };
    setState((s) => ({ rois: { ...s.rois, loadStatus: 'ready' } }));
    if (resources.length) {
      const index = await dicomweb.getStudyIndex(studyUid).catch(() => undefined as StudyIndex | undefined);
      if (index && stillOpen()) applyLoaded(resources, index, { replace: true, shownBefore });
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
async function refreshStudyContext(): Promise<boolean> {
  const before = studyContext;
  if (!before) return false;
  const study = await findImagingStudy(getServices().fhir, before.studyUid).catch(() => undefined);
  const next: StudyContext = { studyUid: before.studyUid, imagingStudyId: study?.id, subject: study?.subject as StudyContext['subject'] };
  if (next.imagingStudyId === before.imagingStudyId && JSON.stringify(next.subject) === JSON.stringify(before.subject)) return false;
  studyContext = next;
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
  for (const res of resources) {
    const parsed = parseSelection(res, index);
    for (const p of parsed.rois) {
      records.push({
        roi: p.roi,
        sync: 'saved',
        server: p.server
          ? { resourceId: p.server.resourceId, versionId: p.server.versionId ?? '1', author: p.server.author, authorRef: p.server.authorRef, issued: p.server.issued, savedRoi: p.roi }
          : undefined,
      });
    }
    for (const issue of parsed.issues) {
      if (issue.severity === 'error') unshown.push({ resourceId: issue.resourceId, reason: issue.message });
    }
  }
  mergeLoaded(records);
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

function changeFor(rec: RoiRecord, issued: string): SaveChange | undefined {
  const inst = instances.get(rec.roi.image.sopInstanceUid);
  if (!inst) return undefined;
  const ctx = contextFor(rec.roi, inst, studyContext, issued);
  const related = measurementWritesFor(rec, inst, ctx);
  if (rec.sync === 'deleted' && rec.server) {
    const resource = serializeSelection(rec.roi, ctx, { status: 'entered-in-error', resourceId: rec.server.resourceId }) as unknown as FhirResource & { id: string };
    return { op: 'delete', resource, versionId: rec.server.versionId, related };
  }
  if (rec.server) {
    const resource = serializeSelection(rec.roi, ctx, { resourceId: rec.server.resourceId }) as unknown as FhirResource & { id: string };
    return { op: 'update', resource, versionId: rec.server.versionId, related };
  }
  const resource = serializeSelection(rec.roi, ctx) as unknown as FhirResource;
  return { op: 'create', resource, identifier: { system: URI_SYSTEM, value: `urn:uuid:${rec.roi.id}` }, related };
}

export interface SaveOutcome {
  readonly ok: boolean;
  readonly saved: ReadonlyArray<{ roiId: string; resourceId: string; versionId?: string }>;
  readonly message: string;
  /** True when trying the same save again later may succeed (network, 5xx, 429). */
  readonly retryable?: boolean;
  readonly retryAfterMs?: number;
}

function isRetryable(e: unknown): boolean {
  if (!(e instanceof FhirError)) return false;
  if (e.kind === 'network') return true;
  return e.status !== undefined && (e.status >= 500 || e.status === 429 || e.status === 408);
}

const sameContent = roisEqual;

/**
 * Sends every pending change as one transaction: all stored or none. On any
 * failure each ROI stays in the store, marked unsaved with the reason.
 */
export async function saveAll(contextRefreshed = false): Promise<SaveOutcome> {
  const pending = pendingRecords();
  if (pending.length === 0) return { ok: true, saved: [], message: 'Nothing to save' };
  if (getState().session.accessMode === 'review') return { ok: false, saved: [], message: 'Review mode: saving is off' };
  if (!enterSaving(pending.length)) return { ok: false, saved: [], message: 'A save is already running' };
  const mismatch = patientIdentityConflict(studyContext);
  if (mismatch) {
    leaveSaving({ ok: false, message: mismatch });
    return { ok: false, saved: [], message: mismatch };
  }
  const issued = new Date().toISOString();
  const changes: SaveChange[] = [];
  const roiIds: string[] = [];
  const skipped: string[] = [];
  for (const rec of pending) {
    const c = changeFor(rec, issued);
    if (c) {
      changes.push(c);
      roiIds.push(rec.roi.id);
    } else skipped.push(rec.roi.id);
  }
  try {
    const results = await saveChanges(getServices().fhir, changes, undefined, saveStrategy());
    const current = getState().rois.records;
    const updates: Array<{ id: string; record: RoiRecord | undefined }> = [];
    const saved: Array<{ roiId: string; resourceId: string; versionId?: string }> = [];
    results.forEach((r, i) => {
      const id = roiIds[i]!;
      const sent = pending[i]!;
      const now = current[id];
      saved.push({ roiId: id, resourceId: r.resourceId, versionId: r.versionId });
      if (r.change.op === 'delete') {
        if (now?.sync === 'deleted') updates.push({ id, record: undefined });
        return;
      }
      const server = { resourceId: r.resourceId, versionId: r.versionId ?? '1', author: sent.server?.author, authorRef: sent.server?.authorRef, issued, savedRoi: sent.roi };
      // An edit made while the request was in flight stays unsaved.
      const stillSame = now && roisEqual(now.roi, sent.roi) && now.sync !== 'deleted';
      updates.push({ id, record: now ? { ...now, server, sync: stillSame ? 'saved' : now.sync, error: undefined } : undefined });
    });
    markSaved(updates);
    forgetStoredFigures(saved.map((x) => x.roiId));
    if (skipped.length) markFailed(skipped, 'The image metadata for this ROI is not loaded');
    const message = `Saved ${results.length} region${results.length === 1 ? '' : 's'}`;
    leaveSaving({ ok: true, message });
    return { ok: true, saved, message };
  } catch (e) {
    let message = fhirMessage(e);
    if (e instanceof FhirError && e.kind === 'conflict') {
      const updates = changes.filter((c): c is Extract<SaveChange, { op: 'update' | 'delete' }> => c.op !== 'create');
      const conflicts = await findConflicts(getServices().fhir, updates).catch(() => []);
      // A retried save whose first attempt was stored (only the answer was
      // lost) conflicts with itself: the server already holds exactly our
      // content. Adopt its version instead of asking the user.
      const real: Awaited<ReturnType<typeof findConflicts>> = [];
      const adopted: Array<{ id: string; record: RoiRecord | undefined }> = [];
      for (const c of conflicts) {
        const idx = changes.findIndex((x) => x.op !== 'create' && x.resource.id === c.id);
        const id = roiIds[idx];
        const rec = id ? getState().rois.records[id] : undefined;
        const theirs = c.serverResource as { status?: string } | undefined;
        const theirsRoi = theirs ? parseSelection(theirs).rois[0]?.roi : undefined;
        if (id && rec?.server && rec.sync === 'deleted' && theirs?.status === 'entered-in-error') adopted.push({ id, record: undefined });
        else if (id && rec?.server && rec.sync !== 'deleted' && theirsRoi && sameContent(theirsRoi, rec.roi) && theirs?.status === 'available')
          adopted.push({ id, record: { ...rec, sync: 'saved', error: undefined, server: { ...rec.server, versionId: c.serverVersionId ?? rec.server.versionId, savedRoi: rec.roi } } });
        else real.push(c);
      }
      if (adopted.length) markSaved(adopted);
      if (real.length === 0 && adopted.length > 0) {
        leaveSaving({ ok: true, message: 'Reconciled with the server' });
        return saveAll();
      }
      setState((s) => ({
        session: {
          ...s.session,
          conflicts: real.map((c) => ({
            roiId: roiIds[changes.findIndex((x) => x.op !== 'create' && x.resource.id === c.id)] ?? '',
            mine: changes.find((x) => x.op !== 'create' && x.resource.id === c.id)?.resource,
            theirs: c.serverResource,
            theirsVersion: c.serverVersionId ?? '',
          })),
        },
      }));
      message = `${real.length || 'Some'} region(s) were changed on the server by someone else. Nothing was saved.`;
    } else if (!contextRefreshed && e instanceof FhirError && e.kind === 'http' && e.status !== undefined && e.status < 500 && (await refreshStudyContext())) {
      // The study's ImagingStudy or Patient moved on the server (re-seeded, merged):
      // the literal references we wrote were refused. Try once with fresh ones.
      leaveSaving({ ok: true, message: 'Study context refreshed' });
      return saveAll(true);
    } else {
      message = `Not saved: ${message}`;
    }
    markFailed(roiIds, message);
    leaveSaving({ ok: false, message });
    const retryable = isRetryable(e);
    return { ok: false, saved: [], message, retryable, retryAfterMs: e instanceof FhirError ? e.retryAfterMs : undefined };
  }
}

/** "Keep mine" rebases my ROI on the server's version; "take theirs" replaces mine with the server's. */
export function resolveConflict(roiId: string, choice: 'mine' | 'theirs'): void {
  const conflict = getState().session.conflicts.find((c) => c.roiId === roiId);
  const rec = getState().rois.records[roiId];
  setState((s) => ({ session: { ...s.session, conflicts: s.session.conflicts.filter((c) => c.roiId !== roiId) } }));
  if (!conflict || !rec?.server) return;
  if (choice === 'mine') {
    markSaved([{ id: roiId, record: { ...rec, server: { ...rec.server, versionId: conflict.theirsVersion }, error: undefined } }]);
    return;
  }
  const parsed = parseSelection(conflict.theirs);
  const theirs: Roi | undefined = parsed.rois.find((p) => p.roi.id === roiId)?.roi ?? parsed.rois[0]?.roi;
  if (!theirs || (conflict.theirs as { status?: string } | undefined)?.status === 'entered-in-error') {
    markSaved([{ id: roiId, record: undefined }]);
    return;
  }
  markSaved([{ id: roiId, record: { roi: theirs, sync: 'saved', server: { ...rec.server, versionId: conflict.theirsVersion, savedRoi: theirs } } }]);
}
