import { imageToWorld, worldToImage, type ImagePlane, type Vec3 } from '../../domain/geometry/imagePlane';
import type { Point2, Roi, RoiKind } from '../../domain/roi/Roi';
import { CS_TOOL, READONLY_CONTOUR_TOOL } from './toolNames';
import { roiOutline } from '../../domain/measure/roiOutline';
import { simplifyPath } from '../../domain/geometry/simplifyPath';

/** The part of a Cornerstone annotation we read and write; plain data, no engine objects. */
export interface AnnotationLike {
  annotationUID?: string;
  isLocked?: boolean;
  isVisible?: boolean;
  highlighted?: boolean;
  invalidated?: boolean;
  metadata: { toolName: string; referencedImageId?: string; FrameOfReferenceUID?: string; viewPlaneNormal?: Vec3 };
  data: {
    handles: { points: number[][]; activeHandleIndex?: number | null; textBox?: unknown };
    contour?: { closed: boolean; polyline?: number[][] };
    spline?: { type: string; instance?: unknown };
    label?: string;
    cachedStats?: Record<string, unknown>;
  };
}

export interface RoiGeometry {
  readonly kind: RoiKind;
  readonly points: readonly Point2[];
  readonly closed?: boolean;
}

const toImage = (plane: ImagePlane, pts: readonly number[][]): Point2[] =>
  pts.map((p) => worldToImage(plane, [p[0] ?? 0, p[1] ?? 0, p[2] ?? 0]));
const toWorld = (plane: ImagePlane, pts: readonly Point2[]): number[][] => pts.map((p) => [...imageToWorld(plane, p)]);

const EPS = 1e-6;
/** Above this many vertices a path is shown read-only (see annotationsFromRoi). */
export const MAX_HANDLES = 1000;

/**
 * Cornerstone's ellipse keeps [bottom, top, left, right] aligned with the
 * screen; DICOM wants major axis first. Returns undefined for a rotated
 * ellipse, which the tool cannot hold (it is then shown read-only).
 */
function ellipseToHandles(points: readonly Point2[]): Point2[] | undefined {
  const [a, b, c, d] = points as [Point2, Point2, Point2, Point2];
  const vertical = (p: Point2, q: Point2) => Math.abs(p[0] - q[0]) < EPS;
  const horizontal = (p: Point2, q: Point2) => Math.abs(p[1] - q[1]) < EPS;
  let v: [Point2, Point2];
  let h: [Point2, Point2];
  if (vertical(a, b) && horizontal(c, d)) [v, h] = [[a, b], [c, d]];
  else if (horizontal(a, b) && vertical(c, d)) [v, h] = [[c, d], [a, b]];
  else return undefined;
  const [top, bottom] = v[0][1] <= v[1][1] ? v : [v[1], v[0]];
  const [left, right] = h[0][0] <= h[1][0] ? h : [h[1], h[0]];
  return [bottom, top, left, right];
}

/** Samples an ellipse given by its two axes as a closed polyline, for read-only display. */
export function ellipseOutline(points: readonly Point2[], segments = 96): Point2[] {
  const [a, b, c, d] = points as [Point2, Point2, Point2, Point2];
  const cx = (a[0] + b[0]) / 2;
  const cy = (a[1] + b[1]) / 2;
  const u: Point2 = [(b[0] - a[0]) / 2, (b[1] - a[1]) / 2];
  const v: Point2 = [(d[0] - c[0]) / 2, (d[1] - c[1]) / 2];
  const out: Point2[] = [];
  for (let i = 0; i < segments; i++) {
    const t = (2 * Math.PI * i) / segments;
    out.push([cx + u[0] * Math.cos(t) + v[0] * Math.sin(t), cy + u[1] * Math.cos(t) + v[1] * Math.sin(t)]);
  }
  return out;
}

/** Reads an annotation's geometry in TLHC image coordinates, by the tool that drew it. */
export function geometryFromAnnotation(a: AnnotationLike, plane: ImagePlane): RoiGeometry | undefined {
  const pts = a.data.handles.points ?? [];
  switch (a.metadata.toolName) {
    case CS_TOOL.Point:
      return { kind: 'point', points: toImage(plane, pts.slice(0, 1)) };
    case CS_TOOL.Circle:
      return { kind: 'circle', points: toImage(plane, pts.slice(0, 2)) };
    case CS_TOOL.Ellipse: {
      const [bottom, top, left, right] = toImage(plane, pts.slice(0, 4));
      if (!bottom || !top || !left || !right) return undefined;
      return { kind: 'ellipse', points: [top, bottom, left, right] };
    }
    case CS_TOOL.Polyline:
      return { kind: 'polyline', points: toImage(plane, pts), closed: !!a.data.contour?.closed };
    case CS_TOOL.Interpolated:
      return { kind: 'interpolated', points: toImage(plane, pts), closed: !!a.data.contour?.closed };
    default:
      return undefined;
  }
}

export interface AnnotationTarget {
  readonly imageId: string;
  readonly plane: ImagePlane;
  /** The viewport's own value, undefined when the image has none. */
  readonly frameOfReferenceUID: string | undefined;
  readonly viewPlaneNormal: Vec3;
}

function base(roi: Roi, toolName: string, t: AnnotationTarget, locked: boolean, uid = roi.id): AnnotationLike {
  return {
    annotationUID: uid,
    isLocked: locked,
    isVisible: true,
    highlighted: false,
    invalidated: true,
    metadata: { toolName, referencedImageId: t.imageId, FrameOfReferenceUID: t.frameOfReferenceUID, viewPlaneNormal: t.viewPlaneNormal },
    data: { handles: { points: [], activeHandleIndex: null }, label: roi.label, cachedStats: {} },
  };
}

/**
 * Builds the Cornerstone annotation(s) showing a domain ROI. Shapes no
 * Cornerstone tool can edit faithfully (a rotated ellipse, multipoint) come
 * back locked, drawn by the read-only contour or probe tool.
 */
export function annotationsFromRoi(roi: Roi, t: AnnotationTarget, locked: boolean): AnnotationLike[] {
  switch (roi.kind) {
    case 'point': {
      const a = base(roi, CS_TOOL.Point, t, locked);
      a.data.handles.points = toWorld(t.plane, roi.points);
      return [a];
    }
    case 'multipoint':
      return roi.points.map((p, i) => {
        const a = base(roi, CS_TOOL.Point, t, true, `${roi.id}::${i}`);
        a.data.handles.points = toWorld(t.plane, [p]);
        return a;
      });
    case 'circle': {
      const a = base(roi, CS_TOOL.Circle, t, locked);
      a.data.handles.points = toWorld(t.plane, roi.points);
      return [a];
    }
    case 'ellipse': {
      const handles = ellipseToHandles(roi.points);
      if (handles) {
        const a = base(roi, CS_TOOL.Ellipse, t, locked);
        a.data.handles.points = toWorld(t.plane, handles);
        return [a];
      }
      const a = base(roi, READONLY_CONTOUR_TOOL, t, true);
      a.data.contour = { closed: true, polyline: toWorld(t.plane, ellipseOutline(roi.points)) };
      return [a];
    }
    case 'polyline':
    case 'interpolated': {
      if (roi.points.length > MAX_HANDLES) {
        // Cornerstone draws a handle per vertex; a 100,000-point outline from another system
        // would stall every render. Shown read-only, thinned to within 0.1 px; the ROI keeps every point.
        const outline = roiOutline(roi);
        const a = base(roi, READONLY_CONTOUR_TOOL, t, true);
        a.data.contour = { closed: roi.closed, polyline: toWorld(t.plane, simplifyPath(outline?.points ?? roi.points, 0.1)) };
        return [a];
      }
      if (roi.points.length < 3) {
        // Cornerstone's spline tools need 3 control points; a two-point line is shown as a fixed segment.
        const a = base(roi, READONLY_CONTOUR_TOOL, t, true);
        a.data.contour = { closed: false, polyline: toWorld(t.plane, roi.points) };
        return [a];
      }
      const a = base(roi, roi.kind === 'polyline' ? CS_TOOL.Polyline : CS_TOOL.Interpolated, t, locked);
      a.data.handles.points = toWorld(t.plane, roi.points);
      a.data.contour = { closed: roi.closed, polyline: [] };
      a.data.spline = { type: roi.kind === 'polyline' ? 'LINEAR' : 'CATMULLROM' };
      return [a];
    }
  }
}
