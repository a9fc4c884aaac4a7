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
    adoptIllustrations(stored);
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
 * The key images a saved ROI's measurement group is derived from become part
 * of the ROI as loaded, so the next save of its group keeps them. Work not yet
 * saved is left alone.
 */
function adoptIllustrations(stored: Readonly<Record<string, StoredMeasurements>>): void {
  const updates: Array<{ id: string; record: RoiRecord }> = [];
  for (const [id, m] of Object.entries(stored)) {
    const rec = getState().rois.records[id];
    if (!rec?.server || rec.sync !== 'saved' || m.illustrations.length === 0) continue;
    if ((rec.roi.illustrations ?? []).join(' ') === m.illustrations.join(' ')) continue;
    const roi = { ...rec.roi, illustrations: m.illustrations };
    updates.push({ id, record: { ...rec, roi, server: { ...rec.server, savedRoi: roi } } });
  }
  if (updates.length) markSaved(updates);
}
