import { Injectable } from '@nestjs/common';
import type { Mode } from '@app/domain';
import { newId, normalizeUuid } from '@app/domain';
import { Clock } from '../../clock';
import { PlanVersion } from '../../store/plans.repository';
import { SetPlanBody } from './set-plan.command';
import { CommissionsStore } from '../../store/commissions-store';

/**
 * Records a plan version, in force for conversions created from now on; commissions already made
 * keep the terms they were made with.
 */
@Injectable()
export class SetPlanUseCase {
  constructor(
    private readonly store: CommissionsStore,
    private readonly clock: Clock,
  ) {}

  async execute(workspaceId: string, mode: Mode, body: SetPlanBody): Promise<PlanVersion> {
    const { partner_id, ...terms } = body;
    const plan: PlanVersion = { id: newId(), partnerId: partner_id ? normalizeUuid(partner_id) : null, terms, effectiveFrom: this.clock.now() };
    await this.store.plans.insert(this.store.db, workspaceId, mode, plan);
    return plan;
  }
}
