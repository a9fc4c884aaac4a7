/** The drawing tools the product offers, by the names the toolbar shows. */
export type DrawTool = 'Point' | 'Polyline' | 'Interpolated' | 'Circle' | 'Ellipse';
/** What a primary-button drag or click does on the image: select/edit (and window/level), or draw. */
export type ToolMode = 'Select' | DrawTool;

export const DRAW_TOOLS: readonly DrawTool[] = ['Point', 'Polyline', 'Interpolated', 'Circle', 'Ellipse'];
