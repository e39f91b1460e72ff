import { FormEvent, useState } from 'react';
import { useServiceList } from '../../shared/queries';
import { setQuery, useLocation } from '../../shared/router';
import { Field } from '../../shared/ui';
import type { Partner } from '../partners/types';
import { KINDS, SOURCES, STATUSES } from './types';

export const FILTER_NAMES = ['partner_id', 'status', 'kind', 'source', 'from', 'to'] as const;

/** The filters live in the address, so a filtered list can be linked to (e.g. from a partner's page). */
export function ConversionFilters() {
  const { query } = useLocation();
  const partners = useServiceList<Partner>('/v1/partners', { limit: 100 });
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(FILTER_NAMES.map((n) => [n, query.get(n) ?? ''])));
  const set = (name: string) => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [name]: e.target.value }));
  const apply = (e: FormEvent) => {
    e.preventDefault();
    setQuery(values, { replace: true });
  };
  const clear = () => {
    const empty = Object.fromEntries(FILTER_NAMES.map((n) => [n, '']));
    setValues(empty);
    setQuery(empty, { replace: true });
  };
  const choice = (name: string, label: string, options: readonly string[]) => (
    <Field label={label}>
      {(p) => (
        <select {...p} value={values[name]} onChange={set(name)}>
          <option value="">Any</option>
          {options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
  return (
    <form className="toolbar filters" onSubmit={apply} aria-label="Filter conversions">
      <Field label="Partner">
        {(p) => (
          <select {...p} value={values.partner_id} onChange={set('partner_id')}>
            <option value="">Any</option>
            {values.partner_id && !partners.data?.data.some((x) => x.id === values.partner_id) ? (
              <option value={values.partner_id}>{values.partner_id}</option>
            ) : null}
            {partners.data?.data.map((x) => (
              <option key={x.id} value={x.id}>
                {x.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      {choice('status', 'Status', STATUSES)}
      {choice('kind', 'Kind', KINDS)}
      {choice('source', 'Source', SOURCES)}
      <Field label="From (UTC)">{(p) => <input {...p} type="date" value={values.from} onChange={set('from')} />}</Field>
      <Field label="Until (UTC)">{(p) => <input {...p} type="date" value={values.to} onChange={set('to')} />}</Field>
      <div className="form-actions">
        <button type="submit" className="button">
          Apply filters
        </button>
        <button type="button" className="button" onClick={clear}>
          Clear
        </button>
      </div>
    </form>
  );
}

/** The list's query from the address: dates are whole UTC days, the end day included. */
export function filterQuery(query: URLSearchParams): Record<string, string | undefined> {
  const day = (d: string | null, plusOne = false) => {
    if (!d || !/^\d{4}-\d{2}-\d{2}$/.test(d)) return undefined;
    const t = Date.parse(`${d}T00:00:00Z`) + (plusOne ? 86_400_000 : 0);
    return new Date(t).toISOString();
  };
  return {
    partner_id: query.get('partner_id') || undefined,
    status: query.get('status') || undefined,
    kind: query.get('kind') || undefined,
    source: query.get('source') || undefined,
    created_gte: day(query.get('from')),
    created_lt: day(query.get('to'), true),
  };
}
