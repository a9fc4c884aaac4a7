/** The drawing tools the product offers, by the names the toolbar shows. */
export type DrawTool = 'Point' | 'Polyline' | 'Interpolated' | 'Circle' | 'Ellipse';
export type ToolMode = 'Select' | DrawTool;

export const DRAW_TOOLS: readonly DrawTool[] = ['Point', 'Polyline', 'Interpolated', 'Circle', 'Ellipse'];

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
