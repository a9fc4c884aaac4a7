import { useAppState } from '../hooks/useAppState';

/** After a crash or reload: unsaved work came back from drafts; the user decides what happens to it. */
export function DraftsBanner({ onSave, onDiscard }: { onSave(): void; onDiscard(): void }) {
  const count = useAppState((s) => s.rois.restoredIds.filter((id) => s.rois.records[id] && s.rois.records[id]!.sync !== 'saved').length);
  if (!count) return null;
  return (
    <div className="drafts-banner" role="alert">
      {count} unsaved region{count === 1 ? ' was' : 's were'} restored from your last session.
      <button onClick={onSave}>Save restored work</button>
      <button onClick={onDiscard}>Discard restored work</button>
    </div>
  );
}
