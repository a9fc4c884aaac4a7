/**
 * The part of a DICOM SR TID 1500 Measurement Report this viewer writes and
 * reads, as plain data. Coordinates are SCOORD Graphic Data: (column, row)
 * pairs in the same TLHC image coordinates as our ROI model (PS3.3
 * C.18.6.1.1), so no geometry conversion happens between the two.
 */

/** A DICOM code (Code Value, Coding Scheme Designator, Code Meaning). */
export interface SrCode {
  readonly value: string;
  readonly scheme: string;
  readonly meaning: string;
}

/** 2D SCOORD graphic types (PS3.3 C.18.6.1.2). DICOM SR has no interpolated or spline SCOORD. */
export type GraphicType = 'POINT' | 'MULTIPOINT' | 'POLYLINE' | 'CIRCLE' | 'ELLIPSE';
export const GRAPHIC_TYPES: readonly GraphicType[] = ['POINT', 'MULTIPOINT', 'POLYLINE', 'CIRCLE', 'ELLIPSE'];

/** The image an SCOORD is SELECTED FROM. */
export interface SrImageRef {
  readonly sopClassUid: string;
  readonly sopInstanceUid: string;
  /** 1-based; only for multi-frame images. */
  readonly frameNumber?: number;
}

export interface Scoord {
  readonly graphicType: GraphicType;
  /** Flat (column, row) list, as Graphic Data (0070,0022). */
  readonly graphicData: readonly number[];
  readonly image: SrImageRef;
}

/** A NUM content item of TID 1419: a measured value with its UCUM unit. */
export interface SrMeasurement {
  readonly concept: SrCode;
  readonly value: number;
  readonly unit: SrCode;
  /** Observation UID (0040,A171) of the NUM item. */
  readonly observationUid?: string;
}

/** One TID 1410 Planar ROI Measurement Group. */
export interface SrMeasurementGroup {
  readonly trackingIdentifier: string;
  /** Tracking Unique Identifier (112040): for our ROIs the FHIR group's observationUID. */
  readonly trackingUid: string;
  /** Observation UID (0040,A171) of the group container; the IG's source-sr-content-item subset. */
  readonly observationUid?: string;
  readonly finding?: SrCode;
  readonly scoord: Scoord;
  readonly measurements: readonly SrMeasurement[];
}

export const CODES = {
  measurementReport: { value: '126000', scheme: 'DCM', meaning: 'Imaging Measurement Report' },
  language: { value: '121049', scheme: 'DCM', meaning: 'Language of Content Item and Descendants' },
  englishUs: { value: 'en-US', scheme: 'RFC5646', meaning: 'English (United States)' },
  observerType: { value: '121005', scheme: 'DCM', meaning: 'Observer Type' },
  person: { value: '121006', scheme: 'DCM', meaning: 'Person' },
  device: { value: '121007', scheme: 'DCM', meaning: 'Device' },
  personObserverName: { value: '121008', scheme: 'DCM', meaning: 'Person Observer Name' },
  deviceObserverUid: { value: '121012', scheme: 'DCM', meaning: 'Device Observer UID' },
  deviceObserverName: { value: '121013', scheme: 'DCM', meaning: 'Device Observer Name' },
  deviceObserverManufacturer: { value: '121014', scheme: 'DCM', meaning: 'Device Observer Manufacturer' },
  procedureReported: { value: '121058', scheme: 'DCM', meaning: 'Procedure reported' },
  imagingProcedure: { value: '363679005', scheme: 'SCT', meaning: 'Imaging procedure' },
  imageLibrary: { value: '111028', scheme: 'DCM', meaning: 'Image Library' },
  imageLibraryGroup: { value: '126200', scheme: 'DCM', meaning: 'Image Library Group' },
  imagingMeasurements: { value: '126010', scheme: 'DCM', meaning: 'Imaging Measurements' },
  measurementGroup: { value: '125007', scheme: 'DCM', meaning: 'Measurement Group' },
  trackingIdentifier: { value: '112039', scheme: 'DCM', meaning: 'Tracking Identifier' },
  trackingUid: { value: '112040', scheme: 'DCM', meaning: 'Tracking Unique Identifier' },
  finding: { value: '121071', scheme: 'DCM', meaning: 'Finding' },
  imageRegion: { value: '111030', scheme: 'DCM', meaning: 'Image Region' },
} as const satisfies Record<string, SrCode>;

export const COMPREHENSIVE_SR = '1.2.840.10008.5.1.4.1.1.88.33';
export const COMPREHENSIVE_3D_SR = '1.2.840.10008.5.1.4.1.1.88.34';
export const ENHANCED_SR = '1.2.840.10008.5.1.4.1.1.88.22';
/** SR storage classes whose content tree we try to read as TID 1500. */
export const SR_SOP_CLASSES: readonly string[] = ['1.2.840.10008.5.1.4.1.1.88.11', ENHANCED_SR, COMPREHENSIVE_SR, COMPREHENSIVE_3D_SR];

/** FHIR code system URI ↔ DICOM Coding Scheme Designator (PS3.16 Table 8-1), for the systems findings use. */
export const SCHEME_BY_SYSTEM: Readonly<Record<string, string>> = {
  'http://snomed.info/sct': 'SCT',
  'http://dicom.nema.org/resources/ontology/DCM': 'DCM',
  'http://loinc.org': 'LN',
  'http://unitsofmeasure.org': 'UCUM',
  'http://www.radlex.org': 'RADLEX',
  'http://ncicb.nci.nih.gov/xml/owl/EVS/Thesaurus.owl': 'NCIt',
};
/** A system without a DICOM designator travels as a private (99-prefixed) scheme; the reader maps it back. */
export const PRIVATE_SCHEME = '99ROIV';
