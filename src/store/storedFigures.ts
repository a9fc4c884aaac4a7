import { getState, setState } from './appStore';
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
