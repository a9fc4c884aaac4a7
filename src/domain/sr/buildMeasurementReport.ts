import { COMPREHENSIVE_SR, CODES, type SrCode, type SrMeasurementGroup } from './SrContent';

/**
 * A dataset in dcmjs's "naturalized" form: DICOM keywords as keys, sequences
 * as arrays of datasets. Plain data, so the domain builds and reads it
 * without dcmjs; the adapter turns it into Part 10 bytes and back.
 */
export type NaturalDataset = Record<string, unknown>;

/** A stored SR instance this one replaces (Predecessor Documents Sequence). */
export interface SrInstanceRef {
  readonly studyUid: string;
  readonly seriesUid: string;
  readonly sopInstanceUid: string;
  readonly sopClassUid: string;
}

/** An image a measurement group refers to, with the series it belongs to (for the evidence list). */
export interface EvidenceImage {
  readonly seriesUid: string;
  readonly sopClassUid: string;
  readonly sopInstanceUid: string;
}

export interface ReportInput {
  readonly studyUid: string;
  readonly seriesUid: string;
  readonly sopInstanceUid: string;
  readonly seriesNumber: number;
  readonly instanceNumber: number;
  /** ISO instant the report was made; written as UTC content date/time. */
  readonly contentTime: string;
  /**
   * Patient and study attributes copied from an image of the study, so the
   * report files under the same patient and study (naturalized keywords).
   */
  readonly patientStudy: NaturalDataset;
  /** The person who made the report, as a DICOM PN ("Family^Given"), when known. */
  readonly personObserver?: string;
  readonly device: { readonly uid: string; readonly name: string; readonly manufacturer: string; readonly softwareVersion: string };
  readonly groups: readonly SrMeasurementGroup[];
  readonly evidence: readonly EvidenceImage[];
  readonly predecessor?: SrInstanceRef;
}

/** Patient and General Study attributes copied into the report; type 2 ones are written empty when absent. */
const COPIED_TYPE2 = ['PatientName', 'PatientID', 'PatientBirthDate', 'PatientSex', 'StudyDate', 'StudyTime', 'ReferringPhysicianName', 'StudyID', 'AccessionNumber'] as const;
const COPIED_OPTIONAL = ['IssuerOfPatientID', 'StudyDescription', 'SpecificCharacterSet'] as const;

const code = (c: SrCode): NaturalDataset => ({ CodeValue: c.value, CodingSchemeDesignator: c.scheme, CodeMeaning: c.meaning });

function item(relationship: string, valueType: string, concept: SrCode | undefined, value: NaturalDataset): NaturalDataset {
  return { RelationshipType: relationship, ValueType: valueType, ...(concept ? { ConceptNameCodeSequence: [code(concept)] } : {}), ...value };
}

const text = (rel: string, concept: SrCode, value: string) => item(rel, 'TEXT', concept, { TextValue: value });
const codeItem = (rel: string, concept: SrCode, value: SrCode) => item(rel, 'CODE', concept, { ConceptCodeSequence: [code(value)] });
const uidref = (rel: string, concept: SrCode, value: string) => item(rel, 'UIDREF', concept, { UID: value });

/** DS allows 16 characters: the shortest text that reads back as the same double, else 16 significant digits trimmed. */
export function formatDs(v: number): string {
  const plain = String(v);
  if (plain.length <= 16) return plain;
  for (let p = 15; p >= 1; p--) {
    const s = v.toPrecision(p).replace(/(\.\d*?)0+(e|$)/, '$1$2').replace(/\.(e|$)/, '$1');
    if (s.length <= 16) return s;
  }
  return v.toExponential(8);
}

function dateTime(iso: string): { date: string; time: string } {
  const d = new Date(iso);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return {
    date: `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}`,
    time: `${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`,
  };
}

function groupItem(g: SrMeasurementGroup): NaturalDataset {
  const image: NaturalDataset = {
    ReferencedSOPClassUID: g.scoord.image.sopClassUid,
    ReferencedSOPInstanceUID: g.scoord.image.sopInstanceUid,
    ...(g.scoord.image.frameNumber !== undefined ? { ReferencedFrameNumber: g.scoord.image.frameNumber } : {}),
  };
  const content: NaturalDataset[] = [
    text('HAS OBS CONTEXT', CODES.trackingIdentifier, g.trackingIdentifier),
    uidref('HAS OBS CONTEXT', CODES.trackingUid, g.trackingUid),
    ...(g.finding ? [codeItem('CONTAINS', CODES.finding, g.finding)] : []),
    item('CONTAINS', 'SCOORD', CODES.imageRegion, {
      GraphicType: g.scoord.graphicType,
      GraphicData: [...g.scoord.graphicData],
      ContentSequence: [item('SELECTED FROM', 'IMAGE', undefined, { ReferencedSOPSequence: [image] })],
    }),
    ...g.measurements.map((m) =>
      item('CONTAINS', 'NUM', m.concept, {
        ...(m.observationUid ? { ObservationUID: m.observationUid } : {}),
        MeasuredValueSequence: [{ NumericValue: formatDs(m.value), MeasurementUnitsCodeSequence: [code(m.unit)] }],
      }),
    ),
  ];
  return item('CONTAINS', 'CONTAINER', CODES.measurementGroup, {
    ...(g.observationUid ? { ObservationUID: g.observationUid } : {}),
    ContinuityOfContent: 'SEPARATE',
    ContentTemplateSequence: [{ MappingResource: 'DCMR', TemplateIdentifier: '1410' }],
    ContentSequence: content,
  });
}

/** Hierarchical SOP Instance Reference Macro: the images, grouped by series. */
function hierarchicalRefs(studyUid: string, refs: readonly EvidenceImage[]): NaturalDataset[] {
  const bySeries = new Map<string, NaturalDataset[]>();
  const seen = new Set<string>();
  for (const r of refs) {
    if (seen.has(r.sopInstanceUid)) continue;
    seen.add(r.sopInstanceUid);
    const list = bySeries.get(r.seriesUid) ?? [];
    list.push({ ReferencedSOPClassUID: r.sopClassUid, ReferencedSOPInstanceUID: r.sopInstanceUid });
    bySeries.set(r.seriesUid, list);
  }
  return [{ StudyInstanceUID: studyUid, ReferencedSeriesSequence: [...bySeries].map(([SeriesInstanceUID, ReferencedSOPSequence]) => ({ SeriesInstanceUID, ReferencedSOPSequence })) }];
}

/**
 * A Comprehensive SR with a TID 1500 Measurement Report: language, observer
 * context (the person when known, and this viewer as device), procedure
 * reported, and one TID 1410 group per ROI under Imaging Measurements. Same
 * input, same dataset: nothing here reads a clock or makes a UID.
 */
export function buildMeasurementReport(input: ReportInput): NaturalDataset {
  const { date, time } = dateTime(input.contentTime);
  const observer: NaturalDataset[] = [];
  if (input.personObserver) {
    observer.push(codeItem('HAS OBS CONTEXT', CODES.observerType, CODES.person), item('HAS OBS CONTEXT', 'PNAME', CODES.personObserverName, { PersonName: input.personObserver }));
  }
  observer.push(
    codeItem('HAS OBS CONTEXT', CODES.observerType, CODES.device),
    uidref('HAS OBS CONTEXT', CODES.deviceObserverUid, input.device.uid),
    text('HAS OBS CONTEXT', CODES.deviceObserverName, input.device.name),
    text('HAS OBS CONTEXT', CODES.deviceObserverManufacturer, input.device.manufacturer),
  );
  const copied: NaturalDataset = {};
  for (const k of COPIED_TYPE2) copied[k] = input.patientStudy[k] ?? '';
  for (const k of COPIED_OPTIONAL) if (input.patientStudy[k] !== undefined && input.patientStudy[k] !== '') copied[k] = input.patientStudy[k];
  const evidence = input.evidence.length ? { CurrentRequestedProcedureEvidenceSequence: hierarchicalRefs(input.studyUid, input.evidence) } : {};
  const predecessor = input.predecessor
    ? {
        PredecessorDocumentsSequence: hierarchicalRefs(input.predecessor.studyUid, [
          { seriesUid: input.predecessor.seriesUid, sopClassUid: input.predecessor.sopClassUid, sopInstanceUid: input.predecessor.sopInstanceUid },
        ]),
      }
    : {};
  return {
    SpecificCharacterSet: 'ISO_IR 192',
    ...copied,
    SOPClassUID: COMPREHENSIVE_SR,
    SOPInstanceUID: input.sopInstanceUid,
    StudyInstanceUID: input.studyUid,
    SeriesInstanceUID: input.seriesUid,
    Modality: 'SR',
    SeriesNumber: input.seriesNumber,
    SeriesDescription: 'ROI measurements (TID 1500)',
    InstanceNumber: input.instanceNumber,
    ReferencedPerformedProcedureStepSequence: [],
    Manufacturer: input.device.manufacturer,
    ManufacturerModelName: input.device.name,
    SoftwareVersions: input.device.softwareVersion,
    ContentDate: date,
    ContentTime: time,
    InstanceCreationDate: date,
    InstanceCreationTime: time,
    TimezoneOffsetFromUTC: '+0000',
    CompletionFlag: 'COMPLETE',
    VerificationFlag: 'UNVERIFIED',
    PerformedProcedureCodeSequence: [],
    ...evidence,
    ...predecessor,
    ValueType: 'CONTAINER',
    ConceptNameCodeSequence: [code(CODES.measurementReport)],
    ContinuityOfContent: 'SEPARATE',
    ContentTemplateSequence: [{ MappingResource: 'DCMR', TemplateIdentifier: '1500' }],
    ContentSequence: [
      codeItem('HAS CONCEPT MOD', CODES.language, CODES.englishUs),
      ...observer,
      codeItem('HAS CONCEPT MOD', CODES.procedureReported, CODES.imagingProcedure),
      item('CONTAINS', 'CONTAINER', CODES.imagingMeasurements, { ContinuityOfContent: 'SEPARATE', ContentSequence: input.groups.map(groupItem) }),
    ],
  };
}
