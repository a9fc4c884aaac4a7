import { useAppState } from '../hooks/useAppState';
import { gridOf } from '../../domain/layout/viewportLayout';
import { ViewportPane } from './ViewportPane';

type PaneHandlers = Omit<Parameters<typeof ViewportPane>[0], 'viewportId' | 'position'>;

/** The layout's viewports in a grid; a single viewport is the plain pane the viewer always had. */
export function ViewportGrid(handlers: PaneHandlers) {
  const layout = useAppState((s) => s.layout.layout);
  const ids = useAppState((s) => s.layout.viewports.map((v) => v.id).join(' '));
  const list = ids.split(' ');
  const { rows, columns } = gridOf(layout);
  if (list.length === 1) return <ViewportPane viewportId={list[0]!} {...handlers} />;
  return (
    <div className="viewport-grid" style={{ gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))`, gridTemplateRows: `repeat(${rows}, minmax(0, 1fr))` }}>
      {list.map((id, i) => (
        <ViewportPane key={id} viewportId={id} position={{ n: i + 1, of: list.length }} {...handlers} />
      ))}
    </div>
  );
}
