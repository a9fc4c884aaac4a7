import { getState, setState } from './appStore';
import { getServices } from './services';
import { initialSegmentation, type SegmentView } from './slices/segmentationSlice';
import { selectSeries, goToImage } from './viewerActions';
import { readPart10 } from '../adapters/dicomweb/readPart10';
import { parseSegmentation } from '../domain/segmentation/parseSegmentation';
import { frameReader } from '../domain/segmentation/segPixels';
import { buildLabelmap, type SourceImage } from '../domain/segmentation/buildLabelmap';
import { sliceSpacing, type SegmentStats } from '../domain/segmentation/segmentStats';
import { SEG_SOP_CLASS_UID } from '../domain/segmentation/Segmentation';
import type { StackImage } from '../adapters/dicomweb/models';
import type { FhirResource } from '../adapters/fhir/fhirTypes';
import { saveChanges } from '../adapters/fhir/selectionSave';
import { serializeReferencedSegment, type SegmentReference, type StoredSegmentReference } from '../domain/imaging-selection/referencedSegment';
import type { StudyIndex } from '../domain/imaging-selection/StudyIndex';
import { serializeSegmentMeasurements } from '../domain/observation/segmentMeasurements';
import { URI_SYSTEM } from '../domain/imaging-selection/ImagingSelection';
import { newRoiId } from '../domain/roi/newRoiId';
import { deviceWrite, upsert } from './measurementWrites';
import { patientIdentityConflict, subjectFor } from './selectionContext';
import { saveStrategy } from './serverActions';
import { fhirMessage } from './loadActions';

const fail = (messages: readonly string[]) =>
  setState((s) => ({ segmentation: { ...s.segmentation, status: 'error', labelmap: undefined, segments: [], messages } }));

/** The stack's images as the labelmap builder sees them. */
export function sourceImagesOf(images: readonly StackImage[]): SourceImage[] {
  return images.map((img) => ({
    key: img.imageId,
    sopInstanceUid: img.instance.sopInstanceUid,
    frameNumber: img.frameNumber,
    rows: img.instance.rows,
    columns: img.instance.columns,
    ...(img.instance.frameOfReferenceUid ? { frameOfReferenceUid: img.instance.frameOfReferenceUid } : {}),
    ...(img.isMultiframe ? (img.instance.framePositions?.[img.frameNumber - 1] ? { imagePositionPatient: img.instance.framePositions[img.frameNumber - 1]! } : {}) : img.instance.imagePositionPatient ? { imagePositionPatient: img.instance.imagePositionPatient } : {}),
  }));
}

/**
 * Opens a DICOM SEG series: reads its instance, shows its source series and lays the segments over
 * it. Every problem (no instance, unreadable file, source images not in the study, another Frame of
 * Reference, corrupt pixel data) ends as a message in the segment panel; the images stay usable.
 * `opts.highlight` selects a segment (a referenced-segment selection being opened).
 */
export async function openSegmentation(segSeriesUid: string, opts: { sopInstanceUid?: string; highlight?: number } = {}): Promise<void> {
  const { viewer } = getState();
  const studyUid = viewer.studyUid;
  const summary = viewer.series.find((s) => s.seriesUid === segSeriesUid);
  if (!studyUid) return;
  const keep = getState().segmentation;
  setState({
    segmentation: { ...initialSegmentation, opacity: keep.opacity, references: keep.references, referencesStudyUid: keep.referencesStudyUid, status: 'loading', studyUid, segSeriesUid, segSeriesNumber: summary?.seriesNumber },
  });
  const stillCurrent = () => getState().segmentation.segSeriesUid === segSeriesUid && getState().segmentation.status === 'loading' && getState().viewer.studyUid === studyUid;
  const { dicomweb } = getServices();
  let sop = opts.sopInstanceUid;
  try {
    if (!sop) {
      const index = await dicomweb.getStudyIndex(studyUid);
      sop = [...index].find(([, v]) => v.seriesUid === segSeriesUid && v.sopClassUid === SEG_SOP_CLASS_UID)?.[0];
    }
    if (!stillCurrent()) return;
    if (!sop) return fail(['This series holds no DICOM Segmentation instance']);
    const bytes = await dicomweb.retrieveInstance(studyUid, segSeriesUid, sop);
    if (!stillCurrent()) return;
    const { part10, error } = readPart10(bytes);
    if (!part10) return fail([`The segmentation could not be read: ${error}`]);
    const { header, issues } = parseSegmentation(part10.dataset);
    if (!header) return fail(issues.map((i) => i.message));
    const messages = issues.map((i) => i.message);
    const source = header.referencedSeriesUids.find((uid) => getState().viewer.series.some((s) => s.seriesUid === uid && s.isImage));
    if (!source) {
      return fail([...messages, `The segmentation's source images are not in this study (it references series ${header.referencedSeriesUids.join(', ') || 'none'})`]);
    }
    if (!part10.pixels) return fail([...messages, 'The segmentation has no pixel data']);
    const reader = frameReader(header, part10.pixels);
    if (!reader.read) return fail([...messages, reader.issue!.message]);
    setState((s) => ({ segmentation: { ...s.segmentation, segSopInstanceUid: sop, sourceSeriesUid: source, frameOfReferenceUid: header.frameOfReferenceUid } }));
    await selectSeries(source);
    if (!stillCurrent()) return;
    const images = getState().viewer.images;
    if (!images.length) return fail([...messages, 'The source series could not be shown']);
    const sources = sourceImagesOf(images);
    const built = buildLabelmap(header, reader.read, sources);
    messages.push(...built.issues.map((i) => i.message));
    if (!built.labelmap) return fail(messages);
    const labelmap = built.labelmap;
    const segments: SegmentView[] = header.segments.map((info) => ({ info, visible: true, present: (labelmap.voxelCounts.get(info.number) ?? 0) > 0 }));
    let selected: number | undefined;
    if (opts.highlight !== undefined) {
      if (segments.some((s) => s.info.number === opts.highlight)) selected = opts.highlight;
      else messages.push(`Segment ${opts.highlight} is not in this segmentation (it has ${segments.map((s) => s.info.number).join(', ')})`);
    }
    setState((s) => ({
      segmentation: {
        ...s.segmentation,
        status: 'ready',
        segments,
        labelmap,
        selected,
        pixelSpacing: header.pixelSpacing ?? images[0]!.instance.pixelSpacing,
        sliceSpacing: sliceSpacing(sources),
        messages,
      },
    }));
    if (selected !== undefined) showSegment(selected);
  } catch (e) {
    if (stillCurrent()) fail([`The segmentation could not be loaded: ${(e as Error).message}`]);
  }
}

/** Scrolls to the middle image holding the segment. */
export function showSegment(segmentNumber: number): void {
  const { segmentation, viewer } = getState();
  const keys = segmentation.labelmap?.slicesBySegment.get(segmentNumber);
  if (!keys?.length) return;
  const index = viewer.images.findIndex((i) => i.imageId === keys[Math.floor(keys.length / 2)]);
  if (index >= 0) goToImage(index);
}

export function selectSegment(segmentNumber: number | undefined): void {
  setState((s) => ({ segmentation: { ...s.segmentation, selected: segmentNumber } }));
  if (segmentNumber !== undefined) showSegment(segmentNumber);
}

export function setSegmentVisible(segmentNumber: number, visible: boolean): void {
  setState((s) => ({ segmentation: { ...s.segmentation, segments: s.segmentation.segments.map((x) => (x.info.number === segmentNumber ? { ...x, visible } : x)) } }));
}

export function setSegmentationOpacity(opacity: number): void {
  const o = Math.max(0, Math.min(1, opacity));
  setState((s) => ({ segmentation: { ...s.segmentation, opacity: o } }));
}

export function setSegmentStats(stats: SegmentStats): void {
  setState((s) => ({
    segmentation: { ...s.segmentation, segments: s.segmentation.segments.map((x) => (x.info.number === stats.segmentNumber ? { ...x, stats } : x)) },
  }));
}

/** Leaves the segmentation (another series); the study's referenced-segment selections stay listed. */
export function closeSegmentation(): void {
  const s = getState().segmentation;
  if (s.status !== 'idle') setState({ segmentation: { ...initialSegmentation, opacity: s.opacity, references: s.references, referencesStudyUid: s.referencesStudyUid } });
}

/** A new study: nothing of the previous one stays. */
export function resetSegmentation(): void {
  setState({ segmentation: initialSegmentation });
}

/**
 * Writes the selected segment as an IG referenced-segment ImagingSelection, with its
 * imaging-measurement-group (volume, mean), in one save through the usual strategy (transaction, or
 * per resource with conditional creates). Nothing is retried here: a failure is reported and the
 * user can press Save again (the identifiers make a repeat harmless).
 */
export async function saveSegmentSelection(segmentNumber: number): Promise<void> {
  const s = getState();
  const seg = s.segmentation;
  const view = seg.segments.find((x) => x.info.number === segmentNumber);
  const inst = s.viewer.images[0]?.instance;
  const studyUid = s.viewer.studyUid;
  if (!seg.segSopInstanceUid || !seg.sourceSeriesUid || !view?.stats || !inst || !studyUid) return;
  const status = (kind: 'saving' | 'saved' | 'error', message: string) => setState((x) => ({ segmentation: { ...x.segmentation, saveStatus: { kind, message } } }));
  const study = s.study.context;
  const conflict = patientIdentityConflict(study);
  if (conflict) return status('error', conflict);
  const id = newRoiId();
  const ref: SegmentReference = {
    id,
    studyUid,
    sourceSeriesUid: seg.sourceSeriesUid,
    ...(seg.frameOfReferenceUid ? { frameOfReferenceUid: seg.frameOfReferenceUid } : {}),
    segSopInstanceUid: seg.segSopInstanceUid,
    segmentNumber,
    label: view.info.label,
  };
  const performer = s.session.performer;
  const ctx = {
    subject: subjectFor(inst, study),
    imagingStudyId: study?.imagingStudyId,
    accessionNumber: inst.accessionNumber,
    performer: performer?.reference || performer?.display ? { ...performer } : undefined,
    issued: new Date().toISOString(),
  };
  const device = deviceWrite();
  const selection = serializeReferencedSegment(ref, ctx);
  const writes = serializeSegmentMeasurements(ref, view.stats, { ...ctx, device: device.fullUrl, selection: `urn:uuid:${id}`, modality: inst.modality });
  status('saving', 'Saving segment selection…');
  try {
    const [saved] = await saveChanges(
      getServices().fhir,
      [
        {
          op: 'create',
          resource: selection as unknown as FhirResource,
          identifier: { system: URI_SYSTEM, value: `urn:uuid:${id}` },
          related: [device, upsert(writes.group), ...writes.measurements.map((m) => upsert(m))],
        },
      ],
      saveStrategy(),
    );
    setState((x) => ({
      segmentation: {
        ...x.segmentation,
        referencesStudyUid: studyUid,
        references: [...(x.segmentation.referencesStudyUid === studyUid ? x.segmentation.references : []), { ref, ...(saved?.resourceId ? { resourceId: saved.resourceId } : {}) }],
        saveStatus: { kind: 'saved', message: `Saved segment selection "${view.info.label}"` },
      },
    }));
  } catch (e) {
    status('error', `The segment selection was not saved: ${fhirMessage(e)}`);
  }
}

/**
 * The study's referenced-segment selections as loaded (replacing the list, or adding a page). With the
 * study index, a selection whose SEG instance is not in the study says so.
 */
export function setSegmentReferences(studyUid: string, list: readonly StoredSegmentReference[], index: StudyIndex | undefined, replace: boolean): void {
  const checked = list.map((r) => {
    const seg = index?.get(r.ref.segSopInstanceUid);
    if (!index || seg) return r;
    return { ...r, problem: `Its segmentation instance ${r.ref.segSopInstanceUid} is not in this study` };
  });
  setState((x) => {
    const same = x.segmentation.referencesStudyUid === studyUid;
    const before = same && !replace ? x.segmentation.references.filter((r) => !checked.some((c) => c.ref.id === r.ref.id)) : [];
    // A selection saved in this session and not yet in the loaded list stays.
    const saved = same && replace ? x.segmentation.references.filter((r) => !checked.some((c) => c.ref.id === r.ref.id) && r.resourceId) : [];
    return { segmentation: { ...x.segmentation, referencesStudyUid: studyUid, references: [...before, ...saved, ...checked] } };
  });
}

/** Opens the SEG a referenced-segment selection names, over its source series, with the segment highlighted. */
export async function openSegmentReference(id: string): Promise<void> {
  const s = getState();
  const entry = s.segmentation.references.find((r) => r.ref.id === id);
  const studyUid = s.viewer.studyUid;
  if (!entry || !studyUid) return;
  const note = (message: string) => setState((x) => ({ segmentation: { ...x.segmentation, saveStatus: { kind: 'error', message } } }));
  let index: StudyIndex | undefined;
  try {
    index = await getServices().dicomweb.getStudyIndex(studyUid);
  } catch (e) {
    return note(`The study's instances could not be listed: ${(e as Error).message}`);
  }
  const seg = index.get(entry.ref.segSopInstanceUid);
  if (!seg) return note(`The segmentation instance ${entry.ref.segSopInstanceUid} of "${entry.ref.label ?? `segment ${entry.ref.segmentNumber}`}" is not in this study`);
  if (seg.sopClassUid !== SEG_SOP_CLASS_UID) return note(`Instance ${entry.ref.segSopInstanceUid} is not a DICOM Segmentation`);
  await openSegmentation(seg.seriesUid, { sopInstanceUid: entry.ref.segSopInstanceUid, highlight: entry.ref.segmentNumber });
}
