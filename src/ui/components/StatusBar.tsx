import { useAppState } from '../hooks/useAppState';
import { unsavedCount } from '../../store/unsavedCount';
import { dismissError } from '../../store/sessionActions';

/** Save results and the editor's error state, announced to assistive tech. */
export function StatusBar() {
  const mode = useAppState((s) => s.session.mode);
  const last = useAppState((s) => s.session.lastSaveMessage);
  const review = useAppState((s) => s.session.accessMode === 'review');
  const offline = useAppState((s) => s.session.network === 'offline');
  const nextRetryAt = useAppState((s) => s.session.nextRetryAt);
  const relaunch = useAppState((s) => s.session.relaunchNeeded === true);
  const draftsWarning = useAppState((s) => s.session.draftsWarning);
  const keyImage = useAppState((s) => s.session.keyImage);
  const pending = useAppState((s) => unsavedCount(s.rois));
  const srExport = useAppState((s) => s.sr.export);
  return (
    <footer className="status-bar">
      {srExport.status === 'exporting' && <span role="status">Exporting DICOM SR…</span>}
      {srExport.status === 'done' && <span role="status">{srExport.message}</span>}
      {srExport.status === 'error' && <span role="alert" className="error">DICOM SR export failed: {srExport.message}</span>}
      {review && <span className="badge">Review mode: regions are read-only</span>}
      {relaunch && (
        <span role="alert" className="error">
          Your sign-in has expired and could not be renewed. Relaunch the viewer from the EHR; your unsaved regions are kept in this browser and offered back.
        </span>
      )}
      {draftsWarning && <span className="warning" role="status">{draftsWarning}</span>}
      {keyImage && (keyImage.state === 'failed' ? <span role="alert" className="error">{keyImage.message}</span> : <span role="status">{keyImage.message}</span>)}
      {offline && <span className="offline" role="status">Offline: {pending} region(s) waiting; saving resumes when the connection returns</span>}
      {!offline && nextRetryAt !== undefined && pending > 0 && mode.name !== 'saving' && (
        <span role="status">Retrying automatically ({pending} waiting)</span>
      )}
      {mode.name === 'saving' && <span role="status">Saving {mode.count} region(s)…</span>}
      {mode.name === 'error' && (
        <span role="alert" className="error">
          {mode.message} Your regions are kept and marked unsaved. <button onClick={dismissError}>Dismiss</button>
        </span>
      )}
      {mode.name !== 'error' && mode.name !== 'saving' && last && <span role="status">{last}</span>}
    </footer>
  );
}
