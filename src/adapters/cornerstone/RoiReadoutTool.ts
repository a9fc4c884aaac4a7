import type { Types as CoreTypes } from '@cornerstonejs/core';
import { AnnotationDisplayTool, annotation as csAnnotation, drawing, type Types as ToolTypes } from '@cornerstonejs/tools';
import type { AnnotationLike } from './annotationMapping';
import { CS_TOOL, DRAW_TOOLS, READONLY_CONTOUR_TOOL } from './toolNames';

/** Text for one ROI by its id; empty when it has none or text is hidden. */
export type RoiTextSource = (roiId: string) => readonly string[];

const TOOLS = [...DRAW_TOOLS.map((t) => CS_TOOL[t]), READONLY_CONTOUR_TOOL];
const LINE_HEIGHT = 16;
const CHAR_WIDTH = 7.5;
const GAP = 10;
export const READOUT_TEXT_UID = 'roi-readout';

/**
 * Draws each ROI's text (label and figures) next to its shape, from our own
 * domain measurements. Cornerstone's drawing tools are configured with no
 * text of their own: their defaults computed their own figures (NaN before
 * the statistics existed, voxel indices for a point), and some draw text only
 * for closed shapes or when they compute statistics themselves. One tool that
 * reads every ROI annotation keeps the rule in one place.
 */
export class RoiReadoutTool extends AnnotationDisplayTool {
  static override toolName = 'RoiReadout';

  constructor(toolProps: ToolTypes.PublicToolProps = {}) {
    super(toolProps, { supportedInteractionTypes: [], configuration: { linesFor: (() => []) as RoiTextSource } });
  }

  renderAnnotation = (enabledElement: CoreTypes.IEnabledElement, svgDrawingHelper: ToolTypes.SVGDrawingHelper): boolean => {
    const { viewport } = enabledElement;
    const element = viewport.element;
    const imageId = (viewport as CoreTypes.IStackViewport).getCurrentImageId?.();
    if (!imageId) return false;
    const linesFor = this.configuration.linesFor as RoiTextSource;
    // Read only when a text is placed: clientWidth forces a layout, and most slices have no ROI text.
    let size: readonly [number, number] | undefined;
    const sizeOf = () => (size ??= [element.clientWidth, element.clientHeight]);
    let rendered = false;
    for (const toolName of TOOLS) {
      for (const a of (csAnnotation.state.getAnnotations(toolName, element) ?? []) as unknown as AnnotationLike[]) {
        const uid = a.annotationUID;
        if (!uid || a.metadata.referencedImageId !== imageId || a.isVisible === false) continue;
        // Multipoint ROIs are one annotation per point (id::n); the text goes with the first.
        const [roiId, part] = uid.split('::');
        if (part !== undefined && part !== '0') continue;
        const lines = linesFor(roiId!);
        if (!lines.length) continue;
        const world = a.data.handles.points.length ? a.data.handles.points : (a.data.contour?.polyline ?? []);
        const anchors = world.map((p) => viewport.worldToCanvas([p[0] ?? 0, p[1] ?? 0, p[2] ?? 0] as CoreTypes.Point3));
        if (!anchors.length) continue;
        const xs = anchors.map((p) => p[0]);
        const ys = anchors.map((p) => p[1]);
        const textWidth = Math.max(...lines.map((l) => l.length)) * CHAR_WIDTH;
        const textHeight = lines.length * LINE_HEIGHT;
        // Right of the shape, or left of it when that would leave the image; kept inside vertically.
        const [width, height] = sizeOf();
        let x = Math.max(...xs) + GAP;
        if (x + textWidth > width) x = Math.max(0, Math.min(...xs) - GAP - textWidth);
        const y = Math.max(0, Math.min(Math.min(...ys) - LINE_HEIGHT, height - textHeight - 4));
        drawing.drawLinkedTextBox(svgDrawingHelper, uid, READOUT_TEXT_UID, [...lines], [x, y] as CoreTypes.Point2, anchors, {}, {
          color: 'rgb(255, 255, 120)',
          background: 'rgba(0, 0, 0, 0.6)',
          padding: 2,
          textBoxMargin: 2,
          fontSize: '13px',
          lineDash: '2,3',
        });
        // Marks the text for tests and assistive checks: which ROI these lines belong to.
        svgDrawingHelper.getSvgNode(`${uid}::text::${READOUT_TEXT_UID}`)?.setAttribute('data-roi-readout', roiId!);
        rendered = true;
      }
    }
    return rendered;
  };
}
