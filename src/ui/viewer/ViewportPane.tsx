import { useEffect, useRef } from 'react';
import { useAppState } from '../hooks/useAppState';
import { useViewerCommands } from './ViewerCommands';
import { ViewportOverlay } from './ViewportOverlay';
import { KeyboardCrosshair } from './KeyboardCrosshair';
import { SliceSlider } from './SliceSlider';

interface Props {
  onScrollTo(index: number): void;
  /** A click on an image that could not be displayed (drawing is refused there). */
  onUnreadableClick(): void;
}

/** Hosts the element the engine draws into; the engine itself stays in the composition root. */
export function ViewportPane({ onScrollTo, onUnreadableClick }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const commands = useViewerCommands();
  // Not the image index: this pane (and the engine's element) must not re-render on every slice.
  const seriesStatus = useAppState((s) => s.viewer.seriesStatus);
  const notes = useAppState((s) => s.viewer.notes);
  const frameError = useAppState((s) => s.viewer.frameErrors[s.viewer.images[s.viewer.index]?.imageId ?? '']);
  const error = useAppState((s) => s.viewer.error);
  const progress = useAppState((s) => s.session.shapeProgress);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    commands.attach(el);
    const wrap = el.parentElement!;
    // Snap the drawing surface to whole, even CSS pixels: the canvas centre
    // then falls on an exact mouse position, so "click the centre" means
    // exactly (Columns/2, Rows/2) and the image is not resampled off-grid.
    const snap = () => {
      const r = wrap.getBoundingClientRect();
      const left = Math.ceil(r.left) - r.left;
      const top = Math.ceil(r.top) - r.top;
      const width = Math.max(2, 2 * Math.floor((r.width - left) / 2));
      const height = Math.max(2, 2 * Math.floor((r.height - top) / 2));
      Object.assign(el.style, { left: `${left}px`, top: `${top}px`, width: `${width}px`, height: `${height}px`, right: 'auto', bottom: 'auto' });
      commands.resize();
    };
    const ro = new ResizeObserver(snap);
    ro.observe(wrap);
    snap();
    return () => {
      ro.disconnect();
      commands.detach();
    };
  }, [commands]);

  return (
    <section className="viewport-pane" aria-label="Image viewer">
      <div className="viewport-wrap">
        <div ref={ref} className="viewport" data-testid="viewport" onContextMenu={(e) => e.preventDefault()} />
        {/* The engine keeps the last good image on its canvas; cover it so no stale pixels are read as this image. */}
        {frameError && <div className="viewport-blank" data-testid="viewport-blank" onMouseDown={onUnreadableClick} />}
        <ViewportOverlay />
        <KeyboardCrosshair />
        {progress && (
          <p className="drawing-hint" role="status" data-testid="drawing-hint">
            {progress.vertices >= 2 ? 'Double-click or press Enter to finish. ' : 'Click to add points. '}
            {progress.vertices >= 3 ? (progress.nearFirst ? 'Click now to close the shape, or press C.' : 'Click the first point or press C to close. ') : ''}
            {!progress.nearFirst && 'Escape cancels.'}
          </p>
        )}
        {progress?.nearFirst && (
          <div className="first-vertex-target" data-testid="first-vertex-target" style={{ left: progress.firstVertex[0], top: progress.firstVertex[1] }} aria-hidden />
        )}
        {seriesStatus === 'loading' && <div className="viewport-message" role="status">Loading series…</div>}
        {seriesStatus === 'error' && <div className="viewport-message" role="alert">{error ?? 'This series could not be loaded'}</div>}
        {frameError && <div className="viewport-message" role="alert">This image could not be displayed: {frameError}</div>}
        {notes.length > 0 && (
          <ul className="viewport-notes" aria-label="Notes">
            {notes.map((n) => <li key={n}>{n}</li>)}
          </ul>
        )}
      </div>
      <SliceSlider onScrollTo={onScrollTo} />
    </section>
  );
}
