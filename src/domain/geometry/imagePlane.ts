/**
 * Image plane geometry: DICOM 2D image coordinates ⇄ patient (world) mm.
 *
 * Image coordinates follow the TLHC convention used by DICOM graphic data and
 * FHIR ImagingSelection.imageRegion2D: (0,0) is the top-left corner of the
 * top-left pixel, (Columns, Rows) the bottom-right corner of the bottom-right
 * pixel, so pixel (i, j) (column i, row j) has its centre at (i+0.5, j+0.5).
 *
 * ImagePositionPatient (IPP) is the centre of the first transmitted pixel.
 * With rowCos = IOP[0..2] (direction of increasing column), colCos = IOP[3..5]
 * (direction of increasing row), and PixelSpacing = [rowSpacing (between
 * rows), columnSpacing (between columns)]:
 *
 *   col = dot(P − IPP, rowCos) / PixelSpacing[1] + 0.5
 *   row = dot(P − IPP, colCos) / PixelSpacing[0] + 0.5
 *   P   = IPP + rowCos·(col − 0.5)·PixelSpacing[1] + colCos·(row − 0.5)·PixelSpacing[0]
 *
 * (The first two hold when rowCos ⟂ colCos; worldToImage solves the small
 * linear system instead, so it stays the exact inverse of the third when a
 * stored, rounded orientation is a hair off perpendicular.)
 *
 * We do not use Cornerstone's worldToImageCoords/imageToWorldCoords because
 * they pair rowCos with the wrong spacing for non-square pixels
 * (cornerstonejs/cornerstone3D#2758).
 *
 * Missing or unusable geometry falls back to what Cornerstone3D uses for
 * display (IPP [0,0,0], IOP [1,0,0,0,1,0], spacing [1,1]), so the world
 * coordinates we compute match the ones its annotations carry. The resolved
 * plane says so (`hasPatientGeometry`, `hasPixelSpacing`) so the UI can label
 * measurements as pixel-based.
 */
import type { Point2 } from '../roi/Roi';

export type Vec3 = readonly [x: number, y: number, z: number];
/** ImageOrientationPatient: row direction cosines, then column direction cosines. */
export type Orientation = readonly [number, number, number, number, number, number];
/** DICOM PixelSpacing order: [between rows (vertical), between columns (horizontal)]. */
export type PixelSpacing = readonly [rowSpacing: number, columnSpacing: number];

export interface ImagePlane {
  readonly rows: number;
  readonly columns: number;
  readonly imagePositionPatient?: Vec3;
  readonly imageOrientationPatient?: Orientation;
  readonly pixelSpacing?: PixelSpacing;
}

/** A plane with every default applied; what the conversions actually use. */
export interface ResolvedPlane {
  readonly rows: number;
  readonly columns: number;
  readonly origin: Vec3;
  readonly rowCos: Vec3;
  readonly colCos: Vec3;
  readonly rowSpacing: number;
  readonly columnSpacing: number;
  /** False when IPP or IOP was missing/unusable: world coordinates are synthetic. */
  readonly hasPatientGeometry: boolean;
  /** False when PixelSpacing was missing/unusable: lengths are in pixels. */
  readonly hasPixelSpacing: boolean;
}

export const DEFAULT_IPP: Vec3 = [0, 0, 0];
export const DEFAULT_IOP: Orientation = [1, 0, 0, 0, 1, 0];
export const DEFAULT_SPACING: PixelSpacing = [1, 1];

const isFiniteVec = (v: readonly number[] | undefined, n: number): boolean =>
  v !== undefined && v.length === n && v.every(Number.isFinite);

function unit(v: Vec3): Vec3 | undefined {
  const len = Math.hypot(v[0], v[1], v[2]);
  if (!(len > 1e-6)) return undefined;
  return [v[0] / len, v[1] / len, v[2] / len];
}

export function resolvePlane(plane: ImagePlane): ResolvedPlane {
  const iop = plane.imageOrientationPatient;
  const ipp = plane.imagePositionPatient;
  // Stored IOPs are often not exactly unit length (DS rounding); normalising
  // keeps the forward and inverse mapping exact inverses of each other.
  const rowCos = iop && isFiniteVec(iop, 6) ? unit([iop[0], iop[1], iop[2]]) : undefined;
  const colCos = iop && isFiniteVec(iop, 6) ? unit([iop[3], iop[4], iop[5]]) : undefined;
  const orientationOk = rowCos !== undefined && colCos !== undefined;
  const positionOk = ipp !== undefined && isFiniteVec(ipp, 3);
  const ps = plane.pixelSpacing;
  const spacingOk = ps !== undefined && isFiniteVec(ps, 2) && ps[0] > 0 && ps[1] > 0;
  const spacing = spacingOk ? ps : DEFAULT_SPACING;
  return {
    rows: plane.rows,
    columns: plane.columns,
    origin: positionOk ? ipp : DEFAULT_IPP,
    rowCos: orientationOk ? rowCos : [DEFAULT_IOP[0], DEFAULT_IOP[1], DEFAULT_IOP[2]],
    colCos: orientationOk ? colCos : [DEFAULT_IOP[3], DEFAULT_IOP[4], DEFAULT_IOP[5]],
    rowSpacing: spacing[0],
    columnSpacing: spacing[1],
    hasPatientGeometry: positionOk && orientationOk,
    hasPixelSpacing: spacingOk,
  };
}

const isResolved = (p: ImagePlane | ResolvedPlane): p is ResolvedPlane => 'rowCos' in p;

export function worldToImage(plane: ImagePlane | ResolvedPlane, p: Vec3): Point2 {
  const r = isResolved(plane) ? plane : resolvePlane(plane);
  const d0 = p[0] - r.origin[0];
  const d1 = p[1] - r.origin[1];
  const d2 = p[2] - r.origin[2];
  // Stored orientations are rounded (e.g. 6 decimals), so the two direction
  // cosines are rarely exactly perpendicular. Plain dot products would then
  // not invert imageToWorld (errors of 1e-4 px over a 300 px image, enough to
  // change a stored 4-decimal coordinate). Solving the 2×2 Gram system
  // inverts it exactly, and reduces to dot products when they are orthogonal.
  const a = r.rowCos[0] * r.rowCos[0] + r.rowCos[1] * r.rowCos[1] + r.rowCos[2] * r.rowCos[2];
  const b = r.rowCos[0] * r.colCos[0] + r.rowCos[1] * r.colCos[1] + r.rowCos[2] * r.colCos[2];
  const c = r.colCos[0] * r.colCos[0] + r.colCos[1] * r.colCos[1] + r.colCos[2] * r.colCos[2];
  const pr = d0 * r.rowCos[0] + d1 * r.rowCos[1] + d2 * r.rowCos[2];
  const pc = d0 * r.colCos[0] + d1 * r.colCos[1] + d2 * r.colCos[2];
  const det = a * c - b * b;
  const u = (c * pr - b * pc) / det;
  const v = (a * pc - b * pr) / det;
  return [u / r.columnSpacing + 0.5, v / r.rowSpacing + 0.5];
}

export function imageToWorld(plane: ImagePlane | ResolvedPlane, pt: Point2): Vec3 {
  const r = isResolved(plane) ? plane : resolvePlane(plane);
  const u = (pt[0] - 0.5) * r.columnSpacing;
  const v = (pt[1] - 0.5) * r.rowSpacing;
  return [
    r.origin[0] + r.rowCos[0] * u + r.colCos[0] * v,
    r.origin[1] + r.rowCos[1] * u + r.colCos[1] * v,
    r.origin[2] + r.rowCos[2] * u + r.colCos[2] * v,
  ];
}
