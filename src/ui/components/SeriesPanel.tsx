import { useAppState } from '../hooks/useAppState';
import { SERIES_DRAG_TYPE } from '../viewer/seriesDrag';

interface Props {
  onSelect(seriesUid: string): void;
  /** An SR series with a readable report: open it over the images. */
  onOpenReport(seriesUid: string): void;
  /** Shows another study of the patient beside the current one (for reading). */
  onComparePrior(studyUid: string): void;
}

export function SeriesPanel({ onSelect, onOpenReport, onComparePrior }: Props) {
  const series = useAppState((s) => s.viewer.series);
  const current = useAppState((s) => s.viewer.seriesUid);
  const thumbs = useAppState((s) => s.viewer.thumbnails);
  const reports = useAppState((s) => s.sr.reports);
  const openReport = useAppState((s) => s.sr.open?.report.seriesUid);
  const priors = useAppState((s) => s.layout.priors);
  return (
    <nav className="series" aria-label="Series">
      <ul>
        {series.map((s) => {
          const report = reports.find((r) => r.seriesUid === s.seriesUid);
          if (report) {
            return (
              <li key={s.seriesUid}>
                <button aria-pressed={openReport === s.seriesUid} onClick={() => onOpenReport(s.seriesUid)} title="Show this report's regions on the images">
                  <span className="thumb-placeholder" aria-hidden>SR</span>
                  <span className="series-text">
                    <strong>{s.description || `Series ${s.seriesNumber ?? ''}`}</strong>
                    <span>SR · {report.author ?? 'unknown author'} · {report.time ?? 'no date'}</span>
                  </span>
                </button>
              </li>
            );
          }
          return (
            <li key={s.seriesUid}>
              <button
                aria-pressed={s.seriesUid === current}
                onClick={() => onSelect(s.seriesUid)}
                draggable={s.isImage}
                onDragStart={(e) => {
                  e.dataTransfer.setData(SERIES_DRAG_TYPE, s.seriesUid);
                  e.dataTransfer.effectAllowed = 'copy';
                }} title={s.isImage ? undefined : s.modality === 'SEG' ? 'Segmentation: opens over its images' : 'Not an image series'}>
                {thumbs[s.seriesUid] ? <img src={thumbs[s.seriesUid]} alt="" width={64} height={64} /> : <span className="thumb-placeholder" aria-hidden>{s.modality}</span>}
                <span className="series-text">
                  <strong>{s.description || `Series ${s.seriesNumber ?? ''}`}</strong>
                  <span>{s.modality} · {s.numberOfInstances ?? '?'} {s.numberOfInstances === 1 ? 'instance' : 'instances'}{s.isImage ? '' : s.modality === 'SEG' ? ' · segmentation' : ' · not an image'}</span>
                </span>
              </button>
            </li>
          );
        })}
      </ul>
      {(priors.status === 'error' || priors.studies.length > 0) && (
        <section className="priors" aria-label="Prior studies">
          <h2>Compare with a prior</h2>
          {priors.status === 'error' && <p role="alert">Prior studies could not be listed: {priors.error}</p>}
          <ul>
            {priors.studies.map((p) => (
              <li key={p.studyUid}>
                <button onClick={() => onComparePrior(p.studyUid)} title="Show this study beside the open one, for reading">
                  <span className="series-text">
                    <strong>{p.studyDate ?? 'No date'}</strong>
                    <span>{p.description ?? ''}{p.modalities.length ? ` · ${p.modalities.join('/')}` : ''}</span>
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </nav>
  );
}
