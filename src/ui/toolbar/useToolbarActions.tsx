import {
  Circle,
  CircleHelp,
  Contrast,
  Crosshair,
  Egg,
  FileOutput,
  ImagePlus,
  Keyboard,
  Lock,
  MousePointer2,
  Redo2,
  RotateCcw,
  Save,
  Spline,
  Trash2,
  Type,
  Undo2,
  Waypoints,
  ZoomIn,
  ZoomOut,
} from 'lucide-react';
import { DRAW_TOOLS, type DrawTool, type ToolMode } from '../../domain/roi/ToolMode';
import { useAppState } from '../hooks/useAppState';
import { unsavedCount } from '../../store/unsavedCount';
import { SHORTCUT_OF_TOOL } from '../shortcuts';
import { keyImageUnavailable } from '../../store/keyImageActions';
import type { ToolbarAction, ToolbarIcon } from './ToolbarAction';
import { LAYOUTS, type ViewportLayout } from '../../domain/layout/viewportLayout';

export interface ToolbarHandlers {
  onTool(tool: ToolMode): void;
  onDelete(): void;
  onUndo(): void;
  onRedo(): void;
  onSave(): void;
  onZoom(factor: number): void;
  onReset(): void;
  onInvert(): void;
  onPreset(center: number, width: number, name: string): void;
  onHelp(): void;
  onToggleReview(): void;
  onToggleRoiText(): void;
  onKeyboardDrawing(): void;
  onKeyImage(): void;
  /** Absent when the deployment cannot store to the image archive. */
  onExportSr?(): void;
  onLayout(layout: ViewportLayout): void;
}

// Short, so the toolbar keeps to one row in a 1280-px window.
const LAYOUT_NAME: Record<ViewportLayout, string> = { '1x1': '1×1', '1x2': '1×2', '2x2': '2×2' };

export const WINDOW_PRESETS: ReadonlyArray<{ name: string; center: number; width: number }> = [
  { name: 'Soft tissue', center: 40, width: 400 },
  { name: 'Lung', center: -600, width: 1500 },
  { name: 'Bone', center: 400, width: 1800 },
  { name: 'Brain', center: 40, width: 80 },
];

const TOOL_ICON: Record<DrawTool, ToolbarIcon> = { Point: Crosshair, Polyline: Waypoints, Interpolated: Spline, Circle, Ellipse: Egg };

/**
 * The toolbar's actions, in order, from the store's state. To add a button
 * (Save key image, Export as DICOM SR, a segment tool), add an entry here and
 * its handler to ToolbarHandlers.
 */
export function useToolbarActions(p: ToolbarHandlers): ToolbarAction[] {
  const tool = useAppState((s) => s.session.tool);
  const review = useAppState((s) => s.session.accessMode === 'review');
  const canUndo = useAppState((s) => s.rois.undo.length > 0);
  const canRedo = useAppState((s) => s.rois.redo.length > 0);
  const selected = useAppState((s) => (s.rois.selectedId ? s.rois.records[s.rois.selectedId] : undefined));
  const pending = useAppState((s) => unsavedCount(s.rois));
  const saving = useAppState((s) => s.session.mode.name === 'saving');
  const roiText = useAppState((s) => s.viewer.roiText);
  const invert = useAppState((s) => s.viewer.invert);
  const keyboard = useAppState((s) => !!s.session.keyboard);
  const keyImageBlocked = useAppState((s) => keyImageUnavailable(s));
  const hasRois = useAppState((s) => s.rois.order.some((id) => s.rois.records[id]?.sync !== 'deleted'));
  const exporting = useAppState((s) => s.sr.export.status === 'exporting');
  const layout = useAppState((s) => s.layout.layout);

  return [
    { kind: 'button', id: 'tool-select', group: 'tools', label: 'Select', icon: MousePointer2, description: 'Select / edit', shortcut: SHORTCUT_OF_TOOL.Select, pressed: tool === 'Select', run: () => p.onTool('Select') },
    ...DRAW_TOOLS.map((t): ToolbarAction => ({ kind: 'button', id: `tool-${t.toLowerCase()}`, group: 'tools', label: t, icon: TOOL_ICON[t], shortcut: SHORTCUT_OF_TOOL[t], pressed: tool === t, disabled: review, run: () => p.onTool(t) })),
    { kind: 'button', id: 'delete', group: 'edit', label: 'Delete', icon: Trash2, shortcut: 'Delete', disabled: review || !selected || !!selected.readOnly, run: p.onDelete },
    { kind: 'button', id: 'undo', group: 'edit', label: 'Undo', icon: Undo2, shortcut: 'Ctrl+Z', disabled: review || !canUndo, run: p.onUndo },
    { kind: 'button', id: 'redo', group: 'edit', label: 'Redo', icon: Redo2, shortcut: 'Ctrl+Shift+Z', disabled: review || !canRedo, run: p.onRedo },
    { kind: 'button', id: 'save', group: 'edit', label: 'Save', icon: Save, shortcut: 'Ctrl+S', disabled: review || saving || pending === 0, run: p.onSave },
    { kind: 'button', id: 'key-image', group: 'edit', label: 'Save key image', icon: ImagePlus, description: 'Save key image: the image with its regions, stored in the study', shortcut: 'Shift+K', unavailable: keyImageBlocked, run: p.onKeyImage },
    ...(p.onExportSr
      ? [{ kind: 'button', id: 'export-sr', group: 'edit', label: 'Export as DICOM SR', icon: FileOutput, description: 'Store all regions and their measurements as a DICOM SR (TID 1500) in a new series of this study', disabled: !hasRois || exporting, run: p.onExportSr } satisfies ToolbarAction]
      : []),
    { kind: 'custom', id: 'pending', group: 'edit', render: () => <span className="pending" aria-live="polite">{saving ? 'Saving…' : pending ? `${pending} unsaved` : 'All saved'}</span> },
    { kind: 'button', id: 'zoom-in', group: 'view', label: 'Zoom in', icon: ZoomIn, iconOnly: true, shortcut: '+', run: () => p.onZoom(1.25) },
    { kind: 'button', id: 'zoom-out', group: 'view', label: 'Zoom out', icon: ZoomOut, iconOnly: true, shortcut: '-', run: () => p.onZoom(0.8) },
    { kind: 'button', id: 'reset', group: 'view', label: 'Reset', icon: RotateCcw, description: 'Fit and reset', shortcut: 'R', run: p.onReset },
    { kind: 'button', id: 'invert', group: 'view', label: 'Invert', icon: Contrast, shortcut: 'I', pressed: invert, run: p.onInvert },
    {
      kind: 'custom',
      id: 'window-preset',
      group: 'view',
      render: () => (
        <select aria-label="Window preset" value="" onChange={(e) => { const pr = WINDOW_PRESETS.find((x) => x.name === e.target.value); if (pr) p.onPreset(pr.center, pr.width, pr.name); }}>
          <option value="">W/L preset…</option>
          {WINDOW_PRESETS.map((pr) => <option key={pr.name} value={pr.name}>{pr.name} ({pr.width}/{pr.center})</option>)}
        </select>
      ),
    },
    {
      kind: 'custom',
      id: 'layout',
      group: 'view',
      render: () => (
        <select className="layout-picker" aria-label="Layout" value={layout} onChange={(e) => p.onLayout(e.target.value as ViewportLayout)} title="Viewports: one, two side by side (1×2), or four in a grid (2×2)">
          {LAYOUTS.map((l) => <option key={l} value={l}>{LAYOUT_NAME[l]}</option>)}
        </select>
      ),
    },
    { kind: 'button', id: 'keyboard-drawing', group: 'mode', label: 'Keyboard drawing', icon: Keyboard, description: 'Draw with the keyboard: arrows move a crosshair, Enter places a point', shortcut: 'K', pressed: keyboard, disabled: review, run: p.onKeyboardDrawing },
    { kind: 'button', id: 'roi-text', group: 'mode', label: 'ROI text', icon: Type, description: 'Show or hide the text next to each ROI', shortcut: 'T', pressed: roiText, run: p.onToggleRoiText },
    { kind: 'button', id: 'review', group: 'mode', label: 'Review mode', icon: Lock, description: 'Review mode locks all ROIs', pressed: review, run: p.onToggleReview },
    { kind: 'button', id: 'help', group: 'mode', label: 'Help', icon: CircleHelp, description: 'Keyboard shortcuts', shortcut: '?', run: p.onHelp },
  ];
}
