import { useAppState } from '../hooks/useAppState';

interface Props {
  onShow(roiId: string): void;
  onAdopt(): void;
  onClose(): void;
}

/** The open structured report: its regions (read-only, "from SR"), what cannot be shown and why, and Adopt. */
export function SrPanel({ onShow, onAdopt, onClose }: Props) {
  const open = useAppState((s) => s.sr.open);
  const adopted = useAppState((s) => (s.sr.open?.shown ?? []).filter((x) => s.rois.records[x.roi.id]).length);
  const review = useAppState((s) => s.session.accessMode === 'review');
  if (!open) return null;
  const { report } = open;
  return (
    <section className="sr-panel" aria-label="Structured report">
      <h2>Report by {report.author ?? 'unknown author'} · {report.time ?? 'no date'}</h2>
      {open.status === 'loading' && <p role="status">Reading the report…</p>}
      {open.status === 'error' && <p role="alert">The report could not be read: {open.error}</p>}
      {open.issues.map((i, k) => <p key={k} className="sr-issue" role="note">{i.message}</p>)}
      {open.status === 'ready' && (
        <>
          <ul aria-label="Regions from SR">
            {open.shown.map((x) => (
              <li key={x.roi.id}>
                <button onClick={() => onShow(x.roi.id)}>{x.roi.label} · {x.roi.kind}</button> <span className="badge">from SR</span>
                {x.group.measurements.length > 0 && <span className="sr-figures"> {x.group.measurements.map((m) => `${m.concept.meaning} ${m.value} ${m.unit.value}`).join(', ')}</span>}
              </li>
            ))}
          </ul>
          {open.unshown.length > 0 && (
            <>
              <h3>Not shown</h3>
              <ul aria-label="Not shown from SR">
                {open.unshown.map((u, k) => <li key={k}>{u.label}: {u.reason}</li>)}
              </ul>
            </>
          )}
        </>
      )}
      <div className="sr-actions">
        <button disabled={review || open.status !== 'ready' || open.shown.length === adopted} onClick={onAdopt} title="Make these regions your own, saved as ImagingSelections that point back at the report">Adopt</button>
        <button onClick={onClose}>Close report</button>
      </div>
    </section>
  );
}
