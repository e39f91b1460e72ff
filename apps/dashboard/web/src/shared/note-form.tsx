import type { UseMutationResult } from '@tanstack/react-query';
import { Field } from './ui';

/**
 * An inline form for the few words an action records (a reason for voiding, a payment reference): sends them
 * trimmed, then closes. The words are the caller's state, so a form closed and opened again still has them.
 */
export function NoteForm<T>({
  label,
  note: [note, setNote],
  submitLabel,
  tone,
  closeLabel,
  change,
  onClose,
}: {
  label: string;
  note: [string, (note: string) => void];
  submitLabel: string;
  tone: 'primary' | 'danger';
  closeLabel: string;
  change: UseMutationResult<T, Error, string>;
  onClose: () => void;
}) {
  return (
    <form
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        change.mutate(note.trim(), { onSuccess: onClose });
      }}
    >
      <Field label={label}>{(p) => <input {...p} value={note} onChange={(e) => setNote(e.target.value)} required maxLength={500} />}</Field>
      <button type="submit" className={`button small ${tone}`} disabled={change.isPending}>
        {submitLabel}
      </button>
      <button type="button" className="button small" onClick={onClose}>
        {closeLabel}
      </button>
    </form>
  );
}
