import { FormEvent, useState } from 'react';
import { EntityFormEnd, type EntityFormProps } from '../../shared/entity-form';
import { Field } from '../../shared/ui';
import type { Partner } from './types';

export interface PartnerFields {
  name: string;
  email: string | null;
  destination_url: string;
}

/** Create and edit share one form: name, email (optional), and where the hosted link sends visitors. */
export function PartnerForm({ initial, onSubmit, ...end }: EntityFormProps<Partner, PartnerFields>) {
  const [name, setName] = useState(initial?.name ?? '');
  const [email, setEmail] = useState(initial?.email ?? '');
  const [destination, setDestination] = useState(initial?.destination_url ?? '');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit({ name: name.trim(), email: email.trim() || null, destination_url: destination.trim() });
  };
  return (
    <form className="form" onSubmit={submit}>
      <Field label="Name">{(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} />}</Field>
      <Field label="Email (optional)">{(p) => <input {...p} type="email" value={email} onChange={(e) => setEmail(e.target.value)} />}</Field>
      <Field label="Destination URL" hint="Where the partner's hosted link sends visitors, e.g. https://shop.example.com/pricing">
        {(p) => <input {...p} type="url" value={destination} onChange={(e) => setDestination(e.target.value)} required />}
      </Field>
      <EntityFormEnd {...end} />
    </form>
  );
}
