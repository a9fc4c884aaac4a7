import { getState, setState } from './appStore';
import { getServices } from './services';
import { updateRoi } from './roiActions';
import { FhirError } from '../adapters/fhir/FhirError';
import type { BundleEntry } from '../adapters/fhir/fhirTypes';
import { parseSelection } from '../domain/imaging-selection/parseSelection';
import { versionChanges, type RoiVersionContent } from '../domain/roi/versionChanges';
import type { RoiVersion } from './slices/historySlice';

const versionNumber = (v: string) => (/^\d+$/.test(v) ? Number(v) : Number.NaN);

/** Reads one _history entry; never throws: an unreadable version becomes a row with a problem. */
function readVersion(entry: BundleEntry, index: number, roiId: string): RoiVersion & RoiVersionContent {
  const r = entry.resource;
  const versionId = r?.meta?.versionId ?? /\/_history\/([^/]+)$/.exec(entry.response?.location ?? entry.fullUrl ?? '')?.[1] ?? `?${index + 1}`;
  const lastUpdated = (r?.meta?.lastUpdated as string | undefined) ?? entry.response?.lastModified;
  if (!r) {
    const deleted = entry.request?.method === 'DELETE';
    return { versionId, lastUpdated, status: deleted ? 'entered-in-error' : 'unknown', changes: [], problem: deleted ? 'Deleted on the server' : 'The server sent this version without its content' };
  }
  const status = typeof r.status === 'string' ? r.status : 'unknown';
  const parsed = parseSelection(r);
  const found = parsed.rois.find((p) => p.roi.id === roiId) ?? parsed.rois[0];
  const source = typeof r.meta?.source === 'string' ? r.meta.source : undefined;
  const author = found?.server?.author ?? source;
  if (!found) {
    const problem = status === 'entered-in-error' ? undefined : parsed.issues.map((i) => i.message).join('; ') || 'No region could be read from this version';
    return { versionId, lastUpdated, author, status, changes: [], ...(problem ? { problem } : {}) };
  }
  return { versionId, lastUpdated, author, status, changes: [], roi: { ...found.roi, id: roiId } };
}

/**
 * Lists every stored version of the ROI (newest first) with what each one
 * changed. Gaps in the version numbers (a server that prunes history) and
 * unreadable versions are listed as notes rather than failing the view.
 */
export async function openHistory(roiId: string): Promise<void> {
  const rec = getState().rois.records[roiId];
  if (!rec?.server) {
    setState((s) => ({ history: { ...s.history, view: { name: 'error', roiId, message: 'This region has not been saved yet, so it has no history.' } } }));
    return;
  }
  const resourceId = rec.server.resourceId;
  setState((s) => ({ history: { ...s.history, view: { name: 'loading', roiId } } }));
  try {
    const { entries, truncated } = await getServices().fhir.historyAll('ImagingSelection', resourceId);
    if (getState().history.view.name === 'closed') return;
    const read = entries.map((e, i) => readVersion(e, i, roiId));
    // Oldest first to compare each version with the one before it.
    read.sort((a, b) => versionNumber(a.versionId) - versionNumber(b.versionId));
    const versions: RoiVersion[] = read.map((v, i) => ({ ...v, changes: versionChanges(i > 0 ? read[i - 1] : undefined, v) }));
    const notes: string[] = [];
    const numbers = read.map((v) => versionNumber(v.versionId)).filter((n) => !Number.isNaN(n));
    const missing: number[] = [];
    // The ROI's own version counts too: a server that serves a stale history (HAPI caches the
    // count by default) would otherwise hide the newest versions without a gap.
    const known = versionNumber(rec.server.versionId);
    for (let n = 1; n <= Math.max(0, ...numbers, Number.isNaN(known) ? 0 : known); n++) if (!numbers.includes(n)) missing.push(n);
    if (missing.length) notes.push(`The server did not return version${missing.length > 1 ? 's' : ''} ${missing.join(', ')}; changes are shown against the previous version it did return.`);
    if (truncated) notes.push('The history is longer than the viewer reads; the oldest versions are not shown.');
    const unreadable = versions.filter((v) => v.problem).length;
    if (unreadable) notes.push(`${unreadable} version${unreadable > 1 ? 's' : ''} could not be read.`);
    setState((s) => ({ history: { ...s.history, view: { name: 'ready', roiId, versions: versions.reverse(), notes } } }));
  } catch (e) {
    const message = e instanceof FhirError ? e.userMessage : String((e as Error)?.message ?? e);
    setState((s) => ({ history: { ...s.history, view: { name: 'error', roiId, message: `The history could not be loaded: ${message}` } } }));
  }
}

export function closeHistory(): void {
  setState({ history: { view: { name: 'closed' }, ghosts: [] } });
}

/** Shows or hides an earlier version's outline on the image. */
export function toggleGhost(versionId: string): void {
  const { view, ghosts } = getState().history;
  if (view.name !== 'ready') return;
  if (ghosts.some((g) => g.versionId === versionId)) {
    setState((s) => ({ history: { ...s.history, ghosts: s.history.ghosts.filter((g) => g.versionId !== versionId) } }));
    return;
  }
  const roi = view.versions.find((v) => v.versionId === versionId)?.roi;
  if (roi) setState((s) => ({ history: { ...s.history, ghosts: [...s.history.ghosts, { versionId, roi }] } }));
}

/**
 * Makes the ROI look as it did in that version. This is an ordinary edit: it
 * can be undone, and saving writes it as a new version with If-Match; history
 * itself is never rewritten. Returns false when the version has no content.
 */
export function restoreVersion(versionId: string): boolean {
  const { view } = getState().history;
  if (view.name !== 'ready') return false;
  const old = view.versions.find((v) => v.versionId === versionId)?.roi;
  const current = getState().rois.records[view.roiId]?.roi;
  if (!old || !current) return false;
  updateRoi({ ...old, id: current.id });
  return true;
}
