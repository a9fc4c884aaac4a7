import { version } from '../../package.json';
import { getState, setState } from './appStore';
import { getServices } from './services';
import { rememberInstances } from './studyActions';
import { addRoi } from './roiActions';
import { initialSr, type SrReportSummary } from './slices/srSlice';
import { naturalize } from '../adapters/dicomweb/dicomJson';
import { decodePart10, encodePart10 } from '../adapters/dicomweb/srCodec';
import type { Roi } from '../domain/roi/Roi';
import { roiFigures } from '../domain/observation/roiFigures';
import { viewerDevice, VIEWER_NAME } from '../domain/observation/viewerDevice';
import { uuidToDicomUid } from '../domain/observation/dicomUid';
import { newRoiId } from '../domain/roi/newRoiId';
import { buildMeasurementReport } from '../domain/sr/buildMeasurementReport';
import { readMeasurementReport } from '../domain/sr/readMeasurementReport';
import { currentReports } from '../domain/sr/currentReports';
import { reportRois } from '../domain/sr/reportRois';
import { roiToGroup } from '../domain/sr/roiGroup';

/** Manufacturer (0008,0070) of the reports this viewer writes; how it recognises its own earlier export. */
export const SR_MANUFACTURER = 'ROI viewer project';

const isSrSeries = (modality: string) => modality === 'SR';

export function resetSr(): void {
  setState({ sr: initialSr });
}

/** The current report of every SR series in the open study, for the series panel. A series that cannot be read is left out (logged). */
export async function loadSrReports(studyUid: string): Promise<void> {
  const { dicomweb } = getServices();
  const series = getState().viewer.series.filter((s) => isSrSeries(s.modality));
  const reports: SrReportSummary[] = [];
  for (const s of series) {
    try {
      const headers = (await dicomweb.getSeriesDatasets(studyUid, s.seriesUid)).flatMap((ds) => readMeasurementReport(ds).header ?? []);
      for (const { current, supersedes } of currentReports(headers)) {
        reports.push({
          studyUid,
          seriesUid: current.seriesUid,
          sopInstanceUid: current.sopInstanceUid,
          sopClassUid: current.sopClassUid,
          instanceNumber: current.instanceNumber,
          author: current.author,
          time: current.time,
          manufacturer: current.manufacturer,
          supersedes,
        });
      }
    } catch (e) {
      console.warn('SR series not listed', s.seriesUid, (e as Error).message);
    }
  }
  if (getState().viewer.studyUid !== studyUid) return;
  setState((x) => ({ sr: { ...x.sr, reports } }));
}

/**
 * Opens an SR series: reads its current report and shows its regions
 * read-only on their images; what cannot be shown is listed with reasons.
 * Goes to the image of the first region shown.
 */
export async function openSr(seriesUid: string): Promise<void> {
  const s = getState();
  const studyUid = s.viewer.studyUid;
  const report = s.sr.reports.find((r) => r.seriesUid === seriesUid);
  if (!studyUid) return;
  if (!report) {
    setState((x) => ({ sr: { ...x.sr, open: undefined } }));
    return;
  }
  setState((x) => ({ sr: { ...x.sr, open: { report, status: 'loading', shown: [], unshown: [], issues: [] } } }));
  const { dicomweb } = getServices();
  try {
    const [bytes, index] = await Promise.all([dicomweb.retrieveInstance(studyUid, report.seriesUid, report.sopInstanceUid), dicomweb.getStudyIndex(studyUid)]);
    const read = readMeasurementReport(decodePart10(bytes.slice().buffer));
    const { shown, unshown } = reportRois(read, (uid) => {
      const i = index.get(uid);
      if (!i || !i.rows || !i.columns) return undefined;
      return { image: { studyUid, seriesUid: i.seriesUid, sopInstanceUid: uid, sopClassUid: i.sopClassUid }, rows: i.rows, columns: i.columns, numberOfFrames: i.frames };
    });
    if (getState().sr.open?.report !== report) return;
    setState((x) => ({ sr: { ...x.sr, open: { report, status: 'ready', shown, unshown, issues: read.issues } } }));
  } catch (e) {
    if (getState().sr.open?.report !== report) return;
    setState((x) => ({ sr: { ...x.sr, open: { report, status: 'error', error: (e as Error).message, shown: [], unshown: [], issues: [] } } }));
  }
}

export function closeSr(): void {
  setState((x) => ({ sr: { ...x.sr, open: undefined } }));
}

export type ExportResult = { readonly ok: true; readonly sopInstanceUid: string; readonly seriesUid: string; readonly regions: number; readonly supersedes?: string } | { readonly ok: false; readonly error: string };

/** Instance facts for every ROI's image, fetching series metadata this session has not loaded yet. */
async function instancesFor(studyUid: string, rois: readonly Roi[]) {
  const missing = new Set(rois.filter((r) => !getState().study.instances[r.image.sopInstanceUid]).map((r) => r.image.seriesUid));
  for (const seriesUid of missing) {
    const { instances, raw } = await getServices().dicomweb.getSeriesMetadata(studyUid, seriesUid);
    rememberInstances(instances, raw);
  }
  return getState().study;
}

/**
 * Writes the study's current ROIs as one TID 1500 report and stores it over
 * STOW-RS. The first export makes a new SR series; later ones add an instance
 * to that series naming the previous one as its predecessor, so readers show
 * the newest. Not retried: a lost answer leaves it unknown whether the
 * archive stored it (see stowClient).
 */
export async function exportSr(): Promise<ExportResult> {
  const s = getState();
  const studyUid = s.viewer.studyUid;
  const { stow } = getServices();
  const fail = (error: string): ExportResult => {
    setState((x) => ({ sr: { ...x.sr, export: { ...x.sr.export, status: 'error', message: error } } }));
    return { ok: false, error };
  };
  if (!studyUid) return fail('No study is open');
  if (!stow) return fail('Storing to the image archive is not configured (dicomweb.stowRoot)');
  if (s.sr.export.status === 'exporting') return fail('An export is already running');
  const rois = s.rois.order.flatMap((id) => {
    const r = s.rois.records[id];
    return r && r.sync !== 'deleted' && r.roi.image.studyUid === studyUid ? [r.roi] : [];
  });
  if (!rois.length) return fail('There are no regions to export');
  setState((x) => ({ sr: { ...x.sr, export: { ...x.sr.export, status: 'exporting', message: undefined } } }));
  try {
    const study = await instancesFor(studyUid, rois);
    const groups = rois.map((roi) => {
      const inst = study.instances[roi.image.sopInstanceUid];
      const stats = getState().viewer.stats[roi.id];
      return roiToGroup(roi, roiFigures(roi, inst?.pixelSpacing, stats?.kind === 'values' ? stats : undefined, inst?.modality).figures);
    });
    const raw = study.raw.get(rois[0]!.image.sopInstanceUid);
    const ours = [...getState().sr.reports].filter((r) => r.manufacturer === SR_MANUFACTURER).sort((a, b) => (b.time ?? '').localeCompare(a.time ?? ''))[0];
    const predecessor = getState().sr.export.last ?? ours;
    const seriesUid = predecessor?.seriesUid ?? uuidToDicomUid(newRoiId());
    const seriesNumbers = getState().viewer.series.map((x) => x.seriesNumber ?? 0);
    const seriesNumber = getState().viewer.series.find((x) => x.seriesUid === seriesUid)?.seriesNumber ?? Math.max(900, ...seriesNumbers) + 1;
    const sopInstanceUid = uuidToDicomUid(newRoiId());
    const performer = getState().session.performer?.display ?? getState().session.user;
    const dataset = buildMeasurementReport({
      studyUid,
      seriesUid,
      sopInstanceUid,
      seriesNumber,
      instanceNumber: (predecessor?.instanceNumber ?? 0) + 1,
      contentTime: new Date().toISOString(),
      patientStudy: raw ? naturalize(raw) : {},
      ...(performer ? { personObserver: performer } : {}),
      device: { uid: uuidToDicomUid(viewerDevice(version).uuid), name: VIEWER_NAME, manufacturer: SR_MANUFACTURER, softwareVersion: version },
      groups,
      evidence: rois.map((r) => r.image),
      ...(predecessor ? { predecessor } : {}),
    });
    const outcome = await stow.store([encodePart10(dataset)]);
    if (!outcome.stored.includes(sopInstanceUid)) {
      const reason = outcome.failed.find((f) => f.sopInstanceUid === sopInstanceUid)?.reason;
      return fail(`The image archive did not store the report${reason !== undefined ? ` (reason 0x${reason.toString(16).toUpperCase()})` : ''}`);
    }
    const last = { studyUid, seriesUid, sopInstanceUid, sopClassUid: String(dataset.SOPClassUID), instanceNumber: (predecessor?.instanceNumber ?? 0) + 1 };
    setState((x) => ({ sr: { ...x.sr, export: { status: 'done', message: `Exported ${rois.length} region${rois.length === 1 ? '' : 's'} as DICOM SR`, last } } }));
    await refreshSeries(studyUid);
    return { ok: true, sopInstanceUid, seriesUid, regions: rois.length, ...(predecessor ? { supersedes: predecessor.sopInstanceUid } : {}) };
  } catch (e) {
    return fail(`Export failed: ${(e as Error).message}`);
  }
}

/** The series list and SR reports again, after the study gained a series or an instance. */
async function refreshSeries(studyUid: string): Promise<void> {
  try {
    const series = await getServices().dicomweb.searchSeries(studyUid);
    if (getState().viewer.studyUid !== studyUid) return;
    setState((x) => ({ viewer: { ...x.viewer, series } }));
    await loadSrReports(studyUid);
  } catch (e) {
    console.warn('Series list not refreshed after the export', (e as Error).message);
  }
}

/**
 * Turns the open report's shown regions into our own ROIs (unsaved until
 * Save). Their ids come from the report and the group, so adopting twice
 * adds nothing. Returns how many were added.
 */
export function adoptSr(): number {
  const open = getState().sr.open;
  if (!open || open.status !== 'ready') return 0;
  let added = 0;
  const { studyUid, seriesUid, sopInstanceUid, sopClassUid } = open.report;
  for (const { roi, group } of open.shown) {
    if (getState().rois.records[roi.id]) continue;
    const observationUid = group.observationUid ?? group.trackingUid;
    addRoi(roi, observationUid ? { studyUid, seriesUid, sopInstanceUid, sopClassUid, observationUid } : undefined);
    added++;
  }
  return added;
}
