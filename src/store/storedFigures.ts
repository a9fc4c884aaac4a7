import { getState, setState } from './appStore';
import { markSaved } from './roiActions';
import type { RoiRecord } from './slices/roiSlice';
import { getServices } from './services';
import { loadMeasurements } from '../adapters/fhir/measurementLookup';
import { parseMeasurements, type StoredMeasurements } from '../domain/observation/measurementObservations';

/**
 * Loads the measurement Observations of the shown, saved ROIs so the panel
 * can show the stored figures next to the recomputed ones. A failure only
 * leaves the stored figures out: the ROIs themselves are already shown.
 */
export async function loadStoredFigures(studyUid: string): Promise<void> {
  const roiOf = new Map<string, string>();
  for (const r of Object.values(getState().rois.records)) if (r.server) roiOf.set(`ImagingSelection/${r.server.resourceId}`, r.roi.id);
  if (roiOf.size === 0) return;
  try {
    const resources = await loadMeasurements(getServices().fhir, [...roiOf.keys()].map((ref) => ref.slice('ImagingSelection/'.length)));
    if (getState().viewer.studyUid !== studyUid) return;
    const stored: Record<string, StoredMeasurements> = {};
    for (const [ref, m] of parseMeasurements(resources).bySelection) {
      const id = roiOf.get(ref);
      if (id) stored[id] = m;
    }
    setState((s) => ({ viewer: { ...s.viewer, storedFigures: stored } }));
    adoptServerFacts(stored);
  } catch (e) {
    console.warn('Stored measurements not loaded:', (e as Error).message);
  }
}

/** After a save the server holds what was just computed: no stale figures to compare against. */
export function forgetStoredFigures(roiIds: readonly string[]): void {
  const current = getState().viewer.storedFigures;
  if (!roiIds.some((id) => id in current)) return;
  const next = { ...current };
  for (const id of roiIds) delete next[id];
  setState((s) => ({ viewer: { ...s.viewer, storedFigures: next } }));
}

/**
 * What the server holds for each saved ROI's measurements becomes part of
 * the ROI as loaded: the key images its group is derived from (so the next
 * save of the group keeps them) and the Observations' versions (so the next
 * save updates exactly those, If-Match). Work not yet saved keeps its ROI.
 */
function adoptServerFacts(stored: Readonly<Record<string, StoredMeasurements>>): void {
  const updates: Array<{ id: string; record: RoiRecord }> = [];
  for (const [id, m] of Object.entries(stored)) {
    const rec = getState().rois.records[id];
    if (!rec?.server) continue;
    const server = { ...rec.server, observations: { ...rec.server.observations, ...m.versions } };
    const relink = rec.sync === 'saved' && m.illustrations.length > 0 && (rec.roi.illustrations ?? []).join(' ') !== m.illustrations.join(' ');
    if (relink) {
      const roi = { ...rec.roi, illustrations: m.illustrations };
      updates.push({ id, record: { ...rec, roi, server: { ...server, savedRoi: roi } } });
    } else updates.push({ id, record: { ...rec, server } });
  }
  if (updates.length) markSaved(updates);
}

/**
 * A save was refused as a conflict that no selection explains: an
 * Observation moved on since its version was read (our own earlier save whose
 * answer was lost, or another writer). Reads the current versions of the sent
 * ROIs' Observations; true when any changed, so the save can go again.
 */
export async function refreshObservationVersions(roiIds: readonly string[]): Promise<boolean> {
  const roiOf = new Map<string, string>();
  for (const id of roiIds) {
    const r = getState().rois.records[id];
    if (r?.server) roiOf.set(`ImagingSelection/${r.server.resourceId}`, id);
  }
  if (roiOf.size === 0) return false;
  const resources = await loadMeasurements(getServices().fhir, [...roiOf.keys()].map((ref) => ref.slice('ImagingSelection/'.length)));
  const updates: Array<{ id: string; record: RoiRecord }> = [];
  for (const [ref, m] of parseMeasurements(resources).bySelection) {
    const id = roiOf.get(ref);
    const rec = id ? getState().rois.records[id] : undefined;
    if (!id || !rec?.server) continue;
    const changed = Object.entries(m.versions).some(([k, v]) => rec.server!.observations?.[k]?.versionId !== v.versionId);
    if (changed) updates.push({ id, record: { ...rec, server: { ...rec.server, observations: { ...rec.server.observations, ...m.versions } } } });
  }
  if (updates.length) markSaved(updates);
  return updates.length > 0;
}
