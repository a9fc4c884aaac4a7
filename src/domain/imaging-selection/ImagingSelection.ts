/**
 * The subset of FHIR R5 (5.0.0) ImagingSelection this product writes, shaped
 * by the HL7 DICOM SR IG (hl7.fhir.uv.dicom-sr 1.0.0): a drawn region is an
 * `image-region-2d`, a key image an `illustration-of-roi`. Reading goes through
 * parseSelection, which accepts far more (other systems, R6 ballot shapes).
 */
import type { FhirReference } from './SelectionContext';

export const DCM_SYSTEM = 'http://dicom.nema.org/resources/ontology/DCM';
export const URI_SYSTEM = 'urn:ietf:rfc:3986';
export const DICOM_UID_SYSTEM = 'urn:dicom:uid';
export const ILLUSTRATION_OF_ROI = { system: DCM_SYSTEM, code: '121200', display: 'Illustration of ROI' } as const;
export const IMAGE_REGION = { system: DCM_SYSTEM, code: '111030', display: 'Image Region' } as const;
export const STUDY_INSTANCE_UID_TYPE = { system: DCM_SYSTEM, code: '110180', display: 'Study Instance UID' } as const;
export const ACCESSION_TYPE = { system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'ACSN', display: 'Accession ID' } as const;
/** The IG's sopClass system (its examples): code is the bare UID. */
export const PART04_SOP_CLASS_SYSTEM = 'https://dicom.nema.org/medical/dicom/current/output/chtml/part04/sect_B.5';

export const IG_CANONICAL = 'http://hl7.org/fhir/uv/dicom-sr/StructureDefinition';
export const IMAGE_REGION_2D_PROFILE = `${IG_CANONICAL}/image-region-2d`;
export const ILLUSTRATION_OF_ROI_PROFILE = `${IG_CANONICAL}/illustration-of-roi`;

export interface Coding {
  readonly system?: string;
  readonly code?: string;
  readonly display?: string;
}

export interface CodeableConcept {
  readonly coding?: readonly Coding[];
  readonly text?: string;
}

export interface Identifier {
  readonly type?: CodeableConcept;
  readonly system?: string;
  readonly value?: string;
}

/** R5 2D graphic types; R6 ballot's `multipoint` is read but never written. */
export type RegionType2D = 'point' | 'polyline' | 'interpolated' | 'circle' | 'ellipse';

export interface ImageRegion2D {
  readonly regionType: RegionType2D;
  /** (column, row) pairs, TLHC sub-pixel image coordinates. */
  readonly coordinate: readonly number[];
}

export interface ImagingSelectionInstance {
  readonly uid: string;
  readonly number?: number;
  readonly sopClass?: Coding;
  /** 1-based frame numbers of a multi-frame instance, as strings. */
  readonly subset?: readonly string[];
  readonly imageRegion2D?: readonly ImageRegion2D[];
}

export type WritableStatus = 'available' | 'entered-in-error';

export interface ImagingSelection {
  readonly resourceType: 'ImagingSelection';
  readonly id?: string;
  readonly meta?: { readonly profile: readonly string[] };
  readonly text?: { readonly status: 'generated'; readonly div: string };
  readonly identifier?: readonly Identifier[];
  readonly status: WritableStatus;
  readonly subject: FhirReference;
  readonly issued?: string;
  readonly performer?: readonly { readonly actor: FhirReference }[];
  readonly basedOn?: readonly FhirReference[];
  readonly category?: readonly CodeableConcept[];
  readonly code: CodeableConcept;
  readonly studyUid: string;
  readonly derivedFrom: readonly FhirReference[];
  /** IG focus[sourceSRContentItem]: the SR content item an adopted region came from. */
  readonly focus?: readonly FhirReference[];
  readonly seriesUid: string;
  readonly seriesNumber?: number;
  readonly frameOfReferenceUid?: string;
  readonly instance: readonly ImagingSelectionInstance[];
}
