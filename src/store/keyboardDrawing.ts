import { getState, setState } from './appStore';
import { addRoi, showHint } from './roiActions';
import { currentImageUnreadable, UNREADABLE_IMAGE_HINT } from './sessionActions';
import { createRoi } from '../domain/roi/createRoi';
import { centreCrosshair, keyboardShape, moveCrosshair, VERTICES_NEEDED } from '../domain/roi/keyboardShape';
import type { ImageRef } from '../domain/roi/Roi';
import type { StackImage } from '../domain/study/models';

/**
 * Drawing without a mouse: a crosshair on the image moves by whole pixels
 * and Enter places a vertex there. Shapes are made here from the placed
 * points (not through the engine's pointer tools), so what is placed is
 * exactly the pixel centre announced.
 */
function imageRef(img: StackImage): ImageRef {
  return {
    studyUid: img.instance.studyUid,
    seriesUid: img.instance.seriesUid,
    sopInstanceUid: img.instance.sopInstanceUid,
    sopClassUid: img.instance.sopClassUid,
    ...(img.isMultiframe ? { frameNumber: img.frameNumber } : {}),
  };
}

const currentImage = () => {
  const { viewer } = getState();
  return viewer.images[viewer.index];
};

export function toggleKeyboardDrawing(): void {
  const s = getState();
  const img = currentImage();
  if (s.session.keyboard || !img) {
    setState((x) => ({ session: { ...x.session, keyboard: undefined } }));
    return;
  }
  setState((x) => ({ session: { ...x.session, keyboard: { crosshair: centreCrosshair(img.instance.columns, img.instance.rows), vertices: [], index: x.viewer.index } } }));
}

export function moveKeyboardCrosshair(dx: number, dy: number): void {
  const k = getState().session.keyboard;
  const img = currentImage();
  if (!k || !img) return;
  setState((x) => ({ session: { ...x.session, keyboard: { ...k, crosshair: moveCrosshair(k.crosshair, dx, dy, img.instance.columns, img.instance.rows) } } }));
}

function make(vertices: readonly (readonly [number, number])[], closed: boolean): void {
  const s = getState();
  const img = currentImage();
  const tool = s.session.tool;
  if (!img || tool === 'Select') return;
  const shape = keyboardShape(tool, vertices, closed);
  if (!shape) return;
  const res = createRoi({ ...shape, image: imageRef(img) }, { rows: img.instance.rows, columns: img.instance.columns });
  if (res.ok) addRoi(res.roi);
  else showHint(res.problem);
}

/** Enter: a vertex at the crosshair; the shape is made once the tool has the points it needs. */
export function placeKeyboardVertex(): void {
  const s = getState();
  const k = s.session.keyboard;
  if (!k) return;
  if (s.session.accessMode === 'review') return;
  if (s.session.tool === 'Select') {
    showHint('Pick a drawing tool first (P, L, N, C or E), then press Enter to place points.');
    return;
  }
  if (currentImageUnreadable()) {
    showHint(UNREADABLE_IMAGE_HINT);
    return;
  }
  // Points placed on another image do not belong to this shape.
  const vertices = [...(k.index === s.viewer.index ? k.vertices : []), k.crosshair];
  const needed = VERTICES_NEEDED[s.session.tool];
  const done = needed !== undefined && vertices.length >= needed;
  setState((x) => ({ session: { ...x.session, keyboard: { ...k, vertices: done ? [] : vertices, index: x.viewer.index } } }));
  if (done) make(vertices, false);
}

/** C closes (3 points or more) and F finishes open the keyboard polyline or curve; false when none is being placed. */
export function endKeyboardShape(closed: boolean): boolean {
  const s = getState();
  const k = s.session.keyboard;
  if (!k || k.vertices.length === 0 || (s.session.tool !== 'Polyline' && s.session.tool !== 'Interpolated')) return false;
  setState((x) => ({ session: { ...x.session, keyboard: { ...k, vertices: [] } } }));
  make(k.vertices, closed);
  return true;
}

/** Escape: drops the points placed so far; false when there were none. */
export function cancelKeyboardShape(): boolean {
  const k = getState().session.keyboard;
  if (!k || k.vertices.length === 0) return false;
  setState((x) => ({ session: { ...x.session, keyboard: { ...k, vertices: [] } } }));
  return true;
}
