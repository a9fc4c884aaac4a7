import { SplineROITool } from '@cornerstonejs/tools';

/** How near (canvas px) a click must be to the first vertex to close the shape; the hint ring uses the same. */
export const CLOSE_DISTANCE_PX = 12;

type SplineAnnotation = {
  data: { handles: { points: unknown[] }; contour: { closed: boolean } };
};

type MouseEvt = { detail: { currentPoints: { canvas: [number, number] } }; preventDefault(): void };

interface SplineInternals {
  editData?: { annotation: SplineAnnotation } | null;
  _mouseDownCallback: (evt: MouseEvt) => void;
  _endCallback: (evt: MouseEvt) => void;
}

/**
 * Cornerstone's SplineROITool draws either only closed curves or, with
 * `allowOpenSplines`, only open ones (a double click ends them). Radiologists
 * need both: click vertices, double-click to finish an open line, or click the
 * first vertex to close it. This subclass adds the "close on first vertex"
 * path on top of the open mode.
 */
function closeOnFirstVertex(tool: SplineROITool): void {
  const internals = tool as unknown as SplineInternals & { _getClosestFirst?: unknown };
  const original = internals._mouseDownCallback;
  internals._mouseDownCallback = (evt: MouseEvt) => {
    const annotation = internals.editData?.annotation as
      | (SplineAnnotation & { data: { spline?: { instance?: { getClosestControlPointWithinDistance(p: [number, number], d: number): { index: number } | undefined } } } })
      | undefined;
    const spline = annotation?.data.spline?.instance;
    if (annotation && annotation.data.handles.points.length >= 3 && spline) {
      const closest = spline.getClosestControlPointWithinDistance(evt.detail.currentPoints.canvas, CLOSE_DISTANCE_PX);
      if (closest?.index === 0) {
        annotation.data.contour.closed = true;
        internals._endCallback(evt);
        evt.preventDefault();
        return;
      }
    }
    original(evt);
  };
}

/** Click-to-add vertices; `spline` picks straight segments (polyline) or a curve through them (interpolated). */
function vertexTool(toolName: string, spline: 'LINEAR' | 'CATMULLROM') {
  return class extends SplineROITool {
    static override toolName = toolName;
    constructor(props: Record<string, unknown> = {}) {
      super(props);
      this.configuration.spline.type = spline;
      this.configuration.allowOpenSplines = true;
      closeOnFirstVertex(this);
    }
  };
}

export const RoiPolylineTool = vertexTool('RoiPolyline', 'LINEAR');
export const RoiInterpolatedTool = vertexTool('RoiInterpolated', 'CATMULLROM');
