import {
  RenderingEngine,
  Enums as CoreEnums,
  eventTarget,
  metaData,
  type Types as CoreTypes,
} from '@cornerstonejs/core';
import { wadors } from '@cornerstonejs/dicom-image-loader';
import {
  addTool,
  ToolGroupManager,
  WindowLevelTool,
  PanTool,
  ZoomTool,
  StackScrollTool,
  ProbeTool,
  CircleROITool,
  EllipticalROITool,
  PlanarFreehandROITool,
  Enums as ToolEnums,
  utilities as toolUtilities,
  type Types as ToolTypes,
} from '@cornerstonejs/tools';
import type { StackImage } from '../dicomweb/models';
import type { DicomJson } from '../dicomweb/dicomJson';
import { imageToWorld, worldToImage, type ImagePlane } from '../../domain/geometry/imagePlane';
import type { Point2 } from '../../domain/roi/Roi';
import { CS_TOOL, DRAW_TOOLS, READONLY_CONTOUR_TOOL, type ToolMode } from './toolNames';
import { CLOSE_DISTANCE_PX, RoiInterpolatedTool, RoiPolylineTool } from './polylineTools';
import type { ShapeProgress } from '../../domain/roi/ShapeProgress';
import type { AnnotationLike } from './annotationMapping';
import { rangeToWindow, windowToRange } from '../../domain/measure/voiWindow';
import type { ModalityReadout } from '../../domain/measure/modalityValue';
import { RoiReadoutTool, type RoiTextSource } from './RoiReadoutTool';
import { modalityValueAt } from './modalityReadout';
import { installPendingClickFlush } from './pendingClickFlush';
import { captureViewport, type CapturedView } from './captureViewport';

/** The part of a Cornerstone drawing tool's live state we read to end a shape in progress. */
interface DrawingState {
  isDrawing?: boolean;
  editData?: { annotation?: AnnotationLike } | null;
  cancel(element: HTMLDivElement): unknown;
}

export interface ViewportCallbacks {
  onImageIndex(index: number): void;
  onVoi(center: number, width: number): void;
  /** Zoom relative to fit-to-window (1 = fit). */
  onZoom(zoom: number): void;
  /** TLHC image point under the pointer and the modality value there (same stage as the statistics). */
  onPointer(point: Point2 | undefined, readout: ModalityReadout | undefined): void;
  onLoadError(imageId: string, message: string): void;
  onRendered(): void;
  /** A polyline or curve being drawn (vertices so far, where its first vertex is), or none. */
  onShapeProgress(progress: ShapeProgress | undefined): void;
  /** Each ROI's on-image text, from the store's measurements (drawn by RoiReadoutTool). */
  roiText: RoiTextSource;
}

const ENGINE_ID = 'roi-viewer-engine';
const VIEWPORT_ID = 'main';
const TOOL_GROUP_ID = 'main-tools';
let toolsRegistered = false;

function registerTools(): void {
  if (toolsRegistered) return;
  toolsRegistered = true;
  for (const T of [WindowLevelTool, PanTool, ZoomTool, StackScrollTool, ProbeTool, CircleROITool, EllipticalROITool, PlanarFreehandROITool, RoiPolylineTool, RoiInterpolatedTool, RoiReadoutTool]) {
    addTool(T);
  }
}

/** The plane Cornerstone itself renders an image with, so our TLHC maths agrees with the display. */
export function planeOf(imageId: string): ImagePlane | undefined {
  const m = metaData.get('imagePlaneModule', imageId) as
    | {
        rows?: number;
        columns?: number;
        imagePositionPatient?: number[];
        rowCosines?: number[];
        columnCosines?: number[];
        rowPixelSpacing?: number | null;
        columnPixelSpacing?: number | null;
      }
    | undefined;
  if (!m || !m.rows || !m.columns) return undefined;
  const ipp = m.imagePositionPatient;
  const rc = m.rowCosines;
  const cc = m.columnCosines;
  return {
    rows: m.rows,
    columns: m.columns,
    imagePositionPatient: ipp && ipp.length === 3 ? [ipp[0]!, ipp[1]!, ipp[2]!] : undefined,
    imageOrientationPatient: rc && cc && rc.length === 3 && cc.length === 3 ? [rc[0]!, rc[1]!, rc[2]!, cc[0]!, cc[1]!, cc[2]!] : undefined,
    pixelSpacing: m.rowPixelSpacing && m.columnPixelSpacing ? [m.rowPixelSpacing, m.columnPixelSpacing] : undefined,
  };
}

/**
 * Owns the Cornerstone rendering engine, the one stack viewport and its tool
 * group. Everything outside talks to it through plain values (indices, TLHC
 * points, tool names); no Cornerstone object leaves this class.
 */
export class ViewportController {
  private readonly engine: RenderingEngine;
  private readonly toolGroup: ToolTypes.IToolGroup;
  private images: readonly StackImage[] = [];
  private readonly listeners: Array<() => void> = [];
  private destroyed = false;

  constructor(
    readonly element: HTMLDivElement,
    private readonly callbacks: ViewportCallbacks,
  ) {
    registerTools();
    this.engine = new RenderingEngine(ENGINE_ID);
    this.engine.enableElement({
      viewportId: VIEWPORT_ID,
      type: CoreEnums.ViewportType.STACK,
      element,
      defaultOptions: { background: [0, 0, 0] },
    });
    ToolGroupManager.destroyToolGroup(TOOL_GROUP_ID);
    const group = ToolGroupManager.createToolGroup(TOOL_GROUP_ID);
    if (!group) throw new Error('Could not create the tool group');
    this.toolGroup = group;
    for (const name of [WindowLevelTool.toolName, PanTool.toolName, ZoomTool.toolName, StackScrollTool.toolName]) group.addTool(name);
    // On-image text comes from our own measurement code (RoiReadoutTool), never
    // from the tools: their figures use their own scaling and units, show NaN
    // until their statistics exist, and give a point as a voxel index. Returning
    // nothing (not []) also keeps the probe from drawing an empty box.
    const noText = () => undefined as unknown as string[];
    group.addTool(ProbeTool.toolName, { preventHandleOutsideImage: true, calculateStats: false, getTextLines: noText });
    group.addTool(CircleROITool.toolName, { preventHandleOutsideImage: true, calculateStats: false, centerPointRadius: 1, getTextLines: noText });
    group.addTool(EllipticalROITool.toolName, { preventHandleOutsideImage: true, calculateStats: false, centerPointRadius: 0, getTextLines: noText });
    group.addTool(RoiPolylineTool.toolName, { preventHandleOutsideImage: true, calculateStats: false, getTextLines: noText });
    group.addTool(RoiInterpolatedTool.toolName, { preventHandleOutsideImage: true, calculateStats: false, getTextLines: noText });
    group.addToolInstance(READONLY_CONTOUR_TOOL, PlanarFreehandROITool.toolName, { calculateStats: false, getTextLines: noText });
    // Added last so the text is drawn over the shapes.
    group.addTool(RoiReadoutTool.toolName, { linesFor: (id: string) => this.callbacks.roiText(id) });
    group.addViewport(VIEWPORT_ID, ENGINE_ID);
    group.setToolActive(StackScrollTool.toolName, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Wheel }] });
    group.setToolActive(PanTool.toolName, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Auxiliary }] });
    group.setToolActive(ZoomTool.toolName, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Secondary }] });
    group.setToolEnabled(READONLY_CONTOUR_TOOL);
    group.setToolEnabled(RoiReadoutTool.toolName);
    this.setTool('Select', false);

    const on = (target: EventTarget, type: string, fn: (e: Event) => void) => {
      target.addEventListener(type, fn);
      this.listeners.push(() => target.removeEventListener(type, fn));
    };
    on(element, CoreEnums.Events.STACK_NEW_IMAGE, () => {
      this.callbacks.onImageIndex(this.viewport.getCurrentImageIdIndex());
      // Scrolling by wheel or keys moves a new image under a still pointer: its readout must be this image's value.
      if (this.pointerInside && this.lastCanvas) this.reportPointerAt(this.lastCanvas);
    });
    on(element, CoreEnums.Events.VOI_MODIFIED, () => this.reportVoi());
    on(element, CoreEnums.Events.CAMERA_MODIFIED, () => this.callbacks.onZoom(this.viewport.getZoom()));
    on(element, CoreEnums.Events.IMAGE_RENDERED, () => this.callbacks.onRendered());
    on(eventTarget, CoreEnums.Events.IMAGE_LOAD_ERROR, (e) => {
      const detail = (e as CustomEvent<{ imageId?: string; error?: { message?: string } }>).detail;
      if (detail?.imageId && this.images.some((i) => i.imageId === detail.imageId)) {
        this.callbacks.onLoadError(detail.imageId, detail.error?.message ?? 'The image could not be decoded');
      }
    });
    this.listeners.push(installPendingClickFlush(element));
    on(element, 'mousemove', (e) => this.reportPointer(e as MouseEvent));
    // After Cornerstone has handled the event (it listens on the same element and the document).
    const progress = (e: Event) => setTimeout(() => this.reportProgress(e instanceof MouseEvent ? this.canvasPoint(e) : this.lastCanvas), 0);
    // A click reaches the tool only after Cornerstone's double-click window (pendingClickFlush): look again after it.
    const progressAfterClick = (e: Event) => {
      progress(e);
      setTimeout(() => this.reportProgress(this.lastCanvas), 500);
    };
    on(element, 'mousemove', progress);
    on(window, 'mouseup', progressAfterClick);
    on(window, 'keyup', progress);
    on(element, 'mouseleave', () => {
      this.pointerInside = false;
      this.callbacks.onPointer(undefined, undefined);
    });
  }

  get viewport(): CoreTypes.IStackViewport {
    return this.engine.getViewport(VIEWPORT_ID) as CoreTypes.IStackViewport;
  }

  get viewportId(): string {
    return VIEWPORT_ID;
  }

  /** Registers each instance's metadata (once, under frame 1 for multi-frame, as the loader expects) and shows the stack. */
  async setStack(images: readonly StackImage[], raw: ReadonlyMap<string, DicomJson>, index: number, prefetch: boolean): Promise<void> {
    this.images = images;
    for (const img of images) {
      if (img.frameNumber !== 1) continue;
      const ds = raw.get(img.instance.sopInstanceUid);
      if (ds) wadors.metaDataManager.add(img.imageId, ds as unknown as Parameters<typeof wadors.metaDataManager.add>[1]);
    }
    const clamped = Math.max(0, Math.min(index, images.length - 1));
    await this.viewport.setStack(images.map((i) => i.imageId), clamped);
    if (this.destroyed) return;
    this.viewport.render();
    if (prefetch) toolUtilities.stackPrefetch.enable(this.element);
    this.reportVoi();
  }

  scrollTo(index: number): void {
    if (!this.images.length) return;
    const i = Math.max(0, Math.min(index, this.images.length - 1));
    if (i !== this.viewport.getCurrentImageIdIndex()) void this.viewport.setImageIdIndex(i).catch(() => undefined);
  }

  currentIndex(): number {
    return this.viewport.getCurrentImageIdIndex();
  }

  setVoi(center: number, width: number): void {
    this.viewport.setProperties({ voiRange: windowToRange(center, width) });
    this.viewport.render();
  }

  toggleInvert(): boolean {
    const invert = !this.viewport.getProperties().invert;
    this.viewport.setProperties({ invert });
    this.viewport.render();
    return invert;
  }

  inverted(): boolean {
    return !!this.viewport.getProperties().invert;
  }

  zoomBy(factor: number): void {
    this.viewport.setZoom(this.viewport.getZoom() * factor);
    this.viewport.render();
  }

  panBy(dx: number, dy: number): void {
    const [x, y] = this.viewport.getPan();
    this.viewport.setPan([x + dx, y + dy]);
    this.viewport.render();
  }

  /** Fit to window, centred, with the default window/level. */
  reset(): void {
    this.viewport.resetCamera();
    this.viewport.resetProperties();
    this.viewport.render();
    this.reportVoi();
  }

  setTool(mode: ToolMode, editable = true): void {
    const g = this.toolGroup;
    for (const t of DRAW_TOOLS) {
      if (editable) g.setToolPassive(CS_TOOL[t]);
      else g.setToolEnabled(CS_TOOL[t]);
    }
    if (mode === 'Select') {
      g.setToolActive(WindowLevelTool.toolName, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Primary }] });
    } else {
      g.setToolPassive(WindowLevelTool.toolName);
      g.setToolActive(CS_TOOL[mode], { bindings: [{ mouseButton: ToolEnums.MouseBindings.Primary }] });
    }
  }

  /** Redraws the annotations and their text (after the figures or the text toggle changed). */
  renderAnnotations(): void {
    toolUtilities.triggerAnnotationRenderForViewportIds([VIEWPORT_ID]);
  }

  resize(): void {
    this.engine.resize(true, true);
  }

  /**
   * Ends whatever shape a drawing tool has in progress and hands back a plain
   * copy of it. Cornerstone's vertex tools keep drawing (and keep taking
   * clicks) after another tool is made active, so every way out of a shape
   * (Escape, a tool switch, another image, leaving) comes through here; the
   * caller then decides whether the copy becomes an ROI or is cancelled.
   */
  takeShapeInProgress(): AnnotationLike | undefined {
    let taken: AnnotationLike | undefined;
    for (const t of DRAW_TOOLS) {
      const tool = this.toolGroup.getToolInstance(CS_TOOL[t]) as unknown as DrawingState | undefined;
      const a = tool?.isDrawing ? tool.editData?.annotation : undefined;
      if (!tool?.isDrawing) continue;
      if (a && (t === 'Polyline' || t === 'Interpolated')) {
        taken = {
          annotationUID: a.annotationUID,
          metadata: { ...a.metadata },
          data: { handles: { points: a.data.handles.points.map((p) => [...p]) }, contour: { closed: !!a.data.contour?.closed } },
        };
      }
      tool.cancel(this.element);
    }
    if (taken) this.viewport.render();
    return taken;
  }

  /** The current image as shown, ROI outlines included, and which image (and frame) it is. */
  async capture(): Promise<{ view: CapturedView; image: StackImage } | undefined> {
    const image = this.images[this.viewport.getCurrentImageIdIndex()];
    if (!image) return undefined;
    this.viewport.render();
    // The annotation layer is redrawn on the next frame after a render.
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    return { view: await captureViewport(this.element, this.viewport.canvas), image };
  }

  /** TLHC image coordinates of a canvas point on the current image. */
  canvasToImage(canvas: Point2): Point2 | undefined {
    const img = this.images[this.viewport.getCurrentImageIdIndex()];
    const plane = img && planeOf(img.imageId);
    if (!plane) return undefined;
    const world = this.viewport.canvasToWorld([canvas[0], canvas[1]]);
    return worldToImage(plane, [world[0], world[1], world[2]]);
  }

  /** Canvas (CSS px) position of a TLHC image point on the current image. */
  imageToCanvas(p: readonly [number, number]): [number, number] | undefined {
    const img = this.images[this.viewport.getCurrentImageIdIndex()];
    const plane = img && planeOf(img.imageId);
    if (!plane) return undefined;
    const c = this.viewport.worldToCanvas([...imageToWorld(plane, [p[0], p[1]])] as CoreTypes.Point3);
    return [c[0], c[1]];
  }

  destroy(): void {
    this.destroyed = true;
    for (const off of this.listeners) off();
    toolUtilities.stackPrefetch.disable(this.element);
    ToolGroupManager.destroyToolGroup(TOOL_GROUP_ID);
    this.engine.destroy();
  }

  private reportVoi(): void {
    const range = this.viewport.getProperties().voiRange;
    if (!range) return;
    const { center, width } = rangeToWindow(range);
    this.callbacks.onVoi(center, width);
  }

  private lastCanvas: Point2 | undefined;
  private pointerInside = false;

  private canvasPoint(e: MouseEvent): Point2 {
    const rect = this.element.getBoundingClientRect();
    this.lastCanvas = [e.clientX - rect.left, e.clientY - rect.top];
    return this.lastCanvas;
  }

  /** The vertex tool's shape in progress, with whether the pointer is near enough to its first vertex to close it. */
  shapeProgress(pointer?: Point2): ShapeProgress | undefined {
    for (const t of ['Polyline', 'Interpolated'] as const) {
      const tool = this.toolGroup.getToolInstance(CS_TOOL[t]) as unknown as DrawingState | undefined;
      const a = tool?.isDrawing ? tool.editData?.annotation : undefined;
      const first = a?.data.handles.points[0];
      if (!a || !first) continue;
      const c = this.viewport.worldToCanvas([first[0] ?? 0, first[1] ?? 0, first[2] ?? 0]);
      const vertices = a.data.handles.points.length;
      const near = !!pointer && vertices >= 3 && Math.hypot(pointer[0] - c[0], pointer[1] - c[1]) <= CLOSE_DISTANCE_PX;
      return { tool: t, vertices, firstVertex: [c[0], c[1]], nearFirst: near };
    }
    return undefined;
  }

  private reportProgress(pointer: Point2 | undefined): void {
    if (!this.destroyed) this.callbacks.onShapeProgress(this.shapeProgress(pointer));
  }

  private reportPointer(e: MouseEvent): void {
    this.pointerInside = true;
    this.reportPointerAt(this.canvasPoint(e));
  }

  private reportPointerAt(canvas: Point2): void {
    const pt = this.canvasToImage(canvas);
    const img = this.images[this.viewport.getCurrentImageIdIndex()];
    this.callbacks.onPointer(pt, pt && img ? modalityValueAt(img, pt) : undefined);
  }
}
