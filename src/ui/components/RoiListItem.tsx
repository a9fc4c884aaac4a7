import { memo } from 'react';
import type { Finding, Roi } from '../../domain/roi/Roi';
import type { RoiRecord } from '../../store/slices/roiSlice';
import type { PixelSpacing } from '../../domain/geometry/imagePlane';
import type { RoiModalityStats } from '../../domain/measure/roiStats';
import type { ModalityReadout } from '../../domain/measure/modalityValue';
import { formatFigure as num, roiReadout } from '../../domain/measure/roiReadout';
import { roiFigures } from '../../domain/observation/roiFigures';
import { differsBeyondRounding, type StoredMeasurements } from '../../domain/observation/measurementObservations';
import type { FigureKind } from '../../domain/observation/Figure';

const FIGURE_NAME: Record<FigureKind, string> = { length: 'Length', perimeter: 'Perimeter', area: 'Area', mean: 'Mean', stdDev: 'SD', min: 'Min', max: 'Max' };

/** The figures the server holds, each flagged when the recomputed one differs by more than rounding. */
function StoredFigures({ roi, spacing, stats, stored }: { roi: Roi; spacing?: PixelSpacing; stats?: Parameters<typeof roiFigures>[2]; stored: StoredMeasurements }) {
  const now = new Map(roiFigures(roi, spacing, stats, undefined).figures.map((f) => [f.kind, f.value]));
  if (stored.figures.length === 0 && !stored.note) return null;
  return (
    <span className="stored-figures" aria-label="Stored measurements">
      Stored:{' '}
      {stored.figures.map((f) => {
        const recomputed = now.get(f.kind);
        const differs = recomputed !== undefined && differsBeyondRounding(f.value, recomputed);
        return (
          <span key={f.kind} className={differs ? 'differs' : undefined} title={differs ? `Recomputed: ${num(recomputed)}` : undefined}>
            {FIGURE_NAME[f.kind]} {num(f.value)} {f.unit.unit}{differs ? ' (differs from the recomputed value)' : ''}{' '}
          </span>
        );
      })}
      {stored.note && <em>{stored.note}</em>}
    </span>
  );
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

export interface RoiListItemProps {
  rec: RoiRecord;
  spacing?: PixelSpacing;
  position?: number;
  stats?: RoiModalityStats;
  /** The modality value under a Point ROI. */
  pointValue?: ModalityReadout;
  stored?: StoredMeasurements;
  selected: boolean;
  editable: boolean;
  findings: readonly Finding[];
  onActivate(id: string): void;
  onRelabel(id: string, label: string, finding: Finding | undefined): void;
}

/**
 * One ROI in the panel. Memoised: records are immutable, so with 1,000 ROIs
 * a change to one re-renders one item, not the list.
 */
export const RoiListItem = memo(function RoiListItem({ rec, spacing, position, stats: st, pointValue, stored, selected, editable, findings, onActivate, onRelabel }: RoiListItemProps) {
  const { roi } = rec;
  // The same parts the on-image text is built from (roiTextLines), so the two cannot disagree.
  const figures = roiReadout({ roi, spacing, stats: st, pointValue });
  return (
    <li className={selected ? 'selected' : undefined} aria-current={selected || undefined} data-roi-id={roi.id}>
      {/* The name is the visible text (axe: label-content-name-mismatch); the spaces separate its parts for screen readers. */}
      <button className="roi-item" onClick={() => onActivate(roi.id)}>
        <span className="roi-kind">{kindLabel(roi)}</span>{' '}
        <span className="roi-label">{roi.label || <em>unlabelled</em>}</span>{' '}
        <span className="roi-where">{position !== undefined ? `image ${position + 1}` : 'other series'}{roi.image.frameNumber ? `, frame ${roi.image.frameNumber}` : ''}</span>{' '}
        <span className={`roi-status ${rec.sync}`}>{STATUS_TEXT[rec.sync]}</span>
      </button>
      <div className="roi-meta">
        {figures.position && <span data-testid="roi-position">{figures.position}{figures.value ? ` ${figures.value}` : ''}</span>}
        {figures.length && <span data-testid="roi-length">{figures.length}</span>}
        {figures.area && <span data-testid="roi-area">{figures.area}</span>}
        {figures.stats && <span data-testid="roi-stats">{figures.stats}</span>}
        {figures.noStats && <span data-testid="roi-stats">{figures.noStats}</span>}
        {stored && <StoredFigures roi={roi} spacing={spacing} stats={st?.kind === 'values' ? st : undefined} stored={stored} />}
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
              aria-label="Finding"
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
});
