import { getState, setState } from './appStore';
import { getServices } from './services';
import { markFailed, markSaved, pendingRecords } from './roiActions';
import { enterSaving, leaveSaving } from './sessionActions';
import { saveStrategy } from './serverActions';
import { contextFor, patientIdentityConflict } from './selectionContext';
import { instanceMeta, rememberInstances } from './studyActions';
import { fhirMessage, refreshStudyContext } from './loadActions';
import type { Conflict } from './slices/sessionSlice';
import type { RoiRecord } from './slices/roiSlice';
import { findConflicts, saveChanges, type RelatedWrite, type SaveChange, type SavedChange, type SelectionIdentifier } from '../adapters/fhir/selectionSave';
import { findByIdentifier } from '../adapters/fhir/identifierMatches';
import { FhirError } from '../adapters/fhir/FhirError';
import type { FhirResource } from '../adapters/fhir/fhirTypes';
import { serializeSelection } from '../domain/imaging-selection/serializeSelection';
import { parseSelection } from '../domain/imaging-selection/parseSelection';
import type { Roi } from '../domain/roi/Roi';
import type { ServerState } from '../domain/roi/RoiRecord';
import { roisEqual } from '../domain/roi/roisEqual';
import { URI_SYSTEM } from '../domain/imaging-selection/ImagingSelection';
import { measurementWritesFor } from './measurementWrites';
import { forgetStoredFigures, refreshObservationVersions } from './storedFigures';
import { sourceSrContentItem } from '../domain/sr/sourceContentItem';

const identifierOf = (roiId: string): SelectionIdentifier => ({ system: URI_SYSTEM, value: `urn:uuid:${roiId}` });

/** Pending work minus ROIs waiting on the conflict dialog (sending them would decide for the user). */
export function sendableRecords(): RoiRecord[] {
  const inDialog = new Set(getState().session.conflicts.map((c) => c.roiId));
  return pendingRecords().filter((r) => !inDialog.has(r.roi.id));
}

function changeFor(rec: RoiRecord, issued: string): SaveChange | undefined {
  const inst = instanceMeta(rec.roi.image.sopInstanceUid);
  if (!inst) return undefined;
  const ctx = contextFor(rec.roi, inst, getState().study.context, issued);
  const source = rec.source && sourceSrContentItem(rec.source, ctx);
  const sourceWrite: RelatedWrite[] = source
    ? [{ op: 'create-once', resource: source.resource as unknown as FhirResource, fullUrl: `urn:uuid:${source.uuid}`, identifier: identifierOf(source.uuid) }]
    : [];
  const related = [...sourceWrite, ...measurementWritesFor(rec, inst, ctx)];
  const focus = source ? `urn:uuid:${source.uuid}` : rec.server?.focus;
  if (rec.sync === 'deleted' && rec.server) {
    const resource = serializeSelection(rec.roi, ctx, { status: 'entered-in-error', resourceId: rec.server.resourceId }) as unknown as FhirResource & { id: string };
    return { op: 'delete', resource, versionId: rec.server.versionId, related };
  }
  if (rec.server) {
    const resource = serializeSelection(rec.roi, ctx, { resourceId: rec.server.resourceId, focus }) as unknown as FhirResource & { id: string };
    return { op: 'update', resource, versionId: rec.server.versionId, related };
  }
  const resource = serializeSelection(rec.roi, ctx, { focus }) as unknown as FhirResource;
  return { op: 'create', resource, identifier: identifierOf(rec.roi.id), related };
}

export interface SaveOutcome {
  readonly ok: boolean;
  readonly saved: ReadonlyArray<{ roiId: string; resourceId: string; versionId?: string }>;
  readonly message: string;
  /** The failure, for the save queue's retry policy (transient or not, Retry-After). */
  readonly error?: FhirError;
  /** ROIs that could not be sent yet (their image metadata is missing); they wait, with the reason on each. */
  readonly waiting?: number;
  /** The answer left work that only another save can finish (an ROI deleted while its create was in flight). */
  readonly followUp?: boolean;
}

/**
 * The serializer needs each ROI's instance facts. ROIs restored from drafts
 * can sit on a series that was never opened: fetch its metadata now rather
 * than skip them. Returns why the ones still missing cannot be saved.
 */
async function loadMissingInstances(pending: readonly RoiRecord[]): Promise<string | undefined> {
  const series = new Map<string, { studyUid: string; seriesUid: string }>();
  for (const r of pending) {
    if (!instanceMeta(r.roi.image.sopInstanceUid)) series.set(`${r.roi.image.studyUid}/${r.roi.image.seriesUid}`, r.roi.image);
  }
  let reason: string | undefined;
  for (const { studyUid, seriesUid } of series.values()) {
    try {
      const { instances, raw } = await getServices().dicomweb.getSeriesMetadata(studyUid, seriesUid);
      rememberInstances(instances, raw);
    } catch (e) {
      reason = `the image metadata could not be loaded (${(e as Error).message})`;
    }
  }
  return reason ?? 'the image metadata is not loaded';
}

/** A conditional create that matched (200) may come back without a body: read what it matched. */
async function withMatchedResources(results: SavedChange[]): Promise<SavedChange[]> {
  return Promise.all(
    results.map(async (r) =>
      r.change.op === 'create' && r.status === 200 && !r.resource
        ? { ...r, resource: await getServices().fhir.read(r.change.resource.resourceType, r.resourceId).catch(() => undefined) }
        : r,
    ),
  );
}

/** The Observation versions the server now holds, from what it answered for this save's writes. */
function observationVersions(before: ServerState['observations'], related: SavedChange['related']): ServerState['observations'] {
  if (!related?.length) return before;
  const out = { ...before };
  for (const r of related) if (r.versionId) out[r.identifier] = { id: r.resourceId, versionId: r.versionId };
  return out;
}

/** What a selection holds of an ROI: everything but its key-image links (those live on its measurement group). */
function selectionPart(roi: Roi): Roi {
  if (!roi.illustrations) return roi;
  const { illustrations: _links, ...rest } = roi;
  return rest as Roi;
}

function matchedContent(resource: FhirResource | undefined): { roi: Roi | undefined; available: boolean } {
  return { roi: resource ? parseSelection(resource).rois[0]?.roi : undefined, available: (resource as { status?: string } | undefined)?.status === 'available' };
}

/**
 * Sends every pending change as one transaction: all stored or none. On any
 * failure each ROI stays in the store, marked unsaved with the reason. One
 * attempt: retrying is the save queue's job.
 */
export async function saveAll(retried: { contextRefreshed?: boolean; reconciled?: boolean } = {}): Promise<SaveOutcome> {
  const { contextRefreshed = false, reconciled = false } = retried;
  if (sendableRecords().length === 0) return { ok: true, saved: [], message: getState().session.conflicts.length ? 'Choose a version in the conflict dialog first' : 'Nothing to save' };
  if (getState().session.accessMode === 'review') return { ok: false, saved: [], message: 'Review mode: saving is off' };
  if (!enterSaving(sendableRecords().length)) return { ok: false, saved: [], message: 'A save is already running' };
  const mismatch = patientIdentityConflict(getState().study.context);
  if (mismatch) {
    leaveSaving({ ok: false, message: mismatch });
    return { ok: false, saved: [], message: mismatch };
  }
  let waitReason: string | undefined;
  if (sendableRecords().some((r) => !instanceMeta(r.roi.image.sopInstanceUid))) waitReason = await loadMissingInstances(sendableRecords());
  const issued = new Date().toISOString();
  const changes: SaveChange[] = [];
  const sent: RoiRecord[] = [];
  const waiting: string[] = [];
  for (const rec of sendableRecords()) {
    const c = changeFor(rec, issued);
    if (c) {
      changes.push(c);
      sent.push(rec);
    } else waiting.push(rec.roi.id);
  }
  const waitMessage = waiting.length ? `${waiting.length} region${waiting.length === 1 ? '' : 's'} not saved yet: ${waitReason}; trying again shortly` : '';
  if (waiting.length) markFailed(waiting, `Waiting: ${waitReason}`);
  if (changes.length === 0) {
    leaveSaving({ ok: true, message: waitMessage });
    return { ok: false, saved: [], message: waitMessage, waiting: waiting.length };
  }
  const studyUid = getState().rois.studyUid;
  try {
    const results = await withMatchedResources(await saveChanges(getServices().fhir, changes, saveStrategy()));
    if (getState().rois.studyUid !== studyUid) {
      // Another study was opened meanwhile: these records are gone from the list, and
      // their drafts are now obsolete (restoring that study finds them stored).
      leaveSaving({ ok: true, message: `Saved ${results.length} region${results.length === 1 ? '' : 's'}` });
      return { ok: true, saved: results.map((r, i) => ({ roiId: sent[i]!.roi.id, resourceId: r.resourceId, versionId: r.versionId })), message: 'Saved' };
    }
    const current = getState().rois.records;
    const updates: Array<{ id: string; record: RoiRecord | undefined }> = [];
    const saved: Array<{ roiId: string; resourceId: string; versionId?: string }> = [];
    const conflicts: Conflict[] = [];
    let followUp = false;
    results.forEach((r, i) => {
      const before = sent[i]!;
      const id = before.roi.id;
      const now = current[id];
      saved.push({ roiId: id, resourceId: r.resourceId, versionId: r.versionId });
      if (r.change.op === 'delete') {
        if (now?.sync === 'deleted') updates.push({ id, record: undefined });
        return;
      }
      const server = {
        resourceId: r.resourceId,
        versionId: r.versionId ?? '1',
        author: before.server?.author,
        authorRef: before.server?.authorRef,
        issued,
        savedRoi: before.roi,
        observations: observationVersions(before.server?.observations, r.related),
      };
      if (r.change.op === 'create' && r.status === 200) {
        // The conditional create matched a resource already stored under this ROI's
        // identifier. Ours (a retry whose first answer was lost) is fine; anything
        // else lost a race and is the user's to decide.
        const theirs = matchedContent(r.resource);
        if (!theirs.available || !theirs.roi || !roisEqual(theirs.roi, selectionPart(before.roi))) {
          const base = now ?? before;
          updates.push({ id, record: { ...base, sync: base.sync === 'deleted' ? 'deleted' : 'unsaved', server: { ...server, savedRoi: theirs.roi ?? before.roi }, error: undefined } });
          conflicts.push({ roiId: id, mine: r.change.resource, theirs: r.resource, theirsVersion: r.versionId ?? '' });
          return;
        }
      }
      if (!now) {
        // Deleted or undone while its create was in flight: the server has it now,
        // so it must be withdrawn there too (entered-in-error), by the next save.
        updates.push({ id, record: { roi: before.roi, sync: 'deleted', server } });
        followUp = true;
        return;
      }
      // An edit made while the request was in flight stays unsaved.
      const stillSame = roisEqual(now.roi, before.roi) && now.sync !== 'deleted';
      updates.push({ id, record: { ...now, server, sync: stillSame ? 'saved' : now.sync, error: undefined } });
    });
    markSaved(updates);
    forgetStoredFigures(saved.map((x) => x.roiId));
    if (conflicts.length) setState((s) => ({ session: { ...s.session, conflicts: [...s.session.conflicts, ...conflicts] } }));
    const stored = results.length - conflicts.length;
    const parts = [`Saved ${stored} region${stored === 1 ? '' : 's'}`];
    if (conflicts.length) parts.push(`${conflicts.length} already stored differently: choose which version to keep`);
    if (waitMessage) parts.push(waitMessage);
    const message = parts.join('; ');
    leaveSaving({ ok: true, message });
    return { ok: true, saved, message, ...(waiting.length ? { waiting: waiting.length } : {}), ...(followUp ? { followUp } : {}) };
  } catch (e) {
    let message = fhirMessage(e);
    if (e instanceof FhirError && e.kind === 'conflict' && !reconciled) {
      const outcome = await handleConflict(changes, sent);
      if (outcome === 'reconciled') {
        // Once: a second conflict right after reconciling is someone else's write, not ours.
        leaveSaving({ ok: true, message: 'Reconciled with the server' });
        return saveAll({ contextRefreshed, reconciled: true });
      }
      message = outcome;
    } else if (!contextRefreshed && e instanceof FhirError && e.kind === 'http' && e.status !== undefined && e.status < 500 && (await refreshStudyContext())) {
      // The study's ImagingStudy or Patient moved on the server (re-seeded, merged):
      // the literal references we wrote were refused. Try once with fresh ones.
      leaveSaving({ ok: true, message: 'Study context refreshed' });
      return saveAll({ contextRefreshed: true, reconciled });
    } else {
      message = `Not saved: ${message}`;
    }
    markFailed(sent.map((r) => r.roi.id), message);
    leaveSaving({ ok: false, message });
    return { ok: false, saved: [], message, ...(e instanceof FhirError ? { error: e } : {}) };
  }
}

/**
 * A conflict refused the whole transaction. Finds which entries caused it:
 * updates whose version moved on, and creates whose identifier is already
 * stored (a race, or two copies). A retried save whose first attempt was
 * stored (only the answer was lost) conflicts with itself: the server holds
 * exactly our content, so its version is adopted without asking. The rest go
 * to the conflict dialog. Returns 'reconciled' or the message to show.
 */
async function handleConflict(changes: readonly SaveChange[], sent: readonly RoiRecord[]): Promise<'reconciled' | string> {
  const { fhir } = getServices();
  // A transaction is all or nothing: a selection holding our content means its
  // Observations were stored with it. One request at a time it may have stopped
  // after the selection, so the adopted ROI stays unsaved and the next pass
  // sends the rest (an identical update is a no-op on the server).
  const adoptedSync: RoiRecord['sync'] = saveStrategy().transaction ? 'saved' : 'unsaved';
  const adopted: Array<{ id: string; record: RoiRecord | undefined }> = [];
  const real: Conflict[] = [];
  const updates = changes.filter((c): c is Extract<SaveChange, { op: 'update' | 'delete' }> => c.op !== 'create');
  for (const c of await findConflicts(fhir, updates).catch(() => [])) {
    const idx = changes.findIndex((x) => x.op !== 'create' && x.resource.id === c.id);
    const id = sent[idx]?.roi.id;
    const rec = id ? getState().rois.records[id] : undefined;
    const theirs = matchedContent(c.serverResource);
    if (!id || !rec?.server) continue;
    if (rec.sync === 'deleted' && (c.serverResource as { status?: string } | undefined)?.status === 'entered-in-error') adopted.push({ id, record: undefined });
    else if (rec.sync !== 'deleted' && theirs.roi && theirs.available && roisEqual(theirs.roi, selectionPart(rec.roi)))
      adopted.push({ id, record: { ...rec, sync: adoptedSync, error: undefined, server: { ...rec.server, versionId: c.serverVersionId ?? rec.server.versionId, savedRoi: rec.roi } } });
    else real.push({ roiId: id, mine: changes[idx]?.resource, theirs: c.serverResource, theirsVersion: c.serverVersionId ?? '' });
  }
  for (const [idx, c] of changes.entries()) {
    if (c.op !== 'create') continue;
    const id = sent[idx]!.roi.id;
    const matches = await findByIdentifier(fhir, c.resource.resourceType, c.identifier).catch(() => []);
    const first = matches[0];
    if (!first?.id) continue;
    const rec = getState().rois.records[id];
    const theirs = matchedContent(first);
    const server = { resourceId: first.id, versionId: first.meta?.versionId ?? '1', savedRoi: theirs.roi ?? sent[idx]!.roi };
    if (matches.length === 1 && rec && theirs.roi && theirs.available && roisEqual(theirs.roi, selectionPart(rec.roi))) {
      adopted.push({ id, record: { ...rec, sync: adoptedSync, error: undefined, server } });
    } else {
      // The user's choice is applied to the first copy; a second copy is shown in the dialog's count.
      if (rec) adopted.push({ id, record: { ...rec, sync: rec.sync === 'deleted' ? 'deleted' : 'unsaved', server } });
      real.push({ roiId: id, mine: c.resource, theirs: first, theirsVersion: server.versionId, ...(matches.length > 1 ? { copies: matches.length } : {}) });
    }
  }
  if (adopted.length) markSaved(adopted);
  // The Observations' versions may have moved on too (another user's save, or ours
  // whose answer was lost): the next pass updates them at the versions stored now.
  const observationsMoved = real.length === 0 && (await refreshObservationVersions(sent.map((r) => r.roi.id)).catch(() => false));
  if (real.length === 0 && (adopted.length > 0 || observationsMoved)) return 'reconciled';
  setState((s) => ({ session: { ...s.session, conflicts: real } }));
  return `${real.length || 'Some'} region(s) were changed on the server by someone else. Nothing was saved.`;
}

/**
 * "Keep mine" rebases my ROI on the server's versions: the selection's, and its
 * measurement Observations' (the other save moved those on too; without them the
 * next save would conflict again). "Take theirs" replaces mine with the server's.
 */
export async function resolveConflict(roiId: string, choice: 'mine' | 'theirs'): Promise<void> {
  if (choice === 'mine') await refreshObservationVersions([roiId]).catch(() => false);
  const conflict = getState().session.conflicts.find((c) => c.roiId === roiId);
  const rec = getState().rois.records[roiId];
  setState((s) => ({ session: { ...s.session, conflicts: s.session.conflicts.filter((c) => c.roiId !== roiId) } }));
  if (!conflict || !rec?.server) return;
  if (choice === 'mine') {
    markSaved([{ id: roiId, record: { ...rec, sync: rec.sync === 'deleted' ? 'deleted' : 'unsaved', server: { ...rec.server, versionId: conflict.theirsVersion }, error: undefined } }]);
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
