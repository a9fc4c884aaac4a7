import type { Issue } from '../imaging-selection/Issue';
import { isRecord, list, type Json } from '../imaging-selection/readJson';
import { dicomLabToRgb, paletteColor } from './cielab';
import { SEG_SOP_CLASS_UID, type SegFrame, type SegmentInfo, type SegParseResult } from './Segmentation';

/** A value of a naturalized (keyword-named) dataset as text; DICOM strings may come as one-item arrays. */
function text(v: unknown): string | undefined {
  const x = Array.isArray(v) ? v[0] : v;
  if (typeof x === 'string') return x.trim() || undefined;
  if (typeof x === 'number') return String(x);
  return undefined;
}

function num(v: unknown): number | undefined {
  const x = Array.isArray(v) ? v[0] : v;
  const n = typeof x === 'number' ? x : typeof x === 'string' && x.trim() !== '' ? Number(x) : Number.NaN;
  return Number.isFinite(n) ? n : undefined;
}

function nums(v: unknown, count: number): number[] | undefined {
  const arr = (Array.isArray(v) ? v : typeof v === 'string' ? v.split('\\') : []).map((x) => (typeof x === 'number' ? x : Number(x)));
  return arr.length === count && arr.every(Number.isFinite) ? arr : undefined;
}

/** First item of a sequence, as dcmjs gives it (an array of items, or one item). */
function item(v: unknown): Json | undefined {
  const first = list(v)[0];
  return isRecord(first) ? first : undefined;
}

/**
 * Reads a DICOM Segmentation from a naturalized dataset (dcmjs keyword form). Never throws:
 * whatever cannot be used becomes an issue, and a header comes back only when the SEG can be shown.
 */
export function parseSegmentation(ds: unknown): SegParseResult {
  const issues: Issue[] = [];
  const fail = (message: string): SegParseResult => ({ issues: [...issues, { severity: 'error', message }] });
  if (!isRecord(ds)) return fail('The segmentation could not be read: not a DICOM dataset');
  const sopClass = text(ds.SOPClassUID);
  if (sopClass !== SEG_SOP_CLASS_UID) return fail(`Not a DICOM Segmentation (SOP Class ${sopClass ?? 'missing'})`);
  const sopInstanceUid = text(ds.SOPInstanceUID);
  if (!sopInstanceUid) return fail('The segmentation has no SOP Instance UID');
  const rows = num(ds.Rows);
  const columns = num(ds.Columns);
  if (!rows || !columns || rows < 1 || columns < 1) return fail('The segmentation has no valid Rows/Columns');
  const numberOfFrames = Math.max(1, Math.round(num(ds.NumberOfFrames) ?? 1));
  const typeText = text(ds.SegmentationType);
  if (typeText !== 'BINARY' && typeText !== 'FRACTIONAL') return fail(`Segmentation Type ${typeText ?? 'missing'} is not supported (BINARY or FRACTIONAL)`);
  const bitsAllocated = num(ds.BitsAllocated) ?? (typeText === 'BINARY' ? 1 : 8);
  if ((typeText === 'BINARY' && bitsAllocated !== 1 && bitsAllocated !== 8) || (typeText === 'FRACTIONAL' && bitsAllocated !== 8)) {
    return fail(`Bits Allocated ${bitsAllocated} is not valid for a ${typeText} segmentation`);
  }
  const maxFractionalValue = typeText === 'FRACTIONAL' ? (num(ds.MaximumFractionalValue) ?? 255) : 1;

  const segments: SegmentInfo[] = [];
  list(ds.SegmentSequence).forEach((s, i) => {
    if (!isRecord(s)) return;
    const number = num(s.SegmentNumber);
    if (!number || !Number.isInteger(number) || number < 1) {
      issues.push({ severity: 'warning', message: `Segment ${i + 1} has no valid Segment Number and is skipped`, path: `SegmentSequence[${i}]` });
      return;
    }
    const lab = nums(s.RecommendedDisplayCIELabValue, 3);
    const fromSeg = lab ? dicomLabToRgb(lab) : undefined;
    const type = item(s.SegmentedPropertyTypeCodeSequence);
    const code = type && text(type.CodeValue);
    const system = type && text(type.CodingSchemeDesignator);
    segments.push({
      number,
      label: text(s.SegmentLabel) ?? `Segment ${number}`,
      rgb: fromSeg ?? paletteColor(number),
      colorFromSeg: !!fromSeg,
      ...(code && system ? { propertyType: { code, system, display: type && text(type.CodeMeaning) } } : {}),
    });
  });
  if (segments.length === 0) return fail('The segmentation lists no segments');

  const shared = item(ds.SharedFunctionalGroupsSequence);
  const perFrame = list(ds.PerFrameFunctionalGroupsSequence);
  if (perFrame.length !== numberOfFrames) return fail(`The segmentation has ${numberOfFrames} frames but ${perFrame.length} per-frame descriptions`);
  const sharedSegment = shared && num(item(shared.SegmentIdentificationSequence)?.ReferencedSegmentNumber);
  const frames: SegFrame[] = [];
  const known = new Set(segments.map((s) => s.number));
  let unknownSegment = 0;
  perFrame.forEach((f) => {
    const g = isRecord(f) ? f : {};
    const segmentNumber = num(item(g.SegmentIdentificationSequence)?.ReferencedSegmentNumber) ?? sharedSegment ?? 0;
    if (!known.has(segmentNumber)) unknownSegment++;
    const src = item(item(g.DerivationImageSequence)?.SourceImageSequence);
    const ipp = nums(item(g.PlanePositionSequence)?.ImagePositionPatient, 3);
    const refFrame = src && num(src.ReferencedFrameNumber);
    frames.push({
      segmentNumber,
      ...(src && text(src.ReferencedSOPInstanceUID) ? { sourceSopInstanceUid: text(src.ReferencedSOPInstanceUID) } : {}),
      ...(refFrame ? { sourceFrameNumber: refFrame } : {}),
      ...(ipp ? { imagePositionPatient: [ipp[0]!, ipp[1]!, ipp[2]!] as const } : {}),
    });
  });
  if (unknownSegment) issues.push({ severity: 'warning', message: `${unknownSegment} frame(s) name a segment that is not in the Segment Sequence and are not shown` });

  const referencedSeriesUids = list(ds.ReferencedSeriesSequence)
    .map((r) => (isRecord(r) ? text(r.SeriesInstanceUID) : undefined))
    .filter((x): x is string => !!x);
  const measures = shared && item(shared.PixelMeasuresSequence);
  const spacing = measures && nums(measures.PixelSpacing, 2);
  const iop = shared && nums(item(shared.PlaneOrientationSequence)?.ImageOrientationPatient, 6);
  return {
    header: {
      sopInstanceUid,
      seriesUid: text(ds.SeriesInstanceUID),
      studyUid: text(ds.StudyInstanceUID),
      frameOfReferenceUid: text(ds.FrameOfReferenceUID),
      segmentationType: typeText,
      maxFractionalValue,
      rows,
      columns,
      numberOfFrames,
      bitsAllocated,
      segments,
      frames,
      referencedSeriesUids,
      ...(spacing ? { pixelSpacing: [spacing[0]!, spacing[1]!] as const } : {}),
      ...(iop ? { imageOrientationPatient: iop as unknown as readonly [number, number, number, number, number, number] } : {}),
    },
    issues,
  };
}
