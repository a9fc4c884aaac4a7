import { asNumber, asNumbers, asString, formatPersonName, naturalize, parseDicomDate, type DicomJson } from './dicomJson';
import type { InstanceMeta } from './models';
import { isDicomUid } from '../../domain/uid/dicomUid';

export interface InstanceProblem {
  readonly sopInstanceUid?: string;
  readonly message: string;
}

type Vec3 = readonly [number, number, number];

function vec3(v: unknown): Vec3 | undefined {
  const a = asNumbers(v, 3);
  return a ? [a[0]!, a[1]!, a[2]!] : undefined;
}

/** Enhanced multi-frame stores geometry in functional groups; classic images at the root. */
function sequenceItem(v: unknown): Record<string, unknown> | undefined {
  const first = Array.isArray(v) ? v[0] : v;
  return typeof first === 'object' && first !== null ? (first as Record<string, unknown>) : undefined;
}

function framePositionsOf(n: Record<string, unknown>): Array<Vec3 | undefined> | undefined {
  const perFrame = n.PerFrameFunctionalGroupsSequence;
  if (!Array.isArray(perFrame)) return undefined;
  return perFrame.map((item: unknown) => {
    const group = item as Record<string, unknown>;
    return vec3(sequenceItem(group?.PlanePositionSequence)?.ImagePositionPatient);
  });
}

/** A Modality LUT Sequence item whose LUT Data came inline; BulkData references are not fetched. */
function modalityLutOf(n: Record<string, unknown>): InstanceMeta['modalityLut'] {
  const item = sequenceItem(n.ModalityLUTSequence);
  if (!item) return undefined;
  const desc = asNumbers(item.LUTDescriptor, 3);
  const data = asNumbers(item.LUTData);
  if (!desc || !data || data.length === 0) return 'unreadable';
  return { firstMapped: desc[1]!, data, lutType: asString(item.ModalityLUTType) };
}

/**
 * Reads one instance of WADO-RS series metadata. Missing Rows/Columns make an
 * instance unusable (reported); missing geometry is allowed, the viewer then
 * works in pixel coordinates.
 */
export function parseInstance(ds: DicomJson): { instance?: InstanceMeta; problem?: InstanceProblem } {
  const n = naturalize(ds);
  const sopInstanceUid = asString(n.SOPInstanceUID);
  const rows = asNumber(n.Rows);
  const columns = asNumber(n.Columns);
  if (!sopInstanceUid) return { problem: { message: 'An instance has no SOP Instance UID' } };
  // These three become the path of every frame request.
  const studyUid = asString(n.StudyInstanceUID) ?? '';
  const seriesUid = asString(n.SeriesInstanceUID) ?? '';
  if (![sopInstanceUid, studyUid, seriesUid].every(isDicomUid)) return { problem: { message: 'An instance has a study, series or SOP Instance UID that is not a valid DICOM UID; it is not shown' } };
  if (!rows || !columns || rows <= 0 || columns <= 0) {
    return { problem: { sopInstanceUid, message: `Instance ${sopInstanceUid} has no Rows/Columns and cannot be displayed` } };
  }
  const shared = sequenceItem(n.SharedFunctionalGroupsSequence);
  const perFrame0 = Array.isArray(n.PerFrameFunctionalGroupsSequence) ? sequenceItem(n.PerFrameFunctionalGroupsSequence) : undefined;
  const pixelMeasures = sequenceItem(shared?.PixelMeasuresSequence) ?? sequenceItem(perFrame0?.PixelMeasuresSequence);
  const orientation = sequenceItem(shared?.PlaneOrientationSequence) ?? sequenceItem(perFrame0?.PlaneOrientationSequence);
  const spacing = asNumbers(n.PixelSpacing ?? pixelMeasures?.PixelSpacing, 2);
  const iop = asNumbers(n.ImageOrientationPatient ?? orientation?.ImageOrientationPatient, 6);
  const framePositions = framePositionsOf(n);
  const ipp = vec3(n.ImagePositionPatient) ?? framePositions?.[0];
  const voi = sequenceItem(shared?.FrameVOILUTSequence);
  const imagerSpacing = asNumbers(n.ImagerPixelSpacing, 2);
  return {
    instance: {
      studyUid,
      seriesUid,
      sopInstanceUid,
      sopClassUid: asString(n.SOPClassUID) ?? '',
      instanceNumber: asNumber(n.InstanceNumber),
      seriesNumber: asNumber(n.SeriesNumber),
      rows,
      columns,
      numberOfFrames: Math.max(1, asNumber(n.NumberOfFrames) ?? 1),
      imagePositionPatient: ipp,
      imageOrientationPatient: iop ? [iop[0]!, iop[1]!, iop[2]!, iop[3]!, iop[4]!, iop[5]!] : undefined,
      pixelSpacing: spacing && spacing[0]! > 0 && spacing[1]! > 0 ? [spacing[0]!, spacing[1]!] : undefined,
      frameOfReferenceUid: asString(n.FrameOfReferenceUID),
      framePositions,
      modality: asString(n.Modality),
      patientId: asString(n.PatientID),
      issuerOfPatientId: asString(n.IssuerOfPatientID),
      patientName: formatPersonName(asString(n.PatientName)),
      studyDate: parseDicomDate(asString(n.StudyDate)),
      accessionNumber: asString(n.AccessionNumber),
      seriesDescription: asString(n.SeriesDescription),
      rescaleSlope: asNumber(n.RescaleSlope),
      rescaleIntercept: asNumber(n.RescaleIntercept),
      rescaleType: asString(n.RescaleType),
      modalityLut: modalityLutOf(n),
      samplesPerPixel: asNumber(n.SamplesPerPixel),
      imagerPixelSpacing: imagerSpacing && imagerSpacing[0]! > 0 && imagerSpacing[1]! > 0 ? [imagerSpacing[0]!, imagerSpacing[1]!] : undefined,
      windowCenter: asNumber(n.WindowCenter ?? voi?.WindowCenter),
      windowWidth: asNumber(n.WindowWidth ?? voi?.WindowWidth),
      photometricInterpretation: asString(n.PhotometricInterpretation),
    },
  };
}
