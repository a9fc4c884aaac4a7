import type { Issue } from '../imaging-selection/Issue';
import { SR_SOP_CLASSES, type SrCode, type SrImageRef, type SrMeasurement } from './SrContent';

/**
 * Reads a TID 1500 Measurement Report from a naturalized dataset (dcmjs
 * form, from Part 10 bytes or from WADO-RS metadata). Takes anything,
 * never throws: what cannot be read is an issue with a path, per
 * measurement group, and the other groups are still returned.
 */

/** A group as read: its SCOORD is raw (type and numbers unchecked) until the image is known. */
export interface ReadGroup {
  /** 1-based position among the report's measurement groups. */
  readonly index: number;
  readonly trackingIdentifier?: string;
  readonly trackingUid?: string;
  readonly observationUid?: string;
  readonly finding?: SrCode;
  readonly measurements: readonly SrMeasurement[];
  /** 'SCOORD' with its graphic type and data, or why there is no 2D region to show. */
  readonly region:
    | { readonly kind: 'scoord'; readonly graphicType: string; readonly graphicData: readonly unknown[]; readonly image?: SrImageRef }
    | { readonly kind: 'unshowable'; readonly reason: string };
}

export interface ReportHeader {
  readonly sopInstanceUid: string;
  readonly sopClassUid: string;
  readonly seriesUid: string;
  readonly studyUid: string;
  /** Person Observer Name, else Device Observer Name, else Manufacturer. */
  readonly author?: string;
  readonly manufacturer?: string;
  /** ISO-like "YYYY-MM-DD HH:MM" from Content Date/Time. */
  readonly time?: string;
  readonly instanceNumber?: number;
  /** SOP Instance UIDs this report says it replaces. */
  readonly predecessors: readonly string[];
}

export interface ReadReport {
  readonly header?: ReportHeader;
  readonly groups: readonly ReadGroup[];
  readonly issues: readonly Issue[];
}

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
/** dcmjs gives sequences as arrays; a single item may also come as an object. */
const items = (v: unknown): Rec[] => (Array.isArray(v) ? v.filter(isRec) : isRec(v) ? [v] : []);
const first = (v: unknown): unknown => (Array.isArray(v) ? v[0] : v);

function str(v: unknown): string | undefined {
  const x = first(v);
  if (isRec(x) && 'Alphabetic' in x) return str(x.Alphabetic);
  if (typeof x === 'number') return String(x);
  if (typeof x !== 'string') return undefined;
  const s = x.trim();
  return s === '' ? undefined : s;
}

function num(v: unknown): number | undefined {
  const x = first(v);
  const n = typeof x === 'number' ? x : typeof x === 'string' && x.trim() !== '' ? Number(x) : Number.NaN;
  return Number.isFinite(n) ? n : undefined;
}

function codeOf(v: unknown): SrCode | undefined {
  const c = items(v)[0];
  if (!c) return undefined;
  const value = str(c.CodeValue) ?? str(c.LongCodeValue) ?? str(c.URNCodeValue);
  const scheme = str(c.CodingSchemeDesignator) ?? '';
  return value ? { value, scheme, meaning: str(c.CodeMeaning) ?? value } : undefined;
}

const is = (c: SrCode | undefined, value: string, scheme = 'DCM') => c?.value === value && c.scheme === scheme;
const conceptOf = (it: Rec) => codeOf(it.ConceptNameCodeSequence);
const valueType = (it: Rec) => str(it.ValueType);

function formatTime(date?: string, time?: string): string | undefined {
  if (!date || !/^\d{8}$/.test(date)) return undefined;
  const d = `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}`;
  const t = time && /^\d{4}/.test(time) ? ` ${time.slice(0, 2)}:${time.slice(2, 4)}` : '';
  return d + t;
}

function authorOf(ds: Rec): string | undefined {
  let person: string | undefined;
  let device: string | undefined;
  for (const it of items(ds.ContentSequence)) {
    const c = conceptOf(it);
    if (is(c, '121008')) person ??= str(it.PersonName);
    if (is(c, '121013')) device ??= str(it.TextValue);
  }
  return person?.replace(/\^+$/, '').replace(/\^/g, ', ') ?? device ?? str(ds.Manufacturer);
}

function imageOf(scoord: Rec): SrImageRef | undefined {
  for (const child of items(scoord.ContentSequence)) {
    if (valueType(child) !== 'IMAGE') continue;
    const ref = items(child.ReferencedSOPSequence)[0];
    const sopInstanceUid = ref && str(ref.ReferencedSOPInstanceUID);
    if (!ref || !sopInstanceUid) continue;
    const frame = num(ref.ReferencedFrameNumber);
    return { sopClassUid: str(ref.ReferencedSOPClassUID) ?? '', sopInstanceUid, ...(frame !== undefined ? { frameNumber: frame } : {}) };
  }
  return undefined;
}

function graphicData(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<number>);
  if (typeof v === 'number') return [v];
  return [];
}

function readGroup(g: Rec, index: number): ReadGroup {
  let trackingIdentifier: string | undefined;
  let trackingUid: string | undefined;
  let finding: SrCode | undefined;
  const measurements: SrMeasurement[] = [];
  let region: ReadGroup['region'] | undefined;
  for (const it of items(g.ContentSequence)) {
    const c = conceptOf(it);
    const vt = valueType(it);
    if (is(c, '112039')) trackingIdentifier ??= str(it.TextValue);
    else if (is(c, '112040')) trackingUid ??= str(it.UID);
    else if (is(c, '121071') && vt === 'CODE') finding ??= codeOf(it.ConceptCodeSequence);
    else if (vt === 'NUM' && c) {
      const mv = items(it.MeasuredValueSequence)[0];
      const value = mv && num(mv.NumericValue);
      const unit = mv && codeOf(mv.MeasurementUnitsCodeSequence);
      const observationUid = str(it.ObservationUID);
      if (value !== undefined && unit) measurements.push({ concept: c, value, unit, ...(observationUid ? { observationUid } : {}) });
    } else if (vt === 'SCOORD' && !region) {
      const image = imageOf(it);
      region = { kind: 'scoord', graphicType: str(it.GraphicType) ?? '', graphicData: graphicData(it.GraphicData), ...(image ? { image } : {}) };
    } else if (vt === 'SCOORD3D' && !region) {
      region = { kind: 'unshowable', reason: `SCOORD3D ${str(it.GraphicType) ?? ''} (a region in patient space, not on one image) is not shown in 2D`.replace('  ', ' ') };
    } else if (vt === 'IMAGE' && !region && (is(c, '121191') || str(it.ReferencedSegmentNumber))) {
      region = { kind: 'unshowable', reason: 'a referenced segment (SEG) is not an image region' };
    }
  }
  const observationUid = str(g.ObservationUID);
  return {
    index,
    ...(trackingIdentifier ? { trackingIdentifier } : {}),
    ...(trackingUid ? { trackingUid } : {}),
    ...(observationUid ? { observationUid } : {}),
    ...(finding ? { finding } : {}),
    measurements,
    region: region ?? { kind: 'unshowable', reason: 'no image region (SCOORD) in this measurement group' },
  };
}

export function readMeasurementReport(input: unknown): ReadReport {
  const issues: Issue[] = [];
  if (!isRec(input)) return { groups: [], issues: [{ severity: 'error', message: 'The file could not be read as DICOM' }] };
  const ds = input;
  const sopClassUid = str(ds.SOPClassUID) ?? '';
  const header: ReportHeader = {
    sopInstanceUid: str(ds.SOPInstanceUID) ?? '',
    sopClassUid,
    seriesUid: str(ds.SeriesInstanceUID) ?? '',
    studyUid: str(ds.StudyInstanceUID) ?? '',
    author: authorOf(ds),
    manufacturer: str(ds.Manufacturer),
    time: formatTime(str(ds.ContentDate), str(ds.ContentTime)),
    instanceNumber: num(ds.InstanceNumber),
    predecessors: items(ds.PredecessorDocumentsSequence).flatMap((s) =>
      items(s.ReferencedSeriesSequence).flatMap((r) => items(r.ReferencedSOPSequence).flatMap((i) => str(i.ReferencedSOPInstanceUID) ?? [])),
    ),
  };
  if (!SR_SOP_CLASSES.includes(sopClassUid)) return { header, groups: [], issues: [{ severity: 'error', message: `Not a structured report this viewer reads (SOP Class ${sopClassUid || 'missing'})` }] };
  const template = items(ds.ContentTemplateSequence)[0];
  const templateId = template && str(template.TemplateIdentifier);
  if (!is(conceptOf(ds), '126000') || (templateId !== undefined && templateId !== '1500')) {
    const title = conceptOf(ds)?.meaning ?? 'no title';
    return { header, groups: [], issues: [{ severity: 'error', message: `Not a TID 1500 Measurement Report (${title}${templateId ? `, TID ${templateId}` : ''})` }] };
  }
  const groups: ReadGroup[] = [];
  for (const [i, container] of items(ds.ContentSequence).entries()) {
    if (valueType(container) !== 'CONTAINER' || !is(conceptOf(container), '126010')) continue;
    for (const [j, g] of items(container.ContentSequence).entries()) {
      if (valueType(g) !== 'CONTAINER') {
        issues.push({ severity: 'warning', message: `Item ${j + 1} of Imaging Measurements is a ${valueType(g) ?? 'untyped item'}, not a measurement group`, path: `ContentSequence[${i}].ContentSequence[${j}]` });
        continue;
      }
      groups.push(readGroup(g, groups.length + 1));
    }
  }
  if (!groups.length && !issues.length) issues.push({ severity: 'warning', message: 'The report has no measurement groups' });
  return { header, groups, issues };
}
