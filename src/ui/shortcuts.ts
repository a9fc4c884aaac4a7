import type { ToolMode } from '../domain/roi/ToolMode';

export const SHORTCUT_OF_TOOL: Record<ToolMode, string> = {
  Select: 'S',
  Point: 'P',
  Polyline: 'L',
  Interpolated: 'N',
  Circle: 'C',
  Ellipse: 'E',
};

/** One list drives both the key handler and the help dialog, so they cannot disagree. */
export const SHORTCUTS: ReadonlyArray<{ keys: string; action: string }> = [
  ...Object.entries(SHORTCUT_OF_TOOL).map(([tool, key]) => ({ keys: key, action: `${tool} tool` })),
  { keys: '↑ / ↓, PageUp / PageDown, mouse wheel', action: 'Previous / next image' },
  { keys: 'Home / End', action: 'First / last image' },
  { keys: 'Left drag (Select)', action: 'Window / level' },
  { keys: 'Right drag, + / -', action: 'Zoom' },
  { keys: 'Middle drag', action: 'Pan' },
  { keys: 'R', action: 'Fit and reset' },
  { keys: 'I', action: 'Invert' },
  { keys: 'T', action: 'Show / hide ROI text on the image' },
  { keys: 'Delete / Backspace', action: 'Delete the selected ROI' },
  { keys: 'Ctrl+Z', action: 'Undo' },
  { keys: 'Ctrl+Shift+Z, Ctrl+Y', action: 'Redo' },
  { keys: 'Ctrl+S', action: 'Save' },
  { keys: 'Shift+K', action: 'Save key image (the image with its regions, stored in the study and linked to them)' },
  { keys: 'Double click, Enter', action: 'Finish an open polyline or curve' },
  { keys: 'Click the first vertex, C', action: 'Close a polyline or curve (C picks the Circle tool when nothing is being drawn)' },
  { keys: 'Escape', action: 'Cancel a half-drawn shape (Undo brings it back); back to Select' },
  { keys: 'K', action: 'Keyboard drawing on / off' },
  { keys: 'Arrows (Shift: 10 px)', action: 'Keyboard drawing: move the crosshair by one image pixel' },
  { keys: 'Enter', action: 'Keyboard drawing: place a point or vertex at the crosshair' },
  { keys: 'C / F', action: 'Keyboard drawing: close / finish open the polyline or curve' },
  { keys: 'V / Shift+V', action: 'Next / previous viewport (in a comparison layout): tools and keys act on it' },
  { keys: '?', action: 'This help' },
];
