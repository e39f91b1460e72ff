import { DynamicModule, Module } from '@nestjs/common';
import { ApiKeyDirectory, ApiKeyGuard, serviceInfrastructure, TableStatisticsSweep } from '@app/platform';
import { CommissionsController } from './api/commissions.controller';
import { PayoutsController } from './api/payouts.controller';
import { PlansController } from './api/plans.controller';
import { Clock } from './clock';
import { COMMISSIONS_CONFIG, CommissionsConfig } from './config';
import { EventsHandler } from './handlers/events.handler';
import { commissionsMigrations } from './migrations';
import { Outbox, OutboxRelay } from './outbox/outbox';
import { CommissionsStore } from './store/commissions-store';
import { ApproveDueCommissionsUseCase } from './usecases/approve-due-commissions/approve-due-commissions.usecase';
import { CreatePayoutsUseCase } from './usecases/create-payouts/create-payouts.usecase';
import { ExportPayoutsUseCase } from './usecases/export-payouts/export-payouts.usecase';
import { RecordClickUseCase } from './usecases/record-click/record-click.usecase';
import { RecordConversionUseCase } from './usecases/record-conversion/record-conversion.usecase';
import { RecordPartnerUseCase } from './usecases/record-partner/record-partner.usecase';
import { ReviewCommissionUseCase } from './usecases/review-commission/review-commission.usecase';
import { SetPlanUseCase } from './usecases/set-plan/set-plan.usecase';
import { SettlePayoutUseCase } from './usecases/settle-payout/settle-payout.usecase';

export const COMMISSIONS_SCHEMA = 'commissions';

@Module({})
export class CommissionsModule {
  static forRoot(config: CommissionsConfig): DynamicModule {
    return {
      module: CommissionsModule,
      imports: serviceInfrastructure('commissions', config, { schema: COMMISSIONS_SCHEMA, entities: [], migrations: commissionsMigrations }),
      controllers: [CommissionsController, PayoutsController, PlansController, EventsHandler],
      providers: [
        { provide: COMMISSIONS_CONFIG, useValue: config },
        ApiKeyDirectory,
        ApiKeyGuard,
        Clock,
        CommissionsStore,
        Outbox,
        OutboxRelay,
        RecordConversionUseCase,
        RecordPartnerUseCase,
        RecordClickUseCase,
        ApproveDueCommissionsUseCase,
        // Every lookup of a conversion's commission opens with (workspace_id, mode), like the list indexes:
        // without current statistics PostgreSQL may read it through a list index.
        TableStatisticsSweep.provider({ schema: COMMISSIONS_SCHEMA, everyMs: config.COMMISSIONS_STATISTICS_INTERVAL_MS, logContext: 'Commissions' }),
        ReviewCommissionUseCase,
        SetPlanUseCase,
        CreatePayoutsUseCase,
        SettlePayoutUseCase,
        ExportPayoutsUseCase,
      ],
    };
  }
}
