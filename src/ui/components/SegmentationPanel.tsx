import { useAppState } from '../hooks/useAppState';

export interface SegmentationPanelProps {
  onSelect(segmentNumber: number | undefined): void;
  onVisible(segmentNumber: number, visible: boolean): void;
  onOpacity(opacity: number): void;
  /** Writes a referenced-segment selection for the selected segment; absent when saving is not possible (review mode). */
  onSaveSelection?(segmentNumber: number): void;
  /** Opens the SEG a referenced-segment selection names, with its segment highlighted. */
  onOpenReference(id: string): void;
}

const fmt = (v: number | undefined, digits: number) => (v === undefined ? '–' : v.toLocaleString('en-US', { maximumFractionDigits: digits }));

/** The open DICOM SEG: its segments with colour, visibility and statistics, the overlay opacity, and what went wrong. */
export function SegmentationPanel({ onSelect, onVisible, onOpacity, onSaveSelection, onOpenReference }: SegmentationPanelProps) {
  const seg = useAppState((s) => s.segmentation);
  const unit = useAppState((s) => (s.viewer.images[0]?.instance.modality === 'CT' ? 'HU' : ''));
  const studyUid = useAppState((s) => s.viewer.studyUid);
  const references = seg.referencesStudyUid === studyUid ? seg.references : [];
  const selected = seg.segments.find((s) => s.info.number === seg.selected);
  const referenceList = references.length > 0 && (
    <section className="segment-references" aria-label="Segment selections">
      <h3>Segment selections ({references.length})</h3>
      <ul>
        {references.map((r) => {
          const name = `${r.ref.label ?? 'Segment'} (segment ${r.ref.segmentNumber})`;
          const open = seg.segSopInstanceUid === r.ref.segSopInstanceUid && seg.selected === r.ref.segmentNumber;
          return (
            <li key={r.ref.id} aria-current={open ? 'true' : undefined}>
              <button onClick={() => onOpenReference(r.ref.id)}>{name}</button>
              {r.author && <span className="seg-note"> by {r.author}</span>}
              {r.problem && <span className="seg-note" role="note"> {r.problem}</span>}
            </li>
          );
        })}
      </ul>
    </section>
  );
  const status = seg.saveStatus && <p className={`seg-status ${seg.saveStatus.kind}`} role={seg.saveStatus.kind === 'error' ? 'alert' : 'status'}>{seg.saveStatus.message}</p>;
  if (seg.status === 'idle') return referenceList || status ? <>{referenceList}{status}</> : null;
  return (
    <>
    {referenceList}
    {status}
    <section className="segmentation" aria-label="Segmentation">
      <h3>Segmentation{seg.segSeriesNumber !== undefined ? ` (series ${seg.segSeriesNumber})` : ''}</h3>
      {seg.status === 'loading' && <p role="status">Loading segmentation…</p>}
      {seg.messages.length > 0 && (
        <ul className="seg-messages" role={seg.status === 'error' ? 'alert' : 'status'}>
          {seg.messages.map((m, i) => <li key={i}>{m}</li>)}
        </ul>
      )}
      {seg.segments.length > 0 && (
        <>
          <ul className="segment-list" aria-label="Segments">
            {seg.segments.map((s) => {
              const [r, g, b] = s.info.rgb;
              const isSel = s.info.number === seg.selected;
              return (
                <li key={s.info.number} className={isSel ? 'selected' : undefined} aria-current={isSel ? 'true' : undefined} data-segment={s.info.number}>
                  <input type="checkbox" aria-label={`Show ${s.info.label}`} checked={s.visible} onChange={(e) => onVisible(s.info.number, e.target.checked)} />
                  <span className="swatch" aria-hidden style={{ background: `rgb(${r},${g},${b})` }} data-rgb={`${r},${g},${b}`} />
                  <button aria-pressed={isSel} onClick={() => onSelect(isSel ? undefined : s.info.number)}>
                    {s.info.number}. {s.info.label}
                  </button>
                  {!s.present && <span className="seg-note">(not on these images)</span>}
                </li>
              );
            })}
          </ul>
          <label className="seg-opacity">
            Opacity
            <input type="range" min={0} max={100} step={5} value={Math.round(seg.opacity * 100)} onChange={(e) => onOpacity(Number(e.target.value) / 100)} aria-label="Segmentation opacity" />
          </label>
          {selected && (
            <div className="seg-selected" aria-label="Selected segment">
              <p>
                {selected.info.label}: volume {fmt(selected.stats?.volumeMm3, 0)} mm³ · mean {fmt(selected.stats?.mean, 1)} {unit}
                {!selected.stats && ' (computing…)'}
              </p>
              {onSaveSelection && (
                <button onClick={() => onSaveSelection(selected.info.number)} disabled={!selected.stats}>
                  Save segment selection
                </button>
              )}
            </div>
          )}
        </>
      )}
    </section>
    </>
  );
}
