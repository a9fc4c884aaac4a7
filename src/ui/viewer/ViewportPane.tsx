import { useEffect, useRef } from 'react';
import { useAppState } from '../hooks/useAppState';
import { useViewerCommands } from './ViewerCommands';
import { ViewportOverlay } from './ViewportOverlay';

interface Props {
  onScrollTo(index: number): void;
}

/** Hosts the element the engine draws into; the engine itself stays in the composition root. */
export function ViewportPane({ onScrollTo }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const commands = useViewerCommands();
  const images = useAppState((s) => s.viewer.images);
  const index = useAppState((s) => s.viewer.index);
  const seriesStatus = useAppState((s) => s.viewer.seriesStatus);
  const notes = useAppState((s) => s.viewer.notes);
  const frameError = useAppState((s) => s.viewer.frameErrors[s.viewer.images[s.viewer.index]?.imageId ?? '']);
  const error = useAppState((s) => s.viewer.error);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    commands.attach(el);
    const ro = new ResizeObserver(() => commands.resize());
    ro.observe(el);
    return () => {
      ro.disconnect();
      commands.detach();
    };
  }, [commands]);

  return (
    <section className="viewport-pane" aria-label="Image viewer">
      <div className="viewport-wrap">
        <div ref={ref} className="viewport" data-testid="viewport" onContextMenu={(e) => e.preventDefault()} />
        <ViewportOverlay />
        {seriesStatus === 'loading' && <div className="viewport-message" role="status">Loading series…</div>}
        {seriesStatus === 'error' && <div className="viewport-message" role="alert">{error ?? 'This series could not be loaded'}</div>}
        {frameError && <div className="viewport-message" role="alert">This image could not be displayed: {frameError}</div>}
        {notes.length > 0 && (
          <ul className="viewport-notes" aria-label="Notes">
            {notes.map((n) => <li key={n}>{n}</li>)}
          </ul>
        )}
      </div>
      {images.length > 1 && (
        <input
          className="slice-slider"
          type="range"
          aria-label="Image"
          min={1}
          max={images.length}
          value={index + 1}
          onChange={(e) => onScrollTo(Number(e.target.value) - 1)}
        />
      )}
    </section>
  );
}
