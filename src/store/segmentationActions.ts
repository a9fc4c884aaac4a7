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
  setState({
    segmentation: { ...initialSegmentation, opacity: getState().segmentation.opacity, status: 'loading', studyUid, segSeriesUid, segSeriesNumber: summary?.seriesNumber },
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

export function closeSegmentation(): void {
  if (getState().segmentation.status !== 'idle') setState({ segmentation: initialSegmentation });
}
