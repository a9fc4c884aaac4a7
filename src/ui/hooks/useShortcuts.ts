import { useEffect } from 'react';
import type { ToolMode } from '../../domain/roi/ToolMode';
import { SHORTCUT_OF_TOOL } from '../shortcuts';

export interface ShortcutHandlers {
  onTool(t: ToolMode): void;
  /** Escape: cancel a half-drawn shape and go back to Select. */
  onEscape(): void;
  onStep(delta: number): void;
  onFirstLast(which: 'first' | 'last'): void;
  onDelete(): void;
  onUndo(): void;
  onRedo(): void;
  onSave(): void;
  onZoom(f: number): void;
  onReset(): void;
  onInvert(): void;
  onHelp(): void;
  /** Shift+K: save a key image. */
  onKeyImage(): void;
  onToggleRoiText(): void;
  /** Enter: finish the polyline or curve being drawn; false when none is. */
  onFinishShape(): boolean;
  /** C: close the polyline or curve being drawn; false when none is (C then picks the Circle tool). */
  onCloseShape(): boolean;
  /** K: keyboard drawing on or off. */
  onKeyboardDrawing(): void;
  /** Arrows in keyboard drawing: move the crosshair (pixels); false when keyboard drawing is off. */
  onCrosshair(dx: number, dy: number): boolean;
  /** Enter in keyboard drawing: place a vertex; false when keyboard drawing is off. */
  onPlaceVertex(): boolean;
  /** F: finish the keyboard polyline or curve as an open path. */
  onFinishOpen(): boolean;
  /** V / Shift+V: make the next / previous viewport of the layout the active one. */
  onNextViewport(delta: 1 | -1): void;
}

const TOOL_OF_KEY = Object.fromEntries(Object.entries(SHORTCUT_OF_TOOL).map(([t, k]) => [k.toLowerCase(), t as ToolMode]));

function typingIn(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  const tag = el.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || el.isContentEditable;
}

export function useShortcuts(h: ShortcutHandlers, enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      const k = e.key.toLowerCase();
      if (mod && k === 's') { e.preventDefault(); h.onSave(); return; }
      if (typingIn(e.target)) return;
      if (mod && k === 'z') { e.preventDefault(); if (e.shiftKey) h.onRedo(); else h.onUndo(); return; }
      if (mod && k === 'y') { e.preventDefault(); h.onRedo(); return; }
      if (mod || e.altKey) return;
      const arrow = ({ ArrowUp: [0, -1], ArrowDown: [0, 1], ArrowLeft: [-1, 0], ArrowRight: [1, 0] } as Record<string, [number, number]>)[e.key];
      if (arrow && h.onCrosshair(arrow[0] * (e.shiftKey ? 10 : 1), arrow[1] * (e.shiftKey ? 10 : 1))) {
        e.preventDefault();
        return;
      }
      switch (e.key) {
        case 'ArrowUp': case 'ArrowLeft': case 'PageUp': e.preventDefault(); h.onStep(-1); return;
        case 'ArrowDown': case 'ArrowRight': case 'PageDown': e.preventDefault(); h.onStep(1); return;
        case 'Home': h.onFirstLast('first'); return;
        case 'End': h.onFirstLast('last'); return;
        case 'Delete': case 'Backspace': e.preventDefault(); h.onDelete(); return;
        case 'Escape': h.onEscape(); return;
        case 'Enter':
          // A focused button takes Enter as its own press.
          if ((e.target as HTMLElement | null)?.tagName !== 'BUTTON' && (h.onPlaceVertex() || h.onFinishShape())) e.preventDefault();
          return;
        case '+': case '=': h.onZoom(1.25); return;
        case '-': h.onZoom(0.8); return;
        case '?': h.onHelp(); return;
      }
      if (k === 'c' && h.onCloseShape()) return;
      if (k === 'f' && h.onFinishOpen()) return;
      if (k === 'k' && e.shiftKey) { h.onKeyImage(); return; }
      if (k === 'k') { h.onKeyboardDrawing(); return; }
      if (k === 'v') { h.onNextViewport(e.shiftKey ? -1 : 1); return; }
      if (k === 'r') h.onReset();
      else if (k === 'i') h.onInvert();
      else if (k === 't') h.onToggleRoiText();
      else if (TOOL_OF_KEY[k]) h.onTool(TOOL_OF_KEY[k]);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [h, enabled]);
}
