import { useEffect, useRef, type DragEvent } from 'react';
import { useAppState } from '../hooks/useAppState';
import { useViewerCommands } from './ViewerCommands';
import { ViewportOverlay } from './ViewportOverlay';
import { KeyboardCrosshair } from './KeyboardCrosshair';
import { SliceSlider } from './SliceSlider';
import { CompanionOverlay } from './CompanionOverlay';
import { SERIES_DRAG_TYPE } from './seriesDrag';

interface Props {
  viewportId: string;
  /** "Viewport 2 of 4"; undefined in a single-viewport layout. */
  position?: { n: number; of: number };
  onScrollTo(index: number): void;
  /** A click on an image that could not be displayed (drawing is refused there). */
  onUnreadableClick(): void;
  onActivate(viewportId: string): void;
  onDropSeries(viewportId: string, seriesUid: string): void;
  onToggleSync(viewportId: string): void;
}

/**
 * Hosts the element the engine draws one viewport into; the engine itself
 * stays in the composition root. The active viewport shows the full overlay,
 * drawing feedback and slider (they read the viewer slice); the others show
 * what they hold and where they are.
 */
export function ViewportPane({ viewportId, position, onScrollTo, onUnreadableClick, onActivate, onDropSeries, onToggleSync }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const commands = useViewerCommands();
  const active = useAppState((s) => s.layout.activeId === viewportId);
  // Not the image index: this pane (and the engine's element) must not re-render on every slice.
  const seriesStatus = useAppState((s) => (active ? s.viewer.seriesStatus : s.layout.viewports.find((v) => v.id === viewportId)?.seriesStatus));
  const notes = useAppState((s) => (active ? s.viewer.notes : s.layout.viewports.find((v) => v.id === viewportId)?.notes));
  const frameError = useAppState((s) => (active ? s.viewer.frameErrors[s.viewer.images[s.viewer.index]?.imageId ?? ''] : undefined));
  const error = useAppState((s) => s.viewer.error);
  const progress = useAppState((s) => (active ? s.session.shapeProgress : undefined));
  const synced = useAppState((s) => s.layout.viewports.find((v) => v.id === viewportId)?.sync ?? true);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    commands.attach(viewportId, el);
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
      commands.detach(viewportId);
    };
  }, [commands, viewportId]);

  const name = position ? `Viewport ${position.n} of ${position.of}${active ? ' (active)' : ''}` : 'Image viewer';
  const accepts = (e: DragEvent) => e.dataTransfer.types.includes(SERIES_DRAG_TYPE);
  return (
    <section
      className={`viewport-pane${position ? ' in-grid' : ''}${active && position ? ' active' : ''}`}
      aria-label={name}
      aria-current={position && active ? 'true' : undefined}
      data-viewport-id={viewportId}
      // Pressing or wheeling in a viewport makes it the one tools act on, before the engine sees the event
      // (not its Sync button, which sets that viewport's sync and nothing else).
      onPointerDownCapture={(e) => {
        if (!(e.target instanceof Element && e.target.closest('.sync-toggle'))) onActivate(viewportId);
      }}
      onWheelCapture={() => onActivate(viewportId)}
      onDragOver={(e) => {
        if (!accepts(e)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
      }}
      onDrop={(e) => {
        const uid = e.dataTransfer.getData(SERIES_DRAG_TYPE);
        if (!uid) return;
        e.preventDefault();
        onDropSeries(viewportId, uid);
      }}
    >
      <div className="viewport-wrap">
        <div ref={ref} className="viewport" data-testid={active ? 'viewport' : 'viewport-inactive'} onContextMenu={(e) => e.preventDefault()} />
        {/* The engine keeps the last good image on its canvas; cover it so no stale pixels are read as this image. */}
        {frameError && <div className="viewport-blank" data-testid="viewport-blank" onMouseDown={onUnreadableClick} />}
        {active ? <ViewportOverlay /> : <CompanionOverlay viewportId={viewportId} />}
        {active && <KeyboardCrosshair />}
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
        {seriesStatus === 'idle' && position && <div className="viewport-message">Drop a series here, or pick one in the Series list while this viewport is active.</div>}
        {seriesStatus === 'loading' && <div className="viewport-message" role="status">Loading series…</div>}
        {seriesStatus === 'error' && <div className="viewport-message" role="alert">{(active ? error : notes?.[0]) ?? 'This series could not be loaded'}</div>}
        {frameError && <div className="viewport-message" role="alert">This image could not be displayed: {frameError}</div>}
        {notes && notes.length > 0 && (
          <ul className="viewport-notes" aria-label="Notes">
            {notes.map((n) => <li key={n}>{n}</li>)}
          </ul>
        )}
        {position && (
          <button
            type="button"
            className="sync-toggle"
            aria-pressed={synced}
            aria-label={`Sync scrolling, viewport ${position.n}`}
            title="Scroll with the other viewports of the same Frame of Reference, by position"
            onClick={() => onToggleSync(viewportId)}
          >
            Sync
          </button>
        )}
      </div>
      {/* In a grid every pane keeps the slider's room, so making another one active does not resize (and move) the images. */}
      {position ? <div className="slider-slot">{active && <SliceSlider onScrollTo={onScrollTo} />}</div> : <SliceSlider onScrollTo={onScrollTo} />}
    </section>
  );
}
