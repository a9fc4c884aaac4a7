import { createContext, useContext } from 'react';
import type { KeyImageCapture } from '../../store/keyImageActions';

/**
 * What the UI may ask of the image engine. The composition root implements
 * it over Cornerstone; components never see an engine object.
 */
export interface ViewerCommands {
  /** A viewport of the layout, by its id in the store, gets its element (and loses it on detach). */
  attach(viewportId: string, element: HTMLDivElement): void;
  detach(viewportId: string): void;
  /** Cancels a half-drawn shape (Escape); Undo brings it back. */
  cancelShape(): void;
  /** Ends the polyline or curve being drawn as an open path (Enter); false when none is being drawn. */
  finishShape(): boolean;
  /** Closes the polyline or curve being drawn (C); false when none is being drawn. */
  closeShape(): boolean;
  /** These act on the active viewport. */
  zoomBy(factor: number): void;
  reset(): void;
  toggleInvert(): void;
  setVoi(center: number, width: number): void;
  resize(): void;
  /** The image shown, with its ROI outlines, as 8-bit RGB pixels (for a key image); undefined when none is shown. */
  captureKeyImage(): Promise<KeyImageCapture | undefined>;
  /** Where a TLHC image point of the shown image is on the viewport (CSS px), for overlays drawn by the UI. */
  imageToCanvas(p: readonly [number, number]): readonly [number, number] | undefined;
}

export const ViewerCommandsContext = createContext<ViewerCommands | null>(null);

export function useViewerCommands(): ViewerCommands {
  const c = useContext(ViewerCommandsContext);
  if (!c) throw new Error('ViewerCommandsContext is missing');
  return c;
}
