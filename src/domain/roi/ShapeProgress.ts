/** A polyline or curve while it is being drawn: what the drawing hint and the close target need. */
export interface ShapeProgress {
  readonly tool: 'Polyline' | 'Interpolated';
  readonly vertices: number;
  /** Canvas position (CSS px in the viewport) of the first vertex: the target that closes the shape. */
  readonly firstVertex: readonly [number, number];
  /** The pointer is near enough to the first vertex that a click there closes the shape. */
  readonly nearFirst: boolean;
}

export function sameProgress(a: ShapeProgress | undefined, b: ShapeProgress | undefined): boolean {
  if (!a || !b) return a === b;
  return a.tool === b.tool && a.vertices === b.vertices && a.nearFirst === b.nearFirst && a.firstVertex[0] === b.firstVertex[0] && a.firstVertex[1] === b.firstVertex[1];
}
