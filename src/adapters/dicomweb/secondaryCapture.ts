import dcmjs from 'dcmjs';
import { version } from '../../../package.json';
import type { DicomJson } from './dicomJson';

/** Secondary Capture Image Storage (PS3.4 B.5). */
export const SC_SOP_CLASS = '1.2.840.10008.5.1.4.1.1.7';
const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';
/** This viewer's implementation class UID (2.25 + a fixed UUID) and name, in every file it writes. */
const IMPLEMENTATION_CLASS_UID = '2.25.213998436214357398611466128155453592873';
const IMPLEMENTATION_VERSION = `ROIVIEWER_${version}`.slice(0, 16);

/** The study an image belongs to, as its source image's metadata gives it. */
export interface ScStudy {
  readonly studyUid: string;
  readonly patientName?: string;
  readonly patientId?: string;
  readonly issuerOfPatientId?: string;
  readonly patientBirthDate?: string;
  readonly patientSex?: string;
  readonly studyDate?: string;
  readonly studyTime?: string;
  readonly studyId?: string;
  readonly accessionNumber?: string;
  readonly referringPhysicianName?: string;
  readonly studyDescription?: string;
}

export interface SecondaryCaptureInput {
  /** 8-bit RGB, interleaved (R,G,B per pixel), row by row: rows × columns × 3 bytes. */
  readonly rgb: Uint8Array;
  readonly rows: number;
  readonly columns: number;
  readonly study: ScStudy;
  readonly seriesUid: string;
  readonly seriesNumber: number;
  readonly seriesDescription: string;
  readonly sopInstanceUid: string;
  readonly instanceNumber: number;
  /** The image the capture shows (Source Image Sequence). */
  readonly source: { readonly sopClassUid: string; readonly sopInstanceUid: string; readonly frameNumber?: number };
  readonly created: Date;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const da = (d: Date) => `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}`;
const tm = (d: Date) => `${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`;

/**
 * A DICOM Part 10 Secondary Capture Image (PS3.3 A.8.1) of what the viewer
 * showed: Patient, General Study, General Series, SC Equipment, General
 * Image, Image Pixel (RGB, 8 bits, interleaved), SC Image and SOP Common
 * modules, in the source image's patient and study. Uncompressed explicit VR
 * little endian, so any archive can store it and any viewer show it.
 */
export function buildSecondaryCapture(input: SecondaryCaptureInput): Uint8Array {
  const { rows, columns, rgb } = input;
  if (!Number.isInteger(rows) || !Number.isInteger(columns) || rows < 1 || columns < 1 || rows > 65535 || columns > 65535) {
    throw new RangeError(`Image size ${columns}×${rows} cannot be stored`);
  }
  if (rgb.length !== rows * columns * 3) throw new RangeError(`Expected ${rows * columns * 3} RGB bytes, got ${rgb.length}`);
  const { DicomMetaDictionary, DicomDict } = dcmjs.data;
  const s = input.study;
  // Type 2 attributes are present, empty when unknown.
  const dataset: Record<string, unknown> = {
    SpecificCharacterSet: 'ISO_IR 192',
    ImageType: ['DERIVED', 'SECONDARY'],
    SOPClassUID: SC_SOP_CLASS,
    SOPInstanceUID: input.sopInstanceUid,
    StudyDate: s.studyDate ?? '',
    ContentDate: da(input.created),
    StudyTime: s.studyTime ?? '',
    ContentTime: tm(input.created),
    AccessionNumber: s.accessionNumber ?? '',
    Modality: 'OT',
    ConversionType: 'WSD',
    Manufacturer: 'ROI viewer',
    ReferringPhysicianName: s.referringPhysicianName ?? '',
    ...(s.studyDescription ? { StudyDescription: s.studyDescription } : {}),
    SeriesDescription: input.seriesDescription,
    DerivationDescription: 'Rendered view of the source image with its regions of interest drawn in',
    SourceImageSequence: [
      {
        ReferencedSOPClassUID: input.source.sopClassUid,
        ReferencedSOPInstanceUID: input.source.sopInstanceUid,
        ...(input.source.frameNumber !== undefined ? { ReferencedFrameNumber: input.source.frameNumber } : {}),
      },
    ],
    PatientName: s.patientName ?? '',
    PatientID: s.patientId ?? '',
    ...(s.issuerOfPatientId ? { IssuerOfPatientID: s.issuerOfPatientId } : {}),
    PatientBirthDate: s.patientBirthDate ?? '',
    PatientSex: s.patientSex ?? '',
    SoftwareVersions: version,
    StudyInstanceUID: s.studyUid,
    SeriesInstanceUID: input.seriesUid,
    StudyID: s.studyId ?? '',
    SeriesNumber: input.seriesNumber,
    InstanceNumber: input.instanceNumber,
    PatientOrientation: '',
    BurnedInAnnotation: 'NO',
    SamplesPerPixel: 3,
    PhotometricInterpretation: 'RGB',
    PlanarConfiguration: 0,
    Rows: rows,
    Columns: columns,
    BitsAllocated: 8,
    BitsStored: 8,
    HighBit: 7,
    PixelRepresentation: 0,
    LossyImageCompression: '00',
    DateOfSecondaryCapture: da(input.created),
    TimeOfSecondaryCapture: tm(input.created),
    // An odd byte count is padded by the writer.
    PixelData: [rgb.slice().buffer],
    _vrMap: { PixelData: 'OB' },
  };
  const meta = {
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: SC_SOP_CLASS,
    MediaStorageSOPInstanceUID: input.sopInstanceUid,
    TransferSyntaxUID: EXPLICIT_VR_LITTLE_ENDIAN,
    ImplementationClassUID: IMPLEMENTATION_CLASS_UID,
    ImplementationVersionName: IMPLEMENTATION_VERSION,
    _vrMap: { FileMetaInformationVersion: 'OB' },
  };
  const file = new DicomDict(DicomMetaDictionary.denaturalizeDataset(meta));
  file.dict = DicomMetaDictionary.denaturalizeDataset(dataset);
  return new Uint8Array(file.write());
}

/** Longest value each attribute's VR allows (PS3.5 6.2): SH 16, LO 64, PN 64 per group, CS 16. */
const MAX_LENGTH: Partial<Record<keyof ScStudy, number>> = {
  patientName: 64,
  patientId: 64,
  issuerOfPatientId: 64,
  patientSex: 16,
  studyId: 16,
  accessionNumber: 16,
  referringPhysicianName: 64,
  studyDescription: 64,
};

/**
 * A value the writer accepts: archives keep what they were sent, including
 * dates like "1993.04.30" (ACR-NEMA) that DICOM's DA no longer allows.
 * Dates and times are normalised or left out; text is cut to its VR's length.
 */
function fit(key: keyof ScStudy, v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  if (key === 'studyDate' || key === 'patientBirthDate') {
    const d = v.replace(/[.-]/g, '');
    return /^\d{8}$/.test(d) ? d : undefined;
  }
  if (key === 'studyTime') {
    const t = v.replace(/:/g, '');
    return /^\d{2,6}(\.\d{1,6})?$/.test(t) ? t : undefined;
  }
  const max = MAX_LENGTH[key];
  return max !== undefined ? v.slice(0, max).trim() : v;
}

/** The patient and study attributes a Secondary Capture repeats, read from its source image's DICOM JSON. */
export function scStudyFromDicomJson(studyUid: string, ds: DicomJson | undefined): ScStudy {
  const text = (tag: string): string | undefined => {
    const v = ds?.[tag]?.Value?.[0];
    if (typeof v === 'string') return v;
    if (typeof v === 'number') return String(v);
    if (v && typeof v === 'object' && typeof (v as { Alphabetic?: unknown }).Alphabetic === 'string') return (v as { Alphabetic: string }).Alphabetic;
    return undefined;
  };
  const out: Record<string, string> = { studyUid };
  const fields: Array<[keyof ScStudy, string]> = [
    ['patientName', '00100010'],
    ['patientId', '00100020'],
    ['issuerOfPatientId', '00100021'],
    ['patientBirthDate', '00100030'],
    ['patientSex', '00100040'],
    ['studyDate', '00080020'],
    ['studyTime', '00080030'],
    ['studyId', '00200010'],
    ['accessionNumber', '00080050'],
    ['referringPhysicianName', '00080090'],
    ['studyDescription', '00081030'],
  ];
  for (const [key, tag] of fields) {
    const v = fit(key, text(tag));
    if (v !== undefined && v !== '') out[key] = v;
  }
  return out as unknown as ScStudy;
}
