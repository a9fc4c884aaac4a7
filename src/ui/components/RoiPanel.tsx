import { useMemo, type ReactNode } from 'react';
import { useAppState } from '../hooks/useAppState';
import type { Finding } from '../../domain/roi/Roi';
import { RoiListItem } from './RoiListItem';
import type { PixelSpacing } from '../../domain/geometry/imagePlane';
import { measurementSpacing } from '../../domain/measure/Measurement';

export interface RoiPanelProps {
  findings: readonly Finding[];
  onActivate(id: string): void;
  onRelabel(id: string, label: string, finding: Finding | undefined): void;
  onAuthorFilter(author: string | undefined): void;
  /** Opens the History view of a saved ROI. */
  onHistory(id: string): void;
  /** The History view, shown below the list. */
  history?: ReactNode;
  /** The open segmentation and referenced-segment selections, shown above the list. */
  segments?: ReactNode;
}





export function RoiPanel({ findings, onActivate, onRelabel, onAuthorFilter, onHistory, history, segments }: RoiPanelProps) {
  const records = useAppState((s) => s.rois.records);
  const order = useAppState((s) => s.rois.order);
  const selectedId = useAppState((s) => s.rois.selectedId);
  const unshown = useAppState((s) => s.rois.unshown);
  const loadStatus = useAppState((s) => s.rois.loadStatus);
  const loadError = useAppState((s) => s.rois.loadError);
  const authorFilter = useAppState((s) => s.rois.authorFilter);
  const review = useAppState((s) => s.session.accessMode === 'review');
  const images = useAppState((s) => s.viewer.images);
  const stats = useAppState((s) => s.viewer.stats);
  const pointValues = useAppState((s) => s.viewer.pointValues);
  const storedFigures = useAppState((s) => s.viewer.storedFigures);
  const hint = useAppState((s) => s.rois.hint);

  const spacingOf = useMemo(() => {
    const m = new Map<string, PixelSpacing | undefined>();
    for (const i of images) {
      const src = measurementSpacing(i.instance);
      m.set(i.instance.sopInstanceUid, src.kind === 'none' ? undefined : src.spacing);
    }
    return m;
  }, [images]);
  const positionOf = useMemo(() => {
    const m = new Map<string, number>();
    images.forEach((i, idx) => m.set(`${i.instance.sopInstanceUid}#${i.isMultiframe ? i.frameNumber : ''}`, idx));
    return m;
  }, [images]);

  const authors = [...new Set(order.map((id) => records[id]?.server?.author).filter((a): a is string => !!a))];
  const visible = order.map((id) => records[id]!).filter((r) => r && r.sync !== 'deleted' && (!authorFilter || r.server?.author === authorFilter));

  return (
    <aside className="roi-panel" aria-label="Regions of interest">
      <h2>Regions of interest <span className="count">({visible.length})</span></h2>
      {hint && <p className="hint" role="status">{hint}</p>}
      {segments}
      {loadStatus === 'loading' && <p role="status">Loading saved regions…</p>}
      {loadStatus === 'error' && <p role="alert" className="error">Saved regions could not be loaded: {loadError}</p>}
      {authors.length > 0 && (
        <label className="author-filter">Author
          <select aria-label="Author" value={authorFilter ?? ''} onChange={(e) => onAuthorFilter(e.target.value || undefined)}>
            <option value="">All authors</option>
            {authors.map((a) => <option key={a} value={a}>{a}</option>)}
          </select>
        </label>
      )}
      <ul className="roi-list">
        {visible.map((rec) => (
          <RoiListItem
            key={rec.roi.id}
            rec={rec}
            spacing={spacingOf.get(rec.roi.image.sopInstanceUid)}
            position={positionOf.get(`${rec.roi.image.sopInstanceUid}#${rec.roi.image.frameNumber ?? ''}`)}
            stats={stats[rec.roi.id]}
            pointValue={pointValues[rec.roi.id]}
            stored={storedFigures[rec.roi.id]}
            selected={rec.roi.id === selectedId}
            editable={!review && !rec.readOnly}
            findings={findings}
            onActivate={onActivate}
            onRelabel={onRelabel}
          />
        ))}
      </ul>
      {selectedId && records[selectedId]?.server && (
        <button className="history-button" onClick={() => onHistory(selectedId)}>History of the selected region</button>
      )}
      {history}
      {visible.length === 0 && loadStatus !== 'loading' && <p className="empty">No regions yet. Pick a drawing tool and draw on the image.</p>}
      {unshown.length > 0 && (
        <section aria-label="Selections not shown" className="unshown">
          <h3>Not shown ({unshown.length})</h3>
          <ul>{unshown.map((u, i) => <li key={i} role="note">{u.resourceId ? `ImagingSelection/${u.resourceId}: ` : ''}{u.reason}</li>)}</ul>
        </section>
      )}
    </aside>
  );
}
