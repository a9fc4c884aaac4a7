import { eventTarget, type Types as CoreTypes } from '@cornerstonejs/core';
import { annotation as csAnnotation, Enums as ToolEnums, utilities as toolUtilities } from '@cornerstonejs/tools';
import type { Roi } from '../../domain/roi/Roi';
import type { StackImage } from '../dicomweb/models';
import { annotationsFromRoi, geometryFromAnnotation, type AnnotationLike, type RoiGeometry } from './annotationMapping';
import { planeOf } from './ViewportController';
import { roundCoord } from '../../domain/geometry/rounding';

export interface DisplayedRoi {
  readonly roi: Roi;
  readonly locked: boolean;
}

/** The viewports annotations are shown in: which one displays an image, and all of their ids (to redraw). */
export interface AnnotationViews {
  viewFor(image: StackImage): { viewport: CoreTypes.IStackViewport; element: HTMLDivElement } | undefined;
  viewportIds(): string[];
}

export interface AnnotationSyncCallbacks {
  /** A shape the user finished drawing, on the given stack image. */
  onDrawn(uid: string, geometry: RoiGeometry, image: StackImage): void;
  /** The user moved or reshaped an existing ROI. */
  onEdited(uid: string, geometry: RoiGeometry, image: StackImage): void;
  /** The user removed an annotation with Cornerstone's own means. */
  onRemoved(uid: string): void;
  onSelected(uid: string | undefined): void;
}

const key = (sop: string, frame: number | undefined) => `${sop}#${frame ?? 1}`;
const ownerOf = (uid: string) => uid.split('::')[0]!;

const fingerprints = new WeakMap<Roi, string>();
/** What is drawn for an ROI; cached per (immutable) ROI object since reconcile runs on every store change. */
function fingerprint(roi: Roi, locked: boolean): string {
  let fp = fingerprints.get(roi);
  if (fp === undefined) {
    fp = JSON.stringify([roi.kind, roi.points.map((p) => [roundCoord(p[0]), roundCoord(p[1])]), 'closed' in roi ? roi.closed : null, roi.label]);
    fingerprints.set(roi, fp);
  }
  return locked ? `${fp}L` : fp;
}

/**
 * Keeps Cornerstone's annotation state equal to the domain ROIs (the store is
 * the source of truth), and turns user edits into domain events. While it
 * applies store changes it ignores the events its own changes cause.
 *
 * One instance serves every viewport of a layout: Cornerstone's annotation
 * state is global (filed by Frame of Reference, shown on the image it
 * references), so each ROI is one annotation, drawn in whichever viewports
 * show its image, and an edit in any of them comes back here once.
 */
export class AnnotationSync {
  private images: readonly StackImage[] = [];
  private byKey = new Map<string, StackImage>();
  private byImageId = new Map<string, StackImage>();
  /** ROI id → fingerprint of what is drawn, and the annotation UIDs drawing it. */
  private shown = new Map<string, string>();
  private uidsOf = new Map<string, string[]>();
  private applying = false;
  private pendingEdits = new Set<string>();
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly off: Array<() => void> = [];
  private destroyed = false;

  constructor(
    private readonly views: AnnotationViews,
    private readonly callbacks: AnnotationSyncCallbacks,
  ) {
    const on = (type: string, fn: (e: Event) => void) => {
      eventTarget.addEventListener(type, fn);
      this.off.push(() => eventTarget.removeEventListener(type, fn));
    };
    const E = ToolEnums.Events;
    on(E.ANNOTATION_COMPLETED, (e) => this.handleCompleted((e as CustomEvent<{ annotation: AnnotationLike }>).detail.annotation));
    on(E.ANNOTATION_MODIFIED, (e) => {
      const { annotation, changeType } = (e as CustomEvent<{ annotation: AnnotationLike; changeType?: string }>).detail;
      // Tools also report stats and set-up as "modified"; only a moved handle is a user edit.
      if (changeType === undefined || changeType === 'HandlesUpdated' || changeType === 'Interaction') this.handleModified(annotation);
    });
    on(E.ANNOTATION_REMOVED, (e) => this.handleRemoved((e as CustomEvent<{ annotation: AnnotationLike }>).detail.annotation));
    on(E.ANNOTATION_SELECTION_CHANGE, (e) => {
      if (this.applying) return;
      const sel = (e as CustomEvent<{ selection?: string[] }>).detail.selection ?? [];
      const uid = sel[sel.length - 1];
      this.callbacks.onSelected(uid ? ownerOf(uid) : undefined);
    });
    const flush = () => this.flushEdits();
    window.addEventListener('mouseup', flush);
    this.off.push(() => window.removeEventListener('mouseup', flush));
  }

  /** The images of every viewport's stack (an ROI is drawn when its image is among them). */
  setImages(images: readonly StackImage[]): void {
    this.images = images;
    this.byKey = new Map(images.map((i) => [key(i.instance.sopInstanceUid, i.isMultiframe ? i.frameNumber : undefined), i]));
    this.byImageId = new Map(images.map((i) => [i.imageId, i]));
    this.clear();
  }

  imageFor(roi: Roi): StackImage | undefined {
    return this.byKey.get(key(roi.image.sopInstanceUid, roi.image.frameNumber));
  }

  /** Makes the displayed annotations match `rois` exactly. */
  reconcile(rois: readonly DisplayedRoi[]): void {
    if (!this.images.length) return;
    this.applying = true;
    try {
      const wanted = new Set<string>();
      for (const { roi, locked } of rois) {
        const img = this.imageFor(roi);
        if (!img) continue;
        wanted.add(roi.id);
        const fp = fingerprint(roi, locked);
        if (this.shown.get(roi.id) === fp) continue;
        this.removeShown(roi.id);
        const plane = planeOf(img.imageId);
        const view = this.views.viewFor(img);
        if (!plane || !view) continue;
        // Cornerstone files annotations under the viewport's Frame of Reference and
        // looks them up the same way; an image without one (no geometry, secondary
        // capture) has `undefined` there, so any stand-in ('' before) hid every ROI.
        const frameOfReferenceUID = view.viewport.getFrameOfReferenceUID() as string | undefined;
        const normal = view.viewport.getCamera().viewPlaneNormal ?? [0, 0, 1];
        const uids: string[] = [];
        for (const a of annotationsFromRoi(roi, { imageId: img.imageId, plane, frameOfReferenceUID, viewPlaneNormal: [normal[0], normal[1], normal[2]] }, locked)) {
          csAnnotation.state.addAnnotation(a as unknown as Parameters<typeof csAnnotation.state.addAnnotation>[0], view.element);
          if (locked) csAnnotation.locking.setAnnotationLocked(a.annotationUID!, true);
          // An earlier version from the History view: a dashed outline in its own colour.
          if (roi.id.startsWith('ghost-')) csAnnotation.config.style.setAnnotationStyles(a.annotationUID!, { color: 'rgb(255, 190, 40)', lineDash: '5,4', lineWidth: '1' });
          uids.push(a.annotationUID!);
        }
        this.shown.set(roi.id, fp);
        this.uidsOf.set(roi.id, uids);
      }
      for (const id of [...this.shown.keys()]) if (!wanted.has(id)) this.removeShown(id);
    } finally {
      this.applying = false;
    }
    // Requested after the current task: a store change made from inside
    // Cornerstone's render loop (the spline tools complete a shape while
    // rendering it) would otherwise be dropped, because that loop clears the
    // viewport's render flag after it has drawn, so the new ROI and its text
    // would wait for the next unrelated render.
    queueMicrotask(() => {
      if (!this.destroyed) this.redraw();
    });
  }

  select(id: string | undefined): void {
    this.applying = true;
    try {
      if (id && this.shown.has(id)) csAnnotation.selection.setAnnotationSelected(id, true, false);
      else csAnnotation.selection.deselectAnnotation();
    } finally {
      this.applying = false;
    }
    this.redraw();
  }

  private redraw(): void {
    const ids = this.views.viewportIds();
    if (ids.length) toolUtilities.triggerAnnotationRenderForViewportIds(ids);
  }

  /** Drops every annotation we show (e.g. on a series change). */
  clear(): void {
    this.applying = true;
    try {
      for (const id of [...this.shown.keys()]) this.removeShown(id);
    } finally {
      this.applying = false;
    }
  }

  destroy(): void {
    this.destroyed = true;
    this.clear();
    for (const f of this.off) f();
    if (this.flushTimer) clearTimeout(this.flushTimer);
  }

  /** O(annotations of this ROI): reconciling n ROIs must not walk all annotations n times. */
  private removeShown(id: string): void {
    for (const uid of this.uidsOf.get(id) ?? [id]) {
      if (csAnnotation.state.getAnnotation(uid)) csAnnotation.state.removeAnnotation(uid);
    }
    this.uidsOf.delete(id);
    this.shown.delete(id);
  }

  /** Geometry and image of an annotation that is not (yet) an ROI, e.g. a shape ended before it was finished. */
  geometryOf(a: AnnotationLike): { geometry: RoiGeometry; image: StackImage } | undefined {
    const image = this.imageOfAnnotation(a);
    const plane = image && planeOf(image.imageId);
    const geometry = plane && geometryFromAnnotation(a, plane);
    return image && geometry ? { geometry, image } : undefined;
  }

  private imageOfAnnotation(a: AnnotationLike): StackImage | undefined {
    return a.metadata.referencedImageId ? this.byImageId.get(a.metadata.referencedImageId) : undefined;
  }

  private handleCompleted(a: AnnotationLike): void {
    if (this.applying || !a.annotationUID) return;
    const img = this.imageOfAnnotation(a);
    const plane = img && planeOf(img.imageId);
    const geometry = plane && geometryFromAnnotation(a, plane);
    // The annotation is Cornerstone's draft; the store decides whether it becomes an ROI,
    // and reconcile() then shows the stored version.
    this.applying = true;
    try {
      csAnnotation.state.removeAnnotation(a.annotationUID);
    } finally {
      this.applying = false;
    }
    if (img && geometry) this.callbacks.onDrawn(a.annotationUID, geometry, img);
    this.redraw();
  }

  private handleModified(a: AnnotationLike): void {
    if (this.applying || !a.annotationUID || !this.shown.has(a.annotationUID)) return;
    this.pendingEdits.add(a.annotationUID);
    // Drags fire MODIFIED on every move; commit once on mouseup, or after a pause for keyboard/touch edits.
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = setTimeout(() => this.flushEdits(), 400);
  }

  private flushEdits(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    const ids = [...this.pendingEdits];
    this.pendingEdits.clear();
    for (const id of ids) {
      const a = csAnnotation.state.getAnnotation(id) as unknown as AnnotationLike | undefined;
      if (!a) continue;
      const img = this.imageOfAnnotation(a);
      const plane = img && planeOf(img.imageId);
      const geometry = plane && geometryFromAnnotation(a, plane);
      if (img && geometry) {
        this.shown.delete(id);
        this.callbacks.onEdited(id, geometry, img);
      }
    }
  }

  private handleRemoved(a: AnnotationLike): void {
    if (this.applying || !a.annotationUID) return;
    const id = ownerOf(a.annotationUID);
    if (!this.shown.has(id)) return;
    this.shown.delete(id);
    this.uidsOf.delete(id);
    this.callbacks.onRemoved(id);
  }
}
