/**
 * The ROI model. Coordinates are DICOM 2D image coordinates (TLHC):
 * (0,0) is the top-left corner of the top-left pixel, (Columns, Rows) the
 * bottom-right corner of the bottom-right pixel, and pixel (i, j) has its
 * centre at (i + 0.5, j + 0.5). A point is `[column, row]`.
 * See ../geometry/imagePlane.ts for how these relate to patient space.
 */
export type Point2 = readonly [column: number, row: number];

/** The image (and frame, for multi-frame instances) an ROI is drawn on. */
export interface ImageRef {
  readonly studyUid: string;
  readonly seriesUid: string;
  readonly sopInstanceUid: string;
  readonly sopClassUid: string;
  /** 1-based frame number; set only for multi-frame instances. */
  readonly frameNumber?: number;
}

/** A coded finding, e.g. SNOMED CT or RadLex. */
export interface Finding {
  readonly system: string;
  readonly code: string;
  readonly display?: string;
}

interface RoiBase {
  /** Stable for the ROI's whole life; becomes the `urn:uuid:` identifier. */
  readonly id: string;
  readonly image: ImageRef;
  readonly label: string;
  readonly finding?: Finding;
  /**
   * Key images showing this ROI: references to `illustration-of-roi`
   * ImagingSelections (`ImagingSelection/<id>`). The ROI's measurement group
   * is derived from them (derivedFrom[illustrationOfRoi]); the ROI's own
   * selection does not carry them.
   */
  readonly illustrations?: readonly string[];
}

export interface PointRoi extends RoiBase {
  readonly kind: 'point';
  readonly points: readonly [Point2];
}
/** Closed when `closed` is true; serialized by repeating the first point. */
export interface PolylineRoi extends RoiBase {
  readonly kind: 'polyline';
  readonly points: readonly Point2[];
  readonly closed: boolean;
}
/** A curve through all points (DICOM INTERPOLATED). */
export interface InterpolatedRoi extends RoiBase {
  readonly kind: 'interpolated';
  readonly points: readonly Point2[];
  readonly closed: boolean;
}
/** Centre, then a point on the circumference. */
export interface CircleRoi extends RoiBase {
  readonly kind: 'circle';
  readonly points: readonly [Point2, Point2];
}
/** Major-axis endpoints, then minor-axis endpoints; any angle. */
export interface EllipseRoi extends RoiBase {
  readonly kind: 'ellipse';
  readonly points: readonly [Point2, Point2, Point2, Point2];
}
/** Unconnected points; read from other systems (R6 ballot), never drawn here. */
export interface MultipointRoi extends RoiBase {
  readonly kind: 'multipoint';
  readonly points: readonly Point2[];
}

export type Roi =
  | PointRoi
  | PolylineRoi
  | InterpolatedRoi
  | CircleRoi
  | EllipseRoi
  | MultipointRoi;

export type RoiKind = Roi['kind'];

export const ROI_KINDS: readonly RoiKind[] = [
  'point',
  'polyline',
  'interpolated',
  'circle',
  'ellipse',
  'multipoint',
];
