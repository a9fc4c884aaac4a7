import type { CircleRoi, EllipseRoi, ImageRef, InterpolatedRoi, Point2, PolylineRoi } from '../roi/Roi';

const image: ImageRef = { studyUid: '1', seriesUid: '2', sopInstanceUid: '3', sopClassUid: '4' };
const base = { id: 'x', image, label: '' };

export const polyline = (points: Point2[], closed: boolean): PolylineRoi => ({ ...base, kind: 'polyline', points, closed });
export const interpolated = (points: Point2[], closed: boolean): InterpolatedRoi => ({ ...base, kind: 'interpolated', points, closed });
export const circle = (c: Point2, e: Point2): CircleRoi => ({ ...base, kind: 'circle', points: [c, e] });
export const ellipse = (a: Point2, b: Point2, c: Point2, d: Point2): EllipseRoi => ({ ...base, kind: 'ellipse', points: [a, b, c, d] });
