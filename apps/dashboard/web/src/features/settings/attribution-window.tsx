import { FormEvent, useState } from 'react';
import { useServiceMutation, useServiceQuery } from '../../shared/queries';
import { Card, ErrorNote, Field, Loading } from '../../shared/ui';

interface Settings {
  attribution_window_days: number;
  updated_at: string | null;
}

export function AttributionWindow() {
  const settings = useServiceQuery<Settings>('/v1/settings');
  const save = useServiceMutation<Settings, number>(
    'PATCH',
    () => '/v1/settings',
    (days) => ({ attribution_window_days: days }),
  );
  const [days, setDays] = useState<string | null>(null);
  const value = days ?? String(settings.data?.attribution_window_days ?? '');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(Number(value), { onSuccess: () => setDays(null) });
  };
  return (
    <Card title="Attribution window">
      {settings.isPending ? <Loading what="settings" /> : null}
      <ErrorNote error={settings.error} prefix="Settings could not be loaded" />
      <form className="inline-form" onSubmit={submit}>
        <Field label="Days a click counts" hint="A sale within this many days of the click is the partner's (1 to 365; 60 by default).">
          {(p) => <input {...p} type="number" min={1} max={365} step={1} value={value} onChange={(e) => setDays(e.target.value)} required />}
        </Field>
        <button type="submit" className="button primary" disabled={save.isPending || days === null}>
          Save
        </button>
      </form>
      <ErrorNote error={save.error} prefix="Not saved" />
      {save.isSuccess && days === null ? (
        <p className="success" role="status">
          Saved: {save.data.attribution_window_days} days.
        </p>
      ) : null}
    </Card>
  );
}
