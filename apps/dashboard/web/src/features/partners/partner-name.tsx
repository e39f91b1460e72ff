import type { Mode } from '../../shared/api';
import type { Column } from '../../shared/data-table';
import { useServiceQuery } from '../../shared/queries';
import { Link, pathIn } from '../../shared/router';
import type { Partner } from './types';

/** A partner's name where only the id is at hand (cached: each partner is asked for once). */
export function PartnerName({ id }: { id: string }) {
  const partner = useServiceQuery<Partner>(`/v1/partners/${encodeURIComponent(id)}`);
  if (partner.data) return <>{partner.data.name}</>;
  return <code title={id}>{id.slice(0, 8)}…</code>;
}

/** The Partner column of a list of partners' records (commissions, payouts): the name, a link to the partner's page. */
export function partnerColumn<T extends { partner_id: string }>(mode: Mode): Column<T> {
  return {
    header: 'Partner',
    cell: (row) => (
      <Link to={pathIn(mode, `/partners/${row.partner_id}`)}>
        <PartnerName id={row.partner_id} />
      </Link>
    ),
  };
}
