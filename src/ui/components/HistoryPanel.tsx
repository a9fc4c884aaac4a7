import type { HistoryView } from '../../store/slices/historySlice';

export interface HistoryPanelProps {
  readonly view: HistoryView;
  readonly label: string;
  readonly ghostVersionIds: readonly string[];
  readonly editable: boolean;
  onToggleGhost(versionId: string): void;
  onRestore(versionId: string): void;
  onClose(): void;
}

const time = (iso: string | undefined) => (iso ? new Date(iso).toLocaleString() : '—');

/**
 * The stored versions of one ROI, newest first: who changed what and when.
 * Not modal, so the outlines it shows on the image stay in view.
 */
export function HistoryPanel({ view, label, ghostVersionIds, editable, onToggleGhost, onRestore, onClose }: HistoryPanelProps) {
  if (view.name === 'closed') return null;
  return (
    <section className="history-panel" aria-label={`History of ${label}`}>
      <header>
        <h3>History: {label}</h3>
        <button onClick={onClose}>Close history</button>
      </header>
      {view.name === 'loading' && <p role="status">Loading versions…</p>}
      {view.name === 'error' && <p role="alert" className="error">{view.message}</p>}
      {view.name === 'ready' && (
        <>
          {view.notes.map((n) => <p key={n} role="note" className="note">{n}</p>)}
          <table>
            <thead>
              <tr><th scope="col">Version</th><th scope="col">Time</th><th scope="col">Author</th><th scope="col">Changed</th><th scope="col">Actions</th></tr>
            </thead>
            <tbody>
              {view.versions.map((v, i) => (
                <tr key={v.versionId} aria-label={`Version ${v.versionId}`}>
                  <td>{v.versionId}{i === 0 ? ' (current)' : ''}</td>
                  <td>{time(v.lastUpdated)}</td>
                  <td>{v.author ?? '—'}</td>
                  <td>{v.problem ?? (v.changes.length ? v.changes.join(', ') : 'nothing visible')}</td>
                  <td>
                    {i > 0 && v.roi && (
                      <button aria-pressed={ghostVersionIds.includes(v.versionId)} onClick={() => onToggleGhost(v.versionId)}>
                        Show outline
                      </button>
                    )}
                    {i > 0 && v.roi && editable && <button onClick={() => onRestore(v.versionId)}>Restore this version</button>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
