import { useAppState } from '../hooks/useAppState';
import { useViewerCommands } from './ViewerCommands';
import { announceCrosshair } from '../../domain/roi/keyboardShape';

/**
 * Keyboard drawing: the crosshair and the points placed so far, drawn over
 * the image, and the crosshair's TLHC coordinate in a live region so a
 * screen reader says where the next point goes.
 */
export function KeyboardCrosshair() {
  // Outside keyboard drawing nothing here depends on the image, so scrolling does not re-render it.
  const on = useAppState((s) => !!s.session.keyboard);
  return on ? <Crosshair /> : null;
}

function Crosshair() {
  const keyboard = useAppState((s) => s.session.keyboard);
  const index = useAppState((s) => s.viewer.index);
  const tool = useAppState((s) => s.session.tool);
  // Redrawn when the image or its display changes, so the crosshair stays on its pixel.
  useAppState((s) => s.viewer.voi);
  useAppState((s) => s.viewer.images);
  const commands = useViewerCommands();
  if (!keyboard) return null;
  const placed = keyboard.index === index ? keyboard.vertices : [];
  const at = commands.imageToCanvas(keyboard.crosshair);
  const path = placed.map((p) => commands.imageToCanvas(p)).filter((p): p is readonly [number, number] => !!p);
  const how = tool === 'Select' ? 'Pick a drawing tool, then Enter places points.' : tool === 'Polyline' || tool === 'Interpolated' ? 'Enter places a vertex; C closes, F finishes open, Escape drops the points.' : 'Enter places a point.';
  return (
    <>
      <svg className="keyboard-layer" aria-hidden data-testid="keyboard-crosshair">
        {path.length > 1 && <polyline points={path.map((p) => p.join(',')).join(' ')} />}
        {path.map((p, i) => <circle key={i} cx={p[0]} cy={p[1]} r={3} />)}
        {at && (
          <g transform={`translate(${at[0]} ${at[1]})`}>
            <line x1={-12} y1={0} x2={-3} y2={0} /><line x1={3} y1={0} x2={12} y2={0} />
            <line x1={0} y1={-12} x2={0} y2={-3} /><line x1={0} y1={3} x2={0} y2={12} />
          </g>
        )}
      </svg>
      <p className="keyboard-readout" role="status" aria-live="polite" data-testid="crosshair-announce">
        {announceCrosshair(keyboard.crosshair, placed.length)}. <span className="muted">{how}</span>
      </p>
    </>
  );
}
