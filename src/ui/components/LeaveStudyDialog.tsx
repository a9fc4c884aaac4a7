import { useModalDialog } from '../hooks/useModalDialog';
import { useAppState } from '../hooks/useAppState';
import type { LeaveChoice } from '../../store/slices/sessionSlice';

const regions = (n: number) => `${n} region${n === 1 ? '' : 's'}`;

/** Leaving a study with unsaved work: the user decides what happens to it. */
export function LeaveStudyDialog({ onChoose, onStay }: { onChoose(choice: LeaveChoice): void; onStay(): void }) {
  const prompt = useAppState((s) => s.session.leave);
  const ref = useModalDialog(!!prompt);
  const parts = prompt ? [prompt.unsaved ? `${regions(prompt.unsaved)} not saved` : '', prompt.deleted ? `${regions(prompt.deleted)} deleted but not saved` : ''].filter(Boolean) : [];
  return (
    <dialog ref={ref} aria-label="Unsaved changes" className="leave-study" onCancel={(e) => { e.preventDefault(); if (!prompt?.busy) onStay(); }}>
      <h2>Unsaved changes</h2>
      <p>This study has {parts.join(' and ')}.</p>
      <p>Keep as draft: they stay on this computer for you and come back when you open the study again.</p>
      {prompt?.error && <p role="alert" className="error">Not saved: {prompt.error}</p>}
      <div className="buttons">
        <button disabled={prompt?.busy} onClick={() => onChoose('save')}>{prompt?.busy ? 'Saving…' : 'Save'}</button>
        <button disabled={prompt?.busy} onClick={() => onChoose('keep')}>Keep as draft</button>
        <button disabled={prompt?.busy} onClick={() => onChoose('discard')}>Discard</button>
        <button disabled={prompt?.busy} onClick={onStay}>Stay on this study</button>
      </div>
    </dialog>
  );
}
