import { useEffect, useRef } from 'react';
import { SHORTCUTS } from '../shortcuts';

export function HelpDialog({ open, onClose }: { open: boolean; onClose(): void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
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
