import type { UseMutationResult } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { ErrorNote, Field } from './ui';

/**
 * An inline form of one required value (a promo code, a signing secret): sends it trimmed, empties itself once it
 * is saved, and says why when it is not. `onSend` and `onSaved` are told of each, e.g. to say it is saved.
 */
export function ValueForm<T>({
  label,
  hint,
  placeholder,
  autoComplete,
  submitLabel,
  change,
  errorPrefix,
  onSend,
  onSaved,
}: {
  label: string;
  hint?: string;
  placeholder: string;
  /** `off` for secrets, which browsers must not offer again. */
  autoComplete?: 'off';
  submitLabel: string;
  change: UseMutationResult<T, Error, string>;
  errorPrefix: string;
  onSend?: () => void;
  onSaved?: () => void;
}) {
  const [value, setValue] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSend?.();
    change.mutate(value.trim(), {
      onSuccess: () => {
        setValue('');
        onSaved?.();
      },
    });
  };
  return (
    <>
      <form className="inline-form" onSubmit={submit}>
        <Field label={label} hint={hint}>
          {(p) => <input {...p} value={value} onChange={(e) => setValue(e.target.value)} placeholder={placeholder} required autoComplete={autoComplete} />}
        </Field>
        <button type="submit" className="button primary" disabled={change.isPending}>
          {submitLabel}
        </button>
      </form>
      <ErrorNote error={change.error} prefix={errorPrefix} />
    </>
  );
}
