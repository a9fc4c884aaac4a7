/** The study, series and image models the viewer works with; the DICOMweb adapter builds them from QIDO/WADO JSON. */
export interface StudySummary {
  readonly studyUid: string;
  readonly patientName: string;
  readonly patientId: string;
  readonly studyDate?: string;
  readonly accessionNumber?: string;
  readonly description?: string;
  readonly modalities: readonly string[];
  readonly numberOfSeries?: number;
  readonly numberOfInstances?: number;
}

export interface SeriesSummary {
  readonly seriesUid: string;
  readonly modality: string;
  readonly description?: string;
  readonly seriesNumber?: number;
  readonly numberOfInstances?: number;
  /** False for SR, SEG, RTSTRUCT and other series without pixel data to annotate. */
  readonly isImage: boolean;
}

/** What the viewer needs from one instance's WADO-RS metadata. */
export interface InstanceMeta {
  readonly studyUid: string;
  readonly seriesUid: string;
  readonly sopInstanceUid: string;
  readonly sopClassUid: string;
  readonly instanceNumber?: number;
  readonly seriesNumber?: number;
  readonly rows: number;
  readonly columns: number;
  readonly numberOfFrames: number;
  readonly imagePositionPatient?: readonly [number, number, number];
  readonly imageOrientationPatient?: readonly [number, number, number, number, number, number];
  /** [row spacing, column spacing] in mm, as DICOM orders PixelSpacing. */
  readonly pixelSpacing?: readonly [number, number];
  readonly frameOfReferenceUid?: string;
  /** Per-frame positions (Enhanced multi-frame), 1-based frame n at index n-1. */
  readonly framePositions?: ReadonlyArray<readonly [number, number, number] | undefined>;
  readonly modality?: string;
  readonly patientId?: string;
  readonly issuerOfPatientId?: string;
  readonly patientName?: string;
  readonly studyDate?: string;
  readonly accessionNumber?: string;
  readonly seriesDescription?: string;
  readonly rescaleSlope?: number;
  readonly rescaleIntercept?: number;
  readonly rescaleType?: string;
  /** Modality LUT Sequence item; 'unreadable' when present but its data was not inline numbers. */
  readonly modalityLut?: { readonly firstMapped: number; readonly data: readonly number[]; readonly lutType?: string } | 'unreadable';
  readonly samplesPerPixel?: number;
  /** Imager Pixel Spacing (projection radiography): spacing at the detector, not in the patient. */
  readonly imagerPixelSpacing?: readonly [number, number];
  readonly windowCenter?: number;
  readonly windowWidth?: number;
  readonly photometricInterpretation?: string;
}

/** One displayable image in a stack: an instance, or one frame of a multi-frame instance. */
export interface StackImage {
  readonly imageId: string;
  readonly instance: InstanceMeta;
  /** 1-based frame number within the instance. */
  readonly frameNumber: number;
  readonly isMultiframe: boolean;
}
