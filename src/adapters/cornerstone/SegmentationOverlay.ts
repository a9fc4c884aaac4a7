import { Enums as CoreEnums, type Types as CoreTypes } from '@cornerstonejs/core';
import { imageToWorld } from '../../domain/geometry/imagePlane';
import type { Rgb } from '../../domain/segmentation/Segmentation';
import { planeOf } from './ViewportController';

export interface OverlaySegment {
  readonly number: number;
  readonly rgb: Rgb;
  readonly visible: boolean;
}

export interface OverlayLook {
  readonly segments: readonly OverlaySegment[];
  readonly opacity: number;
  readonly selected?: number;
}

/**
 * A DICOM SEG drawn over the stack viewport: the current image's labelmap (segment number per source
 * pixel) painted into a canvas of the image's own size and put on screen with the image's
 * image→canvas transform (from the viewport's worldToCanvas), without smoothing, so every label
 * covers exactly its source pixel and the overlay follows scrolling, zoom and pan on every render.
 *
 * Why not Cornerstone's labelmap segmentation (`@cornerstonejs/tools` segmentation over derived labelmap
 * images, which `@cornerstonejs/adapters`' createFromDICOMSegBuffer also feeds; tried first): it needs a
 * derived 8-bit image in the image cache for every source image, labelled or not (another 50 MB for the
 * 200-slice CT, 130 MB for a 500-frame SEG, counted against the cache that holds the CT), its outline is
 * drawn in screen pixels across a segment's border (onto the neighbouring image pixel), and the adapters'
 * loader throws where a SEG does not fit its images instead of reporting which frames it dropped, and
 * its reader builds ndarray accessors with Function(), which our CSP (no 'unsafe-eval') refuses. Here
 * the SEG is read by dcmjs and placed by src/domain/segmentation (pure, tested); only slices that hold a
 * label are kept, and Cornerstone supplies the viewport geometry. e2e/segmentation.spec.ts checks the
 * drawn pixels against highdicom's reading of the SEG.
 */
export class SegmentationOverlay {
  private readonly canvas: HTMLCanvasElement;
  private readonly scratch = document.createElement('canvas');
  private slices: ReadonlyMap<string, Uint8Array> = new Map();
  private look: OverlayLook = { segments: [], opacity: 0.5 };
  /** RGBA lookup by segment number (0 = transparent), rebuilt when the look changes. */
  private lut = new Uint8ClampedArray(256 * 4);
  private painted: { imageId?: string; lutVersion: number } = { lutVersion: -1 };
  private lutVersion = 0;
  private readonly off: () => void;
  /** The element's CSS size, from a ResizeObserver: reading clientWidth on every render forced a layout per slice. */
  private cssSize: readonly [number, number];
  /** Whether the canvas holds anything; with no SEG shown, a render then costs nothing here. */
  private dirty = false;

  constructor(
    private readonly element: HTMLDivElement,
    private readonly viewport: () => CoreTypes.IStackViewport,
  ) {
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'seg-overlay';
    this.canvas.setAttribute('aria-hidden', 'true');
    this.canvas.dataset.testid = 'segmentation-overlay';
    Object.assign(this.canvas.style, { position: 'absolute', inset: '0', width: '100%', height: '100%', pointerEvents: 'none' });
    // Under Cornerstone's SVG layer, so ROI outlines and handles stay on top of the fill.
    const host = element.querySelector('.viewport-element') ?? element;
    host.insertBefore(this.canvas, host.querySelector('svg'));
    this.cssSize = [element.clientWidth, element.clientHeight];
    const resized = new ResizeObserver(([entry]) => {
      if (!entry) return;
      this.cssSize = [entry.contentRect.width, entry.contentRect.height];
      // Cornerstone's render after a resize may have come first, with the old size: draw again with this one.
      if (this.slices.size) this.draw();
    });
    resized.observe(element);
    const onRendered = () => this.draw();
    element.addEventListener(CoreEnums.Events.IMAGE_RENDERED, onRendered);
    this.off = () => {
      element.removeEventListener(CoreEnums.Events.IMAGE_RENDERED, onRendered);
      resized.disconnect();
    };
  }

  /** Shows these labelmap slices (keyed by stack imageId) from now on. */
  show(slices: ReadonlyMap<string, Uint8Array>, look: OverlayLook): void {
    this.slices = slices;
    this.restyle(look);
  }

  restyle(look: OverlayLook): void {
    this.look = look;
    const lut = new Uint8ClampedArray(256 * 4);
    for (const s of look.segments) {
      if (!s.visible || s.number < 1 || s.number > 255) continue;
      const highlighted = look.selected === s.number;
      lut.set([s.rgb[0], s.rgb[1], s.rgb[2], Math.round(255 * Math.min(1, highlighted ? look.opacity + 0.3 : look.opacity))], s.number * 4);
    }
    this.lut = lut;
    this.lutVersion++;
    this.draw();
  }

  clear(): void {
    this.slices = new Map();
    this.draw();
  }

  destroy(): void {
    this.off();
    this.canvas.remove();
  }

  private draw(): void {
    if (!this.slices.size && !this.dirty) return;
    const vp = this.viewport();
    const w = Math.round(this.cssSize[0] * devicePixelRatio);
    const h = Math.round(this.cssSize[1] * devicePixelRatio);
    if (this.canvas.width !== w || this.canvas.height !== h) Object.assign(this.canvas, { width: w, height: h });
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, w, h);
    this.dirty = false;
    const imageId = vp.getCurrentImageId();
    const slice = imageId ? this.slices.get(imageId) : undefined;
    const plane = imageId ? planeOf(imageId) : undefined;
    if (!slice || !plane || slice.length !== plane.rows * plane.columns) return;
    this.paint(imageId!, slice, plane.columns, plane.rows);
    this.dirty = true;
    // TLHC image point → canvas pixel: an affine map fixed by three corners of the image.
    const toCanvas = (x: number, y: number) => {
      const c = vp.worldToCanvas([...imageToWorld(plane, [x, y])] as CoreTypes.Point3);
      return [c[0] * devicePixelRatio, c[1] * devicePixelRatio] as const;
    };
    const o = toCanvas(0, 0);
    const ex = toCanvas(plane.columns, 0);
    const ey = toCanvas(0, plane.rows);
    ctx.setTransform((ex[0] - o[0]) / plane.columns, (ex[1] - o[1]) / plane.columns, (ey[0] - o[0]) / plane.rows, (ey[1] - o[1]) / plane.rows, o[0], o[1]);
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(this.scratch, 0, 0);
  }

  /** The labelmap of one image as RGBA in the scratch canvas; repainted only when the image or the look changed. */
  private paint(imageId: string, slice: Uint8Array, columns: number, rows: number): void {
    if (this.painted.imageId === imageId && this.painted.lutVersion === this.lutVersion && this.scratch.width === columns) return;
    if (this.scratch.width !== columns || this.scratch.height !== rows) Object.assign(this.scratch, { width: columns, height: rows });
    const sctx = this.scratch.getContext('2d')!;
    const img = sctx.createImageData(columns, rows);
    const px = new Uint32Array(img.data.buffer);
    const lut32 = new Uint32Array(this.lut.buffer);
    const sel = this.look.selected;
    for (let p = 0; p < slice.length; p++) {
      const v = slice[p]!;
      if (v) px[p] = lut32[v]!;
    }
    if (sel !== undefined && lut32[sel]) {
      // The highlighted segment's border pixels (4-neighbourhood) drawn opaque: an outline inside its own pixels.
      const opaque = lut32[sel]! | 0xff000000;
      for (let j = 0, p = 0; j < rows; j++) {
        for (let i = 0; i < columns; i++, p++) {
          if (slice[p] !== sel) continue;
          if (i === 0 || j === 0 || i === columns - 1 || j === rows - 1 || slice[p - 1] !== sel || slice[p + 1] !== sel || slice[p - columns] !== sel || slice[p + columns] !== sel) px[p] = opaque;
        }
      }
    }
    sctx.putImageData(img, 0, 0);
    this.painted = { imageId, lutVersion: this.lutVersion };
  }
}
