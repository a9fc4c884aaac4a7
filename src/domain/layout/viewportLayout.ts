/** The comparison layouts: one, two side by side, or four viewports in a grid. */
export const LAYOUTS = ['1x1', '1x2', '2x2'] as const;
export type ViewportLayout = (typeof LAYOUTS)[number];

export const DEFAULT_LAYOUT: ViewportLayout = '1x1';

/** A layout named in a URL parameter or an embed message; anything else is not one (never throws). */
export function parseLayout(value: unknown): ViewportLayout | undefined {
  if (typeof value !== 'string') return undefined;
  const v = value.trim().toLowerCase().replace('×', 'x');
  return (LAYOUTS as readonly string[]).includes(v) ? (v as ViewportLayout) : undefined;
}

export function viewportCount(layout: ViewportLayout): number {
  return layout === '1x1' ? 1 : layout === '1x2' ? 2 : 4;
}

/** Rows and columns of the grid, for the UI to lay the viewports out. */
export function gridOf(layout: ViewportLayout): { rows: number; columns: number } {
  return layout === '1x1' ? { rows: 1, columns: 1 } : layout === '1x2' ? { rows: 1, columns: 2 } : { rows: 2, columns: 2 };
}
