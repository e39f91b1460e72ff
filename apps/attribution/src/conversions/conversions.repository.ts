import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ConversionKind, ConversionSource, ConversionStatus, Mode } from '@app/domain';
import { StripeEventRecordEntity } from '../stripe-events/stripe-event-record.entity';
import { ConversionEntity } from './conversion.entity';

export interface ConversionFilter {
  workspaceId: string;
  mode: Mode;
  partnerId?: string;
  referralToken?: string;
  stripeCustomerId?: string;
  status?: ConversionStatus;
  kind?: ConversionKind;
  source?: ConversionSource;
  /** Inclusive. */
  createdGte?: Date;
  /** Exclusive. */
  createdLt?: Date;
  limit: number;
  /** Keyset pagination: conversions created before this one. */
  startingAfter?: ConversionEntity;
}

@Injectable()
export class ConversionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  find(workspaceId: string, mode: Mode, id: string): Promise<ConversionEntity | null> {
    return this.dataSource.getRepository(ConversionEntity).findOneBy({ workspaceId, mode, id });
  }

  list(filter: ConversionFilter): Promise<ConversionEntity[]> {
    const query = this.dataSource
      .getRepository(ConversionEntity)
      .createQueryBuilder('c')
      .where('c.workspace_id = :workspaceId AND c.mode = :mode', { workspaceId: filter.workspaceId, mode: filter.mode })
      .orderBy('c.created_at', 'DESC')
      .addOrderBy('c.id', 'DESC')
      .limit(filter.limit);
    if (filter.partnerId) query.andWhere('c.partner_id = :partnerId', { partnerId: filter.partnerId });
    if (filter.referralToken) query.andWhere('c.referral_token = :referralToken', { referralToken: filter.referralToken });
    if (filter.stripeCustomerId) query.andWhere('c.stripe_customer_id = :customer', { customer: filter.stripeCustomerId });
    if (filter.status) query.andWhere('c.status = :status', { status: filter.status });
    if (filter.kind) query.andWhere('c.kind = :kind', { kind: filter.kind });
    if (filter.source) query.andWhere('c.source = :source', { source: filter.source });
    if (filter.createdGte) query.andWhere('c.created_at >= :createdGte', { createdGte: filter.createdGte });
    if (filter.createdLt) query.andWhere('c.created_at < :createdLt', { createdLt: filter.createdLt });
    if (filter.startingAfter) {
      // The cursor's created_at is read in SQL: a JavaScript Date would cut its microseconds off and skip rows.
      query.andWhere('(c.created_at, c.id) < (SELECT a.created_at, a.id FROM attribution.conversions a WHERE a.id = :after)', {
        after: filter.startingAfter.id,
      });
    }
    return query.getMany();
  }

  findStripeEvent(workspaceId: string, mode: Mode, eventId: string): Promise<StripeEventRecordEntity | null> {
    return this.dataSource.getRepository(StripeEventRecordEntity).findOneBy({ workspaceId, mode, eventId });
  }

  /** Newest first by when Stripe created them (never updated, unlike processed_at), after the `afterEventId` event. */
  listStripeEvents(workspaceId: string, mode: Mode, limit: number, afterEventId?: string): Promise<StripeEventRecordEntity[]> {
    const query = this.dataSource
      .getRepository(StripeEventRecordEntity)
      .createQueryBuilder('e')
      .where('e.workspace_id = :workspaceId AND e.mode = :mode', { workspaceId, mode })
      .orderBy('e.stripe_created_at', 'DESC')
      .addOrderBy('e.event_id', 'DESC')
      .limit(limit);
    if (afterEventId !== undefined) {
      query.andWhere(
        '(e.stripe_created_at, e.event_id) < (SELECT a.stripe_created_at, a.event_id FROM attribution.stripe_events a WHERE a.workspace_id = :workspaceId AND a.event_id = :after)',
        { after: afterEventId },
      );
    }
    return query.getMany();
  }
}
