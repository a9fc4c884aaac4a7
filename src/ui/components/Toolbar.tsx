import { useEffect, useRef, useState } from 'react';
import { Ellipsis } from 'lucide-react';
import { TOOLBAR_GROUPS, type ToolbarAction } from '../toolbar/ToolbarAction';
import { useToolbarActions, type ToolbarHandlers } from '../toolbar/useToolbarActions';

export type ToolbarProps = ToolbarHandlers;

/** Below this toolbar width (an embedded 480×360 frame) the tools show as icons and the rest moves to a menu. */
const COMPACT_BELOW_PX = 720;
/**
 * Below this width (a 1280-px window with both side panels) the labelled
 * toolbar wraps onto three rows and takes ~80 px from the image: every action
 * but the drawing tools shows as its icon, named as before, with the label and
 * shortcut in its tooltip, so the toolbar stays on one or two rows.
 */
const ICONS_BELOW_PX = 1600;

function ActionButton({ a, iconOnly, after }: { a: Extract<ToolbarAction, { kind: 'button' }>; iconOnly?: boolean; after?: () => void }) {
  const Icon = a.icon;
  const tip = a.unavailable ? `${a.label}: unavailable. ${a.unavailable}` : `${a.description ?? a.label}${a.shortcut ? ` (${a.shortcut})` : ''}`;
  const reasonId = a.unavailable ? `${a.id}-unavailable` : undefined;
  const onlyIcon = (a.iconOnly || iconOnly) && !!Icon;
  return (
    <>
    <button
      type="button"
      data-action={a.id}
      className={onlyIcon ? 'icon-only' : undefined}
      aria-describedby={reasonId}
      aria-pressed={a.pressed}
      aria-label={onlyIcon ? a.label : undefined}
      disabled={a.disabled || !!a.unavailable}
      title={tip}
      onClick={() => {
        a.run();
        after?.();
      }}
    >
      {Icon && <Icon size={16} aria-hidden />}
      {!onlyIcon && <span>{a.label}</span>}
    </button>
    {reasonId && <span id={reasonId} hidden>{a.unavailable}</span>}
    </>
  );
}

function Item({ a, iconOnly, after }: { a: ToolbarAction; iconOnly?: boolean; after?: () => void }) {
  return a.kind === 'button' ? <ActionButton a={a} iconOnly={iconOnly} after={after} /> : <span className="toolbar-item">{a.render()}</span>;
}

/** Whether the element is narrower than `px`, following its size. */
function useNarrow(ref: React.RefObject<HTMLElement | null>, px: number): boolean {
  const [narrow, setNarrow] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setNarrow(el.getBoundingClientRect().width < px));
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref, px]);
  return narrow;
}

/**
 * Draws the actions of useToolbarActions, group by group. In a narrow frame
 * the drawing tools stay (as icons, named as before) and every other action
 * is one click away in the "More actions" panel, so the image keeps the frame.
 */
export function Toolbar(p: ToolbarProps) {
  const actions = useToolbarActions(p);
  const ref = useRef<HTMLDivElement>(null);
  const compact = useNarrow(ref, COMPACT_BELOW_PX);
  const iconic = useNarrow(ref, ICONS_BELOW_PX);
  const [open, setOpen] = useState(false);
  const moreRef = useRef<HTMLButtonElement>(null);
  const close = () => {
    setOpen(false);
    moreRef.current?.focus();
  };

  const rest = actions.filter((a) => a.group !== 'tools');
  // One root element in both layouts: the size observer keeps watching it.
  return (
    <div ref={ref} className={compact ? 'toolbar compact' : 'toolbar'} role="toolbar" aria-label="Tools">
      {!compact &&
        TOOLBAR_GROUPS.map((g) => {
          const inGroup = actions.filter((a) => a.group === g);
          if (!inGroup.length) return null;
          return <div key={g} className="group">{inGroup.map((a) => <Item key={a.id} a={a} iconOnly={iconic && g !== 'tools'} />)}</div>;
        })}
      {compact && (
        <>
          <div className="group">{actions.filter((a) => a.group === 'tools').map((a) => <Item key={a.id} a={a} iconOnly />)}</div>
          <div className="group">
            <button ref={moreRef} type="button" aria-expanded={open} aria-controls="toolbar-more" aria-label="More actions" title="More actions" onClick={() => setOpen(!open)}>
              <Ellipsis size={16} aria-hidden />
            </button>
          </div>
          {open && (
            <div id="toolbar-more" className="toolbar-more" role="group" aria-label="More actions" onKeyDown={(e) => { if (e.key === 'Escape') { e.stopPropagation(); close(); } }}>
              {rest.map((a) => <Item key={a.id} a={a} after={a.kind === 'button' && a.pressed === undefined ? close : undefined} />)}
            </div>
          )}
        </>
      )}
    </div>
  );
}
