import { useState } from 'react';
import { useModalDialog } from '../hooks/useModalDialog';
import { SHORTCUTS } from '../shortcuts';

export interface ServerDiagnostics {
  readonly baseUrl: string;
  readonly status: string;
  /** One line per decision taken from the CapabilityStatement. */
  readonly lines: readonly string[];
  readonly issues: readonly string[];
}

type Tab = 'shortcuts' | 'server';

/** Help: keyboard shortcuts, and what the FHIR server was found to support (diagnostics). */
export function HelpDialog({ open, onClose, server }: { open: boolean; onClose(): void; server: ServerDiagnostics }) {
  const ref = useModalDialog(open);
  const [tab, setTab] = useState<Tab>('shortcuts');
  return (
    <dialog ref={ref} aria-label={tab === 'shortcuts' ? 'Keyboard shortcuts' : 'Server'} onClose={onClose} className="help">
      <div role="tablist" aria-label="Help sections">
        <button role="tab" aria-selected={tab === 'shortcuts'} onClick={() => setTab('shortcuts')}>Shortcuts</button>
        <button role="tab" aria-selected={tab === 'server'} onClick={() => setTab('server')}>Server</button>
      </div>
      {tab === 'shortcuts' ? (
        <section role="tabpanel" aria-label="Keyboard shortcuts">
          <h2>Keyboard shortcuts</h2>
          <table>
            <tbody>
              {SHORTCUTS.map((s) => (
                <tr key={s.action}><th scope="row"><kbd>{s.keys}</kbd></th><td>{s.action}</td></tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : (
        <section role="tabpanel" aria-label="Server">
          <h2>FHIR server</h2>
          <p className="server-url">{server.baseUrl} ({server.status})</p>
          <ul aria-label="Capabilities">
            {server.lines.map((l) => <li key={l}>{l}</li>)}
          </ul>
          {server.issues.length > 0 && (
            <>
              <h3>Problems</h3>
              <ul aria-label="Server problems">
                {server.issues.map((l) => <li key={l}>{l}</li>)}
              </ul>
            </>
          )}
        </section>
      )}
      <button onClick={onClose}>Close</button>
    </dialog>
  );
}
