import { TOOLBAR_GROUPS, type ToolbarAction } from '../toolbar/ToolbarAction';
import { useToolbarActions, type ToolbarHandlers } from '../toolbar/useToolbarActions';

export type ToolbarProps = ToolbarHandlers;

function ActionButton({ a }: { a: Extract<ToolbarAction, { kind: 'button' }> }) {
  const Icon = a.icon;
  const tip = `${a.description ?? a.label}${a.shortcut ? ` (${a.shortcut})` : ''}`;
  return (
    <button
      type="button"
      data-action={a.id}
      aria-pressed={a.pressed}
      aria-label={a.iconOnly ? a.label : undefined}
      disabled={a.disabled}
      title={tip}
      onClick={a.run}
    >
      {Icon && <Icon size={16} aria-hidden />}
      {!a.iconOnly && <span>{a.label}</span>}
    </button>
  );
}

/** Draws the actions of useToolbarActions, group by group. */
export function Toolbar(p: ToolbarProps) {
  const actions = useToolbarActions(p);
  return (
    <div className="toolbar" role="toolbar" aria-label="Tools">
      {TOOLBAR_GROUPS.map((g) => {
        const inGroup = actions.filter((a) => a.group === g);
        if (!inGroup.length) return null;
        return (
          <div key={g} className="group">
            {inGroup.map((a) => (a.kind === 'button' ? <ActionButton key={a.id} a={a} /> : <span key={a.id} className="toolbar-item">{a.render()}</span>))}
          </div>
        );
      })}
    </div>
  );
}
