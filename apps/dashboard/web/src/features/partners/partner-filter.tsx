import { useServiceList } from '../../shared/queries';
import { Field } from '../../shared/ui';
import type { Partner } from './types';

/**
 * A list's Partner filter: any, or one of the first 100 partners by name; a partner id from the address that is not
 * among them (e.g. a link from further down the list) stays chosen, shown by its id.
 */
export function PartnerFilter({ value, onChange }: { value: string; onChange: (partnerId: string) => void }) {
  const partners = useServiceList<Partner>('/v1/partners', { limit: 100 });
  return (
    <Field label="Partner">
      {(p) => (
        <select {...p} value={value} onChange={(e) => onChange(e.target.value)}>
          <option value="">Any</option>
          {value && !partners.data?.data.some((x) => x.id === value) ? <option value={value}>{value}</option> : null}
          {partners.data?.data.map((x) => (
            <option key={x.id} value={x.id}>
              {x.name}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
