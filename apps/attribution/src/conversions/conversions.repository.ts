import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Mode } from '@app/domain';
import { StripeEventRecordEntity } from '../stripe-events/stripe-event-record.entity';
import { ConversionEntity } from './conversion.entity';

export interface ConversionFilter {
  workspaceId: string;
  mode: Mode;
  partnerId?: string;
  stripeCustomerId?: string;
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
    if (filter.stripeCustomerId) query.andWhere('c.stripe_customer_id = :customer', { customer: filter.stripeCustomerId });
    if (filter.startingAfter) {
      query.andWhere('(c.created_at, c.id) < (:createdAt, :id)', { createdAt: filter.startingAfter.createdAt, id: filter.startingAfter.id });
    }
    return query.getMany();
  }

  findStripeEvent(workspaceId: string, mode: Mode, eventId: string): Promise<StripeEventRecordEntity | null> {
    return this.dataSource.getRepository(StripeEventRecordEntity).findOneBy({ workspaceId, mode, eventId });
  }
}
