import type { Finding } from '../roi/Roi';

/** A FHIR Reference as the serializer writes it: literal, logical, or both. */
export interface FhirReference {
  readonly reference?: string;
  readonly type?: string;
  readonly identifier?: { readonly system?: string; readonly value: string; readonly type?: unknown };
  readonly display?: string;
}

/** Per-instance facts from the DICOM metadata that the resource repeats. */
export interface InstanceFacts {
  readonly sopInstanceUid: string;
  readonly sopClassUid: string;
  readonly instanceNumber?: number;
  readonly rows: number;
  readonly columns: number;
  readonly numberOfFrames: number;
}

/** Everything besides the ROI itself that an ImagingSelection carries. */
export interface SelectionContext {
  /** The Patient: literal (`Patient/123`) and/or logical (identifier). */
  readonly subject: FhirReference;
  /** Literal ImagingStudy id when the server has one; the identifier is always written. */
  readonly imagingStudyId?: string;
  readonly studyUid: string;
  readonly seriesUid: string;
  readonly seriesNumber?: number;
  readonly frameOfReferenceUid?: string;
  /** DICOM AccessionNumber (0008,0050): becomes basedOn[serviceRequestRef]. */
  readonly accessionNumber?: string;
  readonly instance: InstanceFacts;
  readonly performer?: FhirReference;
  /** Defaults to DCM#111030 "Image Region" (IG image-region-2d); overridable in config. */
  readonly code?: Finding & { readonly display?: string };
  /** ISO instant; the serializer never reads the clock itself. */
  readonly issued: string;
}
