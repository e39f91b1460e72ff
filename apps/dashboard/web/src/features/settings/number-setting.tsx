import { FormEvent, useState } from 'react';
import { useServiceMutation, useServiceQuery } from '../../shared/queries';
import { Card, Done, ErrorNote, Field, Loading } from '../../shared/ui';

type NumberSettingName = 'attribution_window_days' | 'partner_link_limit';

type Settings = Record<NumberSettingName, number> & { updated_at: string | null };

interface NumberSettingProps {
  setting: NumberSettingName;
  title: string;
  label: string;
  hint: string;
  min: number;
  max: number;
  /** How the saved value reads in the confirmation, e.g. `60 days`. */
  saved: (value: number) => string;
}

/** One whole-number setting of the workspace in the mode shown, saved on its own. */
export function NumberSetting({ setting, title, label, hint, min, max, saved }: NumberSettingProps) {
  const settings = useServiceQuery<Settings>('/v1/settings');
  const save = useServiceMutation<Settings, number>(
    'PATCH',
    () => '/v1/settings',
    (value) => ({ [setting]: value }),
  );
  const [draft, setDraft] = useState<string | null>(null);
  const value = draft ?? String(settings.data?.[setting] ?? '');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(Number(value), { onSuccess: () => setDraft(null) });
  };
  return (
    <Card title={title}>
      {settings.isPending ? <Loading what="settings" /> : null}
      <ErrorNote error={settings.error} prefix="Settings could not be loaded" />
      <form className="inline-form" onSubmit={submit}>
        <Field label={label} hint={hint}>
          {(p) => <input {...p} type="number" min={min} max={max} step={1} value={value} onChange={(e) => setDraft(e.target.value)} required />}
        </Field>
        <button type="submit" className="button primary" disabled={save.isPending || draft === null}>
          Save
        </button>
      </form>
      <ErrorNote error={save.error} prefix="Not saved" />
      {save.isSuccess && draft === null ? <Done>Saved: {saved(save.data[setting])}.</Done> : null}
    </Card>
  );
}

export function AttributionWindow() {
  return (
    <NumberSetting
      setting="attribution_window_days"
      title="Attribution window"
      label="Days a click counts"
      hint="A sale within this many days of the click is the partner's (1 to 365; 60 by default)."
      min={1}
      max={365}
      saved={(days) => `${days} days`}
    />
  );
}

export function PartnerLinkLimit() {
  return (
    <NumberSetting
      setting="partner_link_limit"
      title="Partner portal"
      label="Links a partner may add"
      hint="How many referral links each partner may create in the partner portal, e.g. one per campaign (0 to 100; 5 by default). Links you create do not count."
      min={0}
      max={100}
      saved={(n) => `${n} ${n === 1 ? 'link' : 'links'} per partner`}
    />
  );
}
