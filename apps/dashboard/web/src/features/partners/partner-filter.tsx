import { useServiceList } from '../../shared/queries';
import { AnyOf } from '../../shared/ui';
import type { Partner } from './types';

/**
 * A list's Partner filter: any, or one of the first 100 partners by name; a partner id from the address that is not
 * among them (e.g. a link from further down the list) stays chosen, shown by its id.
 */
export function PartnerFilter({ value, onChange }: { value: string; onChange: (partnerId: string) => void }) {
  const partners = useServiceList<Partner>('/v1/partners', { limit: 100 }).data?.data ?? [];
  const names = new Map(partners.map((x) => [x.id, x.name]));
  const ids = partners.map((x) => x.id);
  return (
    <AnyOf
      label="Partner"
      value={value}
      onChange={onChange}
      options={value && !names.has(value) ? [value, ...ids] : ids}
      optionLabel={(id) => names.get(id) ?? id}
    />
  );
}
