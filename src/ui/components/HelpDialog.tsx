import { useModalDialog } from '../hooks/useModalDialog';
import { SHORTCUTS } from '../shortcuts';

export function HelpDialog({ open, onClose }: { open: boolean; onClose(): void }) {
  const ref = useModalDialog(open);
  return (
    <dialog ref={ref} aria-label="Keyboard shortcuts" onClose={onClose} className="help">
      <h2>Keyboard shortcuts</h2>
      <table>
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.action}><th scope="row"><kbd>{s.keys}</kbd></th><td>{s.action}</td></tr>
          ))}
        </tbody>
      </table>
      <button onClick={onClose}>Close</button>
    </dialog>
  );
}
