import { getState, setState } from './appStore';
import { getServices } from './services';
import { roisOnImage } from './roisOnImage';
import { instanceMeta, getRawMetadata } from './studyActions';
import { linkIllustration } from './roiActions';
import { subjectFor } from './selectionContext';
import { fhirMessage } from './loadActions';
import { buildSecondaryCapture, scStudyFromDicomJson, SC_SOP_CLASS } from '../adapters/dicomweb/secondaryCapture';
import { DicomWebError } from '../adapters/dicomweb/DicomWebError';
import { identifierQuery } from '../adapters/fhir/selectionSave';
import type { FhirResource } from '../adapters/fhir/fhirTypes';
import { serializeIllustration } from '../domain/imaging-selection/serializeIllustration';
import { URI_SYSTEM } from '../domain/imaging-selection/ImagingSelection';
import { newRoiId } from '../domain/roi/newRoiId';
import { uuidToDicomUid } from '../domain/observation/dicomUid';

/** The viewport as shown (8-bit RGB, row by row) and the image it shows. */
export interface KeyImageCapture {
  readonly rgb: Uint8Array;
  readonly rows: number;
  readonly columns: number;
  readonly sopInstanceUid: string;
  readonly frameNumber?: number;
}

export const KEY_IMAGE_SERIES_DESCRIPTION = 'Key images';

/** Where a key image failed: the user is told which part of the way it got. */
export type KeyImageStage = 'unavailable' | 'capture' | 'archive' | 'fhir';

export type KeyImageOutcome =
  | {
      readonly ok: true;
      readonly message: string;
      readonly sopInstanceUid: string;
      readonly seriesUid: string;
      /** The illustration-of-roi ImagingSelection's id on the FHIR server. */
      readonly selectionId: string;
      /** ROIs whose measurement groups now link the key image (written by the save that follows). */
      readonly roiIds: readonly string[];
    }
  | { readonly ok: false; readonly stage: KeyImageStage; readonly message: string };

export const NO_STOW_REASON = 'Key images cannot be stored: this deployment has no image archive upload (STOW-RS, config dicomweb.stowRoot)';

/** Why "Save key image" cannot run now, or undefined when it can. */
export function keyImageUnavailable(s = getState()): string | undefined {
  if (!getServices().stow) return NO_STOW_REASON;
  if (s.session.accessMode === 'review') return 'Review mode: saving is off';
  if (s.session.keyImage?.state === 'saving') return 'A key image is being saved';
  const img = s.viewer.images[s.viewer.index];
  if (!img || s.viewer.frameErrors[img.imageId]) return 'No image is shown';
  if (shownRoiIds(s).length === 0) return 'No region on this image to illustrate';
  return undefined;
}

/** The ROIs drawn on the image shown (the ones a capture shows), that this user may edit. */
function shownRoiIds(s = getState()): string[] {
  const img = s.viewer.images[s.viewer.index];
  if (!img) return [];
  // Indexed by image: this runs in a toolbar selector on every store change (each slice, each pointer move).
  return roisOnImage(s.rois, img.instance.sopInstanceUid, img.frameNumber).filter((id) => {
    const r = s.rois.records[id];
    if (!r || r.sync === 'deleted' || r.readOnly) return false;
    return !s.rois.authorFilter || r.server?.author === s.rois.authorFilter;
  });
}

function finish(outcome: KeyImageOutcome): KeyImageOutcome {
  setState((s) => ({ session: { ...s.session, keyImage: { state: outcome.ok ? 'saved' : 'failed', message: outcome.message } } }));
  return outcome;
}

/** The session's "Key images" series of the study (new on first use) and the next image's number in it. */
function keyImageSeriesOf(studyUid: string): { seriesUid: string; seriesNumber: number; instanceNumber: number; commit(): void } {
  const s = getState();
  const series = s.session.keyImageSeries[studyUid] ?? {
    seriesUid: uuidToDicomUid(newRoiId()),
    // After the study's own series, so it lists last.
    seriesNumber: Math.max(0, ...s.viewer.series.map((x) => x.seriesNumber ?? 0)) + 1,
    count: 0,
  };
  const next = { ...series, count: series.count + 1 };
  return {
    seriesUid: next.seriesUid,
    seriesNumber: next.seriesNumber,
    instanceNumber: next.count,
    // Only an image the archive stored takes its place in the series.
    commit: () => setState((x) => ({ session: { ...x.session, keyImageSeries: { ...x.session.keyImageSeries, [studyUid]: next } } })),
  };
}

/**
 * "Save key image": the shown image with its ROI outlines becomes a DICOM
 * Secondary Capture in the study's "Key images" series, stored on the image
 * archive (STOW-RS); an `illustration-of-roi` ImagingSelection then names it
 * on the FHIR server, and each shown ROI is linked to it, so its measurement
 * group is written with derivedFrom[illustrationOfRoi] by `save` (the save
 * queue's, the same path as the Save button). Nothing drawn is touched when a
 * step fails; a stored image without its selection is only an extra image.
 */
export async function saveKeyImage(capture: () => Promise<KeyImageCapture | undefined>, save: () => Promise<{ readonly ok: boolean; readonly message: string }>): Promise<KeyImageOutcome> {
  const reason = keyImageUnavailable();
  if (reason) return finish({ ok: false, stage: 'unavailable', message: reason });
  const { stow, fhir, dicomweb } = getServices();
  const studyUid = getState().viewer.studyUid!;
  const roiIds = shownRoiIds();
  setState((s) => ({ session: { ...s.session, keyImage: { state: 'saving', message: 'Saving key image…' } } }));

  let shot: KeyImageCapture | undefined;
  try {
    shot = await capture();
  } catch (e) {
    return finish({ ok: false, stage: 'capture', message: `Key image not saved: the view could not be captured (${(e as Error).message})` });
  }
  const inst = shot && instanceMeta(shot.sopInstanceUid);
  if (!shot || !inst) return finish({ ok: false, stage: 'capture', message: 'Key image not saved: no image is shown' });

  const series = keyImageSeriesOf(studyUid);
  const sopInstanceUid = uuidToDicomUid(newRoiId());
  const created = new Date();
  let bytes: Uint8Array;
  try {
    bytes = buildSecondaryCapture({
      rgb: shot.rgb,
      rows: shot.rows,
      columns: shot.columns,
      study: scStudyFromDicomJson(studyUid, getRawMetadata().get(inst.sopInstanceUid)),
      seriesUid: series.seriesUid,
      seriesNumber: series.seriesNumber,
      seriesDescription: KEY_IMAGE_SERIES_DESCRIPTION,
      sopInstanceUid,
      instanceNumber: series.instanceNumber,
      source: { sopClassUid: inst.sopClassUid, sopInstanceUid: inst.sopInstanceUid, ...(shot.frameNumber !== undefined && inst.numberOfFrames > 1 ? { frameNumber: shot.frameNumber } : {}) },
      created,
    });
  } catch (e) {
    return finish({ ok: false, stage: 'capture', message: `Key image not saved: ${(e as Error).message}` });
  }

  try {
    const out = await stow!.store([bytes]);
    const failed = out.failed.find((f) => f.sopInstanceUid === sopInstanceUid);
    if (failed || !out.stored.includes(sopInstanceUid)) {
      return finish({ ok: false, stage: 'archive', message: `Key image not saved: the image archive refused it${failed?.reason !== undefined ? ` (reason 0x${failed.reason.toString(16)})` : ''}` });
    }
  } catch (e) {
    const msg = e instanceof DicomWebError ? e.message : (e as Error).message;
    return finish({ ok: false, stage: 'archive', message: `Key image not saved: ${msg}` });
  }

  // The archive has it: show the series, with fresh metadata when it already existed.
  series.commit();
  dicomweb.forgetSeries(studyUid, series.seriesUid);
  void dicomweb
    .searchSeries(studyUid)
    .then((list) => {
      if (getState().viewer.studyUid === studyUid && list.length) setState((s) => ({ viewer: { ...s.viewer, series: list } }));
    })
    .catch(() => undefined);

  const ctx = getState().study.context;
  const selectionUuid = newRoiId();
  const resource = serializeIllustration({
    id: selectionUuid,
    subject: subjectFor(inst, ctx),
    studyUid,
    imagingStudyId: ctx?.imagingStudyId,
    accessionNumber: inst.accessionNumber,
    seriesUid: series.seriesUid,
    seriesNumber: series.seriesNumber,
    sopInstanceUid,
    instanceNumber: series.instanceNumber,
    sopClassUid: SC_SOP_CLASS,
    performer: getState().session.performer,
    issued: created.toISOString(),
  });
  let selectionId: string;
  try {
    const written = await fhir.create(resource as unknown as FhirResource, { ifNoneExist: identifierQuery({ system: URI_SYSTEM, value: `urn:uuid:${selectionUuid}` }) });
    selectionId = written.id;
  } catch (e) {
    return finish({ ok: false, stage: 'fhir', message: `Key image stored in the archive, but not recorded on the FHIR server: ${fhirMessage(e)}` });
  }

  const linked = linkIllustration(roiIds, `ImagingSelection/${selectionId}`);
  // The links are ROI edits: the regular save writes them (and retries them like any edit).
  const saved = await save();
  const regions = `${linked.length} region${linked.length === 1 ? '' : 's'}`;
  return finish({
    ok: true,
    message: `Key image saved (${KEY_IMAGE_SERIES_DESCRIPTION}, image ${series.instanceNumber}); ${saved.ok ? `linked to ${regions}` : `its link to ${regions} is not saved yet: ${saved.message}`}`,
    sopInstanceUid,
    seriesUid: series.seriesUid,
    selectionId,
    roiIds: linked,
  });
}
