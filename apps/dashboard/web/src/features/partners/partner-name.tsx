import { useServiceQuery } from '../../shared/queries';
import type { Partner } from './types';

/** A partner's name where only the id is at hand (cached: each partner is asked for once). */
export function PartnerName({ id }: { id: string }) {
  const partner = useServiceQuery<Partner>(`/v1/partners/${encodeURIComponent(id)}`);
  if (partner.data) return <>{partner.data.name}</>;
  return <code title={id}>{id.slice(0, 8)}…</code>;
}
