import type { Point2, RoiKind } from './Roi';
import type { DrawTool } from './ToolMode';

/** The crosshair of keyboard drawing sits on pixel centres (i + 0.5, j + 0.5), so what it places is exact. */
export function centreCrosshair(columns: number, rows: number): Point2 {
  return [Math.floor(columns / 2) + 0.5, Math.floor(rows / 2) + 0.5];
}

/** Moves the crosshair by whole pixels, kept on a pixel centre inside the image. */
export function moveCrosshair(p: Point2, dx: number, dy: number, columns: number, rows: number): Point2 {
  const clamp = (v: number, n: number) => Math.min(n - 0.5, Math.max(0.5, v));
  return [clamp(p[0] + dx, columns), clamp(p[1] + dy, rows)];
}

/** Vertices the tool needs before Enter makes the shape; polylines and curves end with C (close) or F (finish open). */
export const VERTICES_NEEDED: Record<DrawTool, number | undefined> = { Point: 1, Circle: 2, Ellipse: 2, Polyline: undefined, Interpolated: undefined };

/**
 * The ROI geometry the placed vertices describe: a Point; a circle from its
 * centre and a point on it; an ellipse from two opposite corners of its
 * bounding box (axis-aligned, major axis first); a polyline or curve as placed.
 */
export function keyboardShape(tool: DrawTool, vertices: readonly Point2[], closed = false): { kind: RoiKind; points: Point2[]; closed?: boolean } | undefined {
  switch (tool) {
    case 'Point':
      return vertices[0] ? { kind: 'point', points: [vertices[0]] } : undefined;
    case 'Circle':
      return vertices.length >= 2 ? { kind: 'circle', points: [vertices[0]!, vertices[1]!] } : undefined;
    case 'Ellipse': {
      if (vertices.length < 2) return undefined;
      const [a, b] = [vertices[0]!, vertices[1]!];
      const cx = (a[0] + b[0]) / 2;
      const cy = (a[1] + b[1]) / 2;
      const horizontal: [Point2, Point2] = [[Math.min(a[0], b[0]), cy], [Math.max(a[0], b[0]), cy]];
      const vertical: [Point2, Point2] = [[cx, Math.min(a[1], b[1])], [cx, Math.max(a[1], b[1])]];
      const wide = Math.abs(a[0] - b[0]) >= Math.abs(a[1] - b[1]);
      return { kind: 'ellipse', points: wide ? [...horizontal, ...vertical] : [...vertical, ...horizontal] };
    }
    case 'Polyline':
    case 'Interpolated':
      return vertices.length >= 2 ? { kind: tool === 'Polyline' ? 'polyline' : 'interpolated', points: [...vertices], closed } : undefined;
  }
}

/** What the live region says about the crosshair: its TLHC image coordinate. */
export function announceCrosshair(p: Point2, placed: number): string {
  return `Crosshair at column ${p[0]}, row ${p[1]}${placed ? `; ${placed} point${placed === 1 ? '' : 's'} placed` : ''}`;
}
