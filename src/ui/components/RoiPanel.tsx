import { useMemo } from 'react';
import { useAppState } from '../hooks/useAppState';
import type { Finding, Roi } from '../../domain/roi/Roi';
import type { RoiRecord } from '../../store/slices/roiSlice';
import { roiLength, roiPerimeter } from '../../domain/measure/roiLength';
import { roiArea } from '../../domain/measure/roiArea';
import type { PixelSpacing } from '../../domain/geometry/imagePlane';

export interface RoiPanelProps {
  findings: readonly Finding[];
  onActivate(id: string): void;
  onRelabel(id: string, label: string, finding: Finding | undefined): void;
  onAuthorFilter(author: string | undefined): void;
}

const KIND_NAME: Record<Roi['kind'], string> = {
  point: 'Point',
  polyline: 'Polyline',
  interpolated: 'Interpolated',
  circle: 'Circle',
  ellipse: 'Ellipse',
  multipoint: 'Multipoint',
};

const STATUS_TEXT: Record<RoiRecord['sync'], string> = { saved: 'saved', unsaved: 'unsaved', deleted: 'deleted, not yet saved' };

function kindLabel(roi: Roi): string {
  if (roi.kind === 'polyline' || roi.kind === 'interpolated') return `${KIND_NAME[roi.kind]} (${roi.closed ? 'closed' : 'open'})`;
  return KIND_NAME[roi.kind];
}

const num = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(1));

export function RoiPanel({ findings, onActivate, onRelabel, onAuthorFilter }: RoiPanelProps) {
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
  const hint = useAppState((s) => s.rois.hint);

  const spacingOf = useMemo(() => {
    const m = new Map<string, PixelSpacing | undefined>();
    for (const i of images) m.set(i.instance.sopInstanceUid, i.instance.pixelSpacing);
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
      {loadStatus === 'loading' && <p role="status">Loading saved regions…</p>}
      {loadStatus === 'error' && <p role="alert" className="error">Saved regions could not be loaded: {loadError}</p>}
      {authors.length > 0 && (
        <label className="author-filter">Author
          <select value={authorFilter ?? ''} onChange={(e) => onAuthorFilter(e.target.value || undefined)}>
            <option value="">All authors</option>
            {authors.map((a) => <option key={a} value={a}>{a}</option>)}
          </select>
        </label>
      )}
      <ul className="roi-list">
        {visible.map((rec) => {
          const { roi } = rec;
          const spacing = spacingOf.get(roi.image.sopInstanceUid);
          const pos = positionOf.get(`${roi.image.sopInstanceUid}#${roi.image.frameNumber ?? ''}`);
          const length = roiLength(roi, spacing) ?? roiPerimeter(roi, spacing);
          const area = roiArea(roi, spacing);
          const st = stats[roi.id];
          const selected = roi.id === selectedId;
          const editable = !review && !rec.readOnly;
          return (
            <li key={roi.id} className={selected ? 'selected' : undefined} aria-current={selected || undefined} data-roi-id={roi.id}>
              <button className="roi-item" onClick={() => onActivate(roi.id)} aria-label={`${kindLabel(roi)} ${roi.label || 'unlabelled'}, ${STATUS_TEXT[rec.sync]}`}>
                <span className="roi-kind">{kindLabel(roi)}</span>
                <span className="roi-label">{roi.label || <em>unlabelled</em>}</span>
                <span className="roi-where">{pos !== undefined ? `image ${pos + 1}` : 'other series'}{roi.image.frameNumber ? `, frame ${roi.image.frameNumber}` : ''}</span>
                <span className={`roi-status ${rec.sync}`}>{STATUS_TEXT[rec.sync]}</span>
              </button>
              <div className="roi-meta">
                {length && <span>{roi.kind === 'polyline' && !roi.closed ? 'Length' : roi.kind === 'interpolated' && !roi.closed ? 'Length' : 'Perimeter'} {num(length.value)} {length.unit}</span>}
                {area && <span>Area {num(area.value)} {area.unit}</span>}
                {st && <span>Mean {num(st.mean)} SD {num(st.stdDev)} Min {num(st.min)} Max {num(st.max)} {st.unit}</span>}
                {rec.server?.author && <span>by {rec.server.author}</span>}
                {rec.server?.issued && <span>{new Date(rec.server.issued).toLocaleString()}</span>}
                {rec.error && <span className="error" role="alert">Not saved: {rec.error}</span>}
              </div>
              {selected && (
                <div className="roi-edit">
                  <label>Label
                    <input value={roi.label} readOnly={!editable} onChange={(e) => onRelabel(roi.id, e.target.value, roi.finding)} />
                  </label>
                  <label>Finding
                    <select
                      disabled={!editable}
                      value={roi.finding ? `${roi.finding.system}|${roi.finding.code}` : ''}
                      onChange={(e) => onRelabel(roi.id, roi.label, findings.find((f) => `${f.system}|${f.code}` === e.target.value))}
                    >
                      <option value="">No coded finding</option>
                      {roi.finding && !findings.some((f) => f.system === roi.finding!.system && f.code === roi.finding!.code) && (
                        <option value={`${roi.finding.system}|${roi.finding.code}`}>{roi.finding.display ?? roi.finding.code}</option>
                      )}
                      {findings.map((f) => <option key={`${f.system}|${f.code}`} value={`${f.system}|${f.code}`}>{f.display ?? f.code}</option>)}
                    </select>
                  </label>
                </div>
              )}
            </li>
          );
        })}
      </ul>
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
