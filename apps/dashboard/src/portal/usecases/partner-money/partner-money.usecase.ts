import { BadRequestException, HttpException, Injectable, NotFoundException } from '@nestjs/common';
import { COMMISSION_STATUSES, isUuid } from '@app/domain';
import { ForwardedService } from '../../../forwarding/service-routes';
import { PartnerApi, TrackedPartner } from '../../partner-api';
import { SignedInPartnerSession } from '../../portal-session.guard';
import { portalBalance, portalCommission, portalConversion, portalPayout, portalPayoutDetails } from '../../portal-projections';
import { PayoutDetailsBody } from '../../portal.schemas';

type Json = Record<string, unknown>;

export interface PageQuery {
  limit?: unknown;
  starting_after?: unknown;
  status?: unknown;
}

interface Page {
  data: Json[];
  has_more: boolean;
}

/** What a list of the partner's is read from: the service, its path, and what one of its records is called. */
interface PartnerList {
  service: ForwardedService;
  path: string;
  what: string;
  present: (record: Json) => Json;
}

const LISTS = {
  conversions: { service: 'attribution', path: '/v1/conversions', what: 'conversion', present: portalConversion },
  commissions: { service: 'commissions', path: '/v1/commissions', what: 'commission', present: portalCommission },
  payouts: { service: 'commissions', path: '/v1/payouts', what: 'payout', present: portalPayout },
} satisfies Record<string, PartnerList>;

/**
 * The partner's conversions, commissions, balance and payouts, and the payout details they give the
 * merchant: each read with the session's partner id, each record checked to be the partner's, each
 * answer projected through an allow-list.
 */
@Injectable()
export class PartnerMoneyUseCase {
  constructor(private readonly api: PartnerApi) {}

  async list(session: SignedInPartnerSession, list: keyof typeof LISTS, query: PageQuery) {
    const { service, path, what, present } = LISTS[list];
    const params = new URLSearchParams({ partner_id: session.partner.partnerId });
    if (query.limit !== undefined) params.set('limit', once('limit', query.limit));
    if (list === 'commissions' && query.status !== undefined) {
      const status = once('status', query.status);
      if (!(COMMISSION_STATUSES as readonly string[]).includes(status))
        throw new BadRequestException(`status must be one of ${COMMISSION_STATUSES.join(', ')}`);
      params.set('status', status);
    }
    if (query.starting_after !== undefined) {
      // The services look a cursor up in the whole workspace: here it must be one of the partner's own.
      const cursor = once('starting_after', query.starting_after);
      if (!(await this.ownRecord(session, LISTS[list], cursor)))
        throw new BadRequestException(`starting_after must be the id of a ${what} from a previous page`);
      params.set('starting_after', cursor);
    }
    const page = await this.api.get<Page>(session, service, `${path}?${params.toString()}`);
    return { object: 'list', data: page.data.map(present), has_more: page.has_more };
  }

  async payout(session: SignedInPartnerSession, id: string) {
    const payout = await this.ownRecord(session, LISTS.payouts, id);
    if (!payout) throw new NotFoundException(`You have no payout ${id}`);
    return portalPayout(payout);
  }

  async balance(session: SignedInPartnerSession) {
    return portalBalance(await this.api.get(session, 'commissions', `/v1/partners/${session.partner.partnerId}/balance`));
  }

  async payoutDetails(session: SignedInPartnerSession) {
    return portalPayoutDetails(await this.api.partner(session));
  }

  /** Only the two payout fields are sent: the partner changes nothing else of theirs (name, destination). */
  async changePayoutDetails(session: SignedInPartnerSession, body: PayoutDetailsBody) {
    const change: Json = {};
    if (body.payout_email !== undefined) change.payout_email = body.payout_email;
    if (body.payout_reference !== undefined) change.payout_reference = body.payout_reference;
    return portalPayoutDetails(await this.api.call<TrackedPartner>(session, 'tracking', 'PATCH', `/v1/partners/${session.partner.partnerId}`, change));
  }

  /** The record, when it is the session's partner's; null for another's, or none (one answer for both). */
  private async ownRecord(session: SignedInPartnerSession, list: PartnerList, id: string): Promise<Json | null> {
    if (!isUuid(id)) return null;
    try {
      const record = await this.api.get<Json>(session, list.service, `${list.path}/${id}`);
      return record.partner_id === session.partner.partnerId ? record : null;
    } catch (err) {
      if (err instanceof HttpException && err.getStatus() === 404) return null;
      throw err;
    }
  }
}

function once(name: string, value: unknown): string {
  if (typeof value !== 'string') throw new BadRequestException(`${name} must be given once`);
  return value;
}
