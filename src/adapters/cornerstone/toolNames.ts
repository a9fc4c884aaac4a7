import type { DrawTool } from '../../domain/roi/ToolMode';

export { DRAW_TOOLS, type DrawTool, type ToolMode } from '../../domain/roi/ToolMode';

/** Cornerstone tool names registered for each product tool. */
export const CS_TOOL: Record<DrawTool, string> = {
  Point: 'Probe',
  Polyline: 'RoiPolyline',
  Interpolated: 'RoiInterpolated',
  Circle: 'CircleROI',
  Ellipse: 'EllipticalROI',
};

/** Shapes Cornerstone cannot edit as they are (rotated ellipses, multipoint) are drawn read-only by this tool. */
export const READONLY_CONTOUR_TOOL = 'RoiReadOnlyContour';
