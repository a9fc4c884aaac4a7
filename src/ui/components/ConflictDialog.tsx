import { useModalDialog } from '../hooks/useModalDialog';
import { useAppState } from '../hooks/useAppState';

function summary(resource: unknown): string {
  const r = resource as { status?: string; category?: Array<{ text?: string }>; instance?: Array<{ imageRegion2D?: Array<{ regionType?: string; coordinate?: number[] }> }> } | undefined;
  if (!r) return 'deleted on the server';
  const region = r.instance?.[0]?.imageRegion2D?.[0];
  const label = r.category?.[0]?.text ?? '';
  return `${r.status === 'entered-in-error' ? 'DELETED · ' : ''}${region?.regionType ?? '?'} “${label}” [${(region?.coordinate ?? []).map((n) => n.toFixed(2)).join(', ')}]`;
}

/** Shown when a save lost a race with another user: never overwrite silently. */
export function ConflictDialog({ onResolve }: { onResolve(roiId: string, choice: 'mine' | 'theirs'): void }) {
  const conflicts = useAppState((s) => s.session.conflicts);
  const open = conflicts.length > 0;
  const ref = useModalDialog(open);
  return (
    <dialog ref={ref} aria-label="Save conflict" className="conflict" onCancel={(e) => e.preventDefault()}>
      <h2>Changed by someone else</h2>
      <p>These regions were changed on the server after you loaded them. Choose which version to keep.</p>
      {conflicts.map((c) => (
        <section key={c.roiId} className="conflict-item">
          <dl>
            <dt>Yours</dt><dd data-testid="conflict-mine">{summary(c.mine)}</dd>
            <dt>Server (version {c.theirsVersion})</dt><dd data-testid="conflict-theirs">{summary(c.theirs)}</dd>
          </dl>
          <button onClick={() => onResolve(c.roiId, 'mine')}>Keep mine</button>
          <button onClick={() => onResolve(c.roiId, 'theirs')}>Take theirs</button>
        </section>
      ))}
    </dialog>
  );
}
