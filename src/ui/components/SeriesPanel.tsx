import { useAppState } from '../hooks/useAppState';

interface Props {
  onSelect(seriesUid: string): void;
}

export function SeriesPanel({ onSelect }: Props) {
  const series = useAppState((s) => s.viewer.series);
  const current = useAppState((s) => s.viewer.seriesUid);
  const thumbs = useAppState((s) => s.viewer.thumbnails);
  return (
    <nav className="series" aria-label="Series">
      <ul>
        {series.map((s) => (
          <li key={s.seriesUid}>
            <button aria-pressed={s.seriesUid === current} onClick={() => onSelect(s.seriesUid)} title={s.isImage ? undefined : s.modality === 'SEG' ? 'Segmentation: opens over its images' : 'Not an image series'}>
              {thumbs[s.seriesUid] ? <img src={thumbs[s.seriesUid]} alt="" width={64} height={64} /> : <span className="thumb-placeholder" aria-hidden>{s.modality}</span>}
              <span className="series-text">
                <strong>{s.description || `Series ${s.seriesNumber ?? ''}`}</strong>
                <span>{s.modality} · {s.numberOfInstances ?? '?'} {s.numberOfInstances === 1 ? 'instance' : 'instances'}{s.isImage ? '' : s.modality === 'SEG' ? ' · segmentation' : ' · not an image'}</span>
              </span>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
