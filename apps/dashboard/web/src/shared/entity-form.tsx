import type { UseMutationResult } from '@tanstack/react-query';
import { ErrorNote } from './ui';

/** What a create-or-edit form (a partner, a webhook endpoint) takes: the record it edits, if any, and what to do with its fields. */
export interface EntityFormProps<T, F> {
  initial?: T;
  submitLabel: string;
  busy: boolean;
  error: Error | null;
  onSubmit: (fields: F) => void;
  onCancel?: () => void;
}

/** The end of such a form: why it was not saved, then Save (Saving… while it is sent) and Cancel. */
export function EntityFormEnd({ submitLabel, busy, error, onCancel }: Omit<EntityFormProps<unknown, unknown>, 'onSubmit'>) {
  return (
    <>
      <ErrorNote error={error} prefix="Not saved" />
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? 'Saving…' : submitLabel}
        </button>
        {onCancel ? (
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
      </div>
    </>
  );
}

/**
 * Wires such a form to the change it sends: busy while sending, its error shown, and closed (`close`) once it is
 * saved, after which `then` gets the answer (e.g. to go to the new record).
 */
export function sentBy<T, F>(change: UseMutationResult<T, Error, F>, close: () => void, then?: (saved: T) => void) {
  return {
    busy: change.isPending,
    error: change.error,
    onCancel: close,
    onSubmit: (fields: F) =>
      change.mutate(fields, {
        onSuccess: (saved) => {
          close();
          then?.(saved);
        },
      }),
  };
}
