import { FormEvent, useState } from 'react';
import { EntityFormEnd, type EntityFormProps } from '../../shared/entity-form';
import { Field } from '../../shared/ui';
import { Endpoint, EVENT_TYPES } from './types';

export interface EndpointFields {
  url: string;
  description: string | null;
  enabled_events: string[];
}

export function EndpointForm({ initial, onSubmit, ...end }: EntityFormProps<Endpoint, EndpointFields>) {
  const [url, setUrl] = useState(initial?.url ?? '');
  const [description, setDescription] = useState(initial?.description ?? '');
  const [events, setEvents] = useState<string[]>(initial?.enabled_events ?? ['*']);
  const all = events.includes('*');
  const toggle = (type: string) => setEvents((list) => (list.includes(type) ? list.filter((t) => t !== type) : [...list.filter((t) => t !== '*'), type]));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit({ url: url.trim(), description: description.trim() || null, enabled_events: events.length ? events : ['*'] });
  };
  return (
    <form className="form" onSubmit={submit}>
      <Field label="Endpoint URL" hint="Test-mode endpoints may be plain http; live ones must be https.">
        {(p) => <input {...p} type="url" value={url} onChange={(e) => setUrl(e.target.value)} required placeholder="https://api.example.com/selgeo-webhooks" />}
      </Field>
      <Field label="Description (optional)">
        {(p) => <input {...p} value={description} onChange={(e) => setDescription(e.target.value)} maxLength={500} />}
      </Field>
      <fieldset className="events">
        <legend>Events to send</legend>
        <label>
          <input type="checkbox" checked={all} onChange={() => setEvents(all ? [] : ['*'])} /> All events
        </label>
        {EVENT_TYPES.map((t) => (
          <label key={t}>
            <input type="checkbox" checked={all || events.includes(t)} disabled={all} onChange={() => toggle(t)} /> {t}
          </label>
        ))}
      </fieldset>
      <EntityFormEnd {...end} />
    </form>
  );
}
