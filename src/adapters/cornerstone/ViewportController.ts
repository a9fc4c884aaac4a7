import { Enums as CoreEnums, eventTarget, metaData, type Types as CoreTypes } from '@cornerstonejs/core';
import { wadors } from '@cornerstonejs/dicom-image-loader';
import { utilities as toolUtilities } from '@cornerstonejs/tools';
import type { StackImage } from '../dicomweb/models';
import type { DicomJson } from '../dicomweb/dicomJson';
import { imageToWorld, worldToImage, type ImagePlane } from '../../domain/geometry/imagePlane';
import type { Point2 } from '../../domain/roi/Roi';
import { CS_TOOL, DRAW_TOOLS } from './toolNames';
import { CLOSE_DISTANCE_PX } from './polylineTools';
import type { EngineHost } from './EngineHost';
import type { ShapeProgress } from '../../domain/roi/ShapeProgress';
import type { AnnotationLike } from './annotationMapping';
import { rangeToWindow, windowToRange } from '../../domain/measure/voiWindow';
import type { ModalityReadout } from '../../domain/measure/modalityValue';
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
 * One stack viewport of the shared engine (EngineHost) and the events of its
 * element. Everything outside talks to it through plain values (indices, TLHC
 * points); no Cornerstone object leaves this class.
 */
export class ViewportController {
  private images: readonly StackImage[] = [];
  private readonly listeners: Array<() => void> = [];
  private destroyed = false;

  constructor(
    private readonly host: EngineHost,
    readonly viewportId: string,
    readonly element: HTMLDivElement,
    private readonly callbacks: ViewportCallbacks,
  ) {
    host.addViewport(viewportId, element);
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
    return this.host.engine.getViewport(this.viewportId) as CoreTypes.IStackViewport;
  }

  get stack(): readonly StackImage[] {
    return this.images;
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
      const tool = this.host.toolGroup.getToolInstance(CS_TOOL[t]) as unknown as DrawingState | undefined;
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
    this.host.removeViewport(this.viewportId);
  }

  /** Tells the callbacks this viewport's window and zoom (when it becomes the active one). */
  reportView(): void {
    this.reportVoi();
    this.callbacks.onZoom(this.viewport.getZoom());
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
      const tool = this.host.toolGroup.getToolInstance(CS_TOOL[t]) as unknown as DrawingState | undefined;
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
