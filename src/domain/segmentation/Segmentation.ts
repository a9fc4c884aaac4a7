import type { Issue } from '../imaging-selection/Issue';

export type Rgb = readonly [r: number, g: number, b: number];

/** One entry of the SEG's Segment Sequence, as the viewer lists it. */
export interface SegmentInfo {
  readonly number: number;
  readonly label: string;
  /** sRGB 0–255 from Recommended Display CIELab Value; a fixed palette colour when the SEG has none. */
  readonly rgb: Rgb;
  readonly colorFromSeg: boolean;
  readonly propertyType?: { readonly code: string; readonly system: string; readonly display?: string };
}

/** One frame of the SEG: which segment it holds and which source image it lies on. */
export interface SegFrame {
  readonly segmentNumber: number;
  /** Referenced SOP Instance UID from the frame's Derivation Image / Source Image Sequence. */
  readonly sourceSopInstanceUid?: string;
  /** Referenced Frame Number of a multi-frame source (1-based). */
  readonly sourceFrameNumber?: number;
  readonly imagePositionPatient?: readonly [number, number, number];
}

/** A parsed DICOM Segmentation: header facts the viewer needs, pixel data left to unpackFrames. */
export interface SegmentationHeader {
  readonly sopInstanceUid: string;
  readonly seriesUid?: string;
  readonly studyUid?: string;
  readonly frameOfReferenceUid?: string;
  readonly segmentationType: 'BINARY' | 'FRACTIONAL';
  readonly maxFractionalValue: number;
  readonly rows: number;
  readonly columns: number;
  readonly numberOfFrames: number;
  readonly bitsAllocated: number;
  readonly segments: readonly SegmentInfo[];
  readonly frames: readonly SegFrame[];
  /** Series Instance UIDs in Referenced Series Sequence. */
  readonly referencedSeriesUids: readonly string[];
  readonly pixelSpacing?: readonly [number, number];
  readonly imageOrientationPatient?: readonly [number, number, number, number, number, number];
}

export interface SegParseResult {
  readonly header?: SegmentationHeader;
  readonly issues: Issue[];
}

export const SEG_SOP_CLASS_UID = '1.2.840.10008.5.1.4.1.1.66.4';
