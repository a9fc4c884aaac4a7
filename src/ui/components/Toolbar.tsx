import { DRAW_TOOLS, type ToolMode } from '../../adapters/cornerstone/toolNames';
import { useAppState } from '../hooks/useAppState';
import { SHORTCUT_OF_TOOL } from '../shortcuts';
import { keyImageUnavailable } from '../../store/keyImageActions';

export interface ToolbarProps {
  onTool(tool: ToolMode): void;
  onDelete(): void;
  onUndo(): void;
  onRedo(): void;
  onSave(): void;
  onZoom(factor: number): void;
  onReset(): void;
  onInvert(): void;
  onPreset(center: number, width: number): void;
  onHelp(): void;
  onToggleReview(): void;
  /** Absent when the deployment cannot store to the image archive. */
  onExportSr?(): void;
  onKeyImage(): void;
}

const PRESETS: ReadonlyArray<{ name: string; center: number; width: number }> = [
  { name: 'Soft tissue', center: 40, width: 400 },
  { name: 'Lung', center: -600, width: 1500 },
  { name: 'Bone', center: 400, width: 1800 },
  { name: 'Brain', center: 40, width: 80 },
];

export function Toolbar(p: ToolbarProps) {
  const tool = useAppState((s) => s.session.tool);
  const review = useAppState((s) => s.session.accessMode === 'review');
  const canUndo = useAppState((s) => s.rois.undo.length > 0);
  const canRedo = useAppState((s) => s.rois.redo.length > 0);
  const selected = useAppState((s) => (s.rois.selectedId ? s.rois.records[s.rois.selectedId] : undefined));
  const pending = useAppState((s) => s.rois.order.filter((id) => s.rois.records[id]?.sync !== 'saved').length);
  const saving = useAppState((s) => s.session.mode.name === 'saving');
  const hasRois = useAppState((s) => s.rois.order.some((id) => s.rois.records[id]?.sync !== 'deleted'));
  const exporting = useAppState((s) => s.sr.export.status === 'exporting');
  const keyImageBlocked = useAppState((s) => keyImageUnavailable(s));
  const tip = (name: string, key: string) => `${name} (${key})`;
  return (
    <div className="toolbar" role="toolbar" aria-label="Tools">
      <div className="group">
        <button aria-pressed={tool === 'Select'} title={tip('Select / edit', SHORTCUT_OF_TOOL.Select)} onClick={() => p.onTool('Select')}>Select</button>
        {DRAW_TOOLS.map((t) => (
          <button key={t} aria-pressed={tool === t} disabled={review} title={tip(t, SHORTCUT_OF_TOOL[t])} onClick={() => p.onTool(t)}>{t}</button>
        ))}
      </div>
      <div className="group">
        <button disabled={review || !selected || selected.readOnly} title="Delete (Delete)" onClick={p.onDelete}>Delete</button>
        <button disabled={review || !canUndo} title="Undo (Ctrl+Z)" onClick={p.onUndo}>Undo</button>
        <button disabled={review || !canRedo} title="Redo (Ctrl+Shift+Z)" onClick={p.onRedo}>Redo</button>
        <button disabled={review || saving || pending === 0} title="Save (Ctrl+S)" onClick={p.onSave}>Save</button>
        <button
          disabled={keyImageBlocked !== undefined}
          title={keyImageBlocked ? `Save key image: unavailable. ${keyImageBlocked}` : 'Save key image: the image with its regions, stored in the study (K)'}
          aria-describedby={keyImageBlocked ? 'key-image-unavailable' : undefined}
          onClick={p.onKeyImage}
        >
          Save key image
        </button>
        {keyImageBlocked && <span id="key-image-unavailable" hidden>{keyImageBlocked}</span>}
        <span className="pending" aria-live="polite">{saving ? 'Saving…' : pending ? `${pending} unsaved` : 'All saved'}</span>
      </div>
      <div className="group">
        <button title="Zoom in (+)" aria-label="Zoom in" onClick={() => p.onZoom(1.25)}>＋</button>
        <button title="Zoom out (-)" aria-label="Zoom out" onClick={() => p.onZoom(0.8)}>－</button>
        <button title="Fit and reset (R)" onClick={p.onReset}>Reset</button>
        <button title="Invert (I)" onClick={p.onInvert}>Invert</button>
        <select aria-label="Window preset" value="" onChange={(e) => { const pr = PRESETS.find((x) => x.name === e.target.value); if (pr) p.onPreset(pr.center, pr.width); }}>
          <option value="">W/L preset…</option>
          {PRESETS.map((pr) => <option key={pr.name} value={pr.name}>{pr.name} ({pr.width}/{pr.center})</option>)}
        </select>
      </div>
      <div className="group">
        <button aria-pressed={review} title="Review mode locks all ROIs" onClick={p.onToggleReview}>Review mode</button>
        {p.onExportSr && (
          <button disabled={!hasRois || exporting} title="Store all regions and their measurements as a DICOM SR (TID 1500) in a new series of this study" onClick={p.onExportSr}>
            Export as DICOM SR
          </button>
        )}
        <button title="Keyboard shortcuts (?)" onClick={p.onHelp}>Help</button>
      </div>
    </div>
  );
}
