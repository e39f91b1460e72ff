import { FormEvent, useState } from 'react';
import { setQuery, useLocation } from '../../shared/router';
import { AnyOf, Field } from '../../shared/ui';
import { PartnerFilter } from '../partners/partner-filter';
import { KINDS, SOURCES, STATUSES } from './types';

export const FILTER_NAMES = ['partner_id', 'status', 'kind', 'source', 'from', 'to'] as const;

/** The filters live in the address, so a filtered list can be linked to (e.g. from a partner's page). */
export function ConversionFilters() {
  const { query } = useLocation();
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(FILTER_NAMES.map((n) => [n, query.get(n) ?? ''])));
  const set = (name: string) => (value: string) => setValues((v) => ({ ...v, [name]: value }));
  const apply = (e: FormEvent) => {
    e.preventDefault();
    setQuery(values, { replace: true });
  };
  const clear = () => {
    const empty = Object.fromEntries(FILTER_NAMES.map((n) => [n, '']));
    setValues(empty);
    setQuery(empty, { replace: true });
  };
  return (
    <form className="toolbar filters" onSubmit={apply} aria-label="Filter conversions">
      <PartnerFilter value={values.partner_id} onChange={set('partner_id')} />
      <AnyOf label="Status" value={values.status} onChange={set('status')} options={STATUSES} />
      <AnyOf label="Kind" value={values.kind} onChange={set('kind')} options={KINDS} />
      <AnyOf label="Source" value={values.source} onChange={set('source')} options={SOURCES} />
      <Field label="From (UTC)">{(p) => <input {...p} type="date" value={values.from} onChange={(e) => set('from')(e.target.value)} />}</Field>
      <Field label="Until (UTC)">{(p) => <input {...p} type="date" value={values.to} onChange={(e) => set('to')(e.target.value)} />}</Field>
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
