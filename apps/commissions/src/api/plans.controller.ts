import { Body, Get, Post } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { ApiKeyIdentity } from '@app/domain';
import { Account, ApiAnswers, ApiZodBody, listOf, SecretKeyController, ZodValidationPipe } from '@app/platform';
import { Clock } from '../clock';
import { presentPlan } from '../store/plans.repository';
import { SetPlanBody, setPlanBody } from '../usecases/set-plan/set-plan.command';
import { SetPlanUseCase } from '../usecases/set-plan/set-plan.usecase';
import { planSchema } from './schemas';
import { CommissionsStore } from '../store/commissions-store';

@SecretKeyController('v1', 'plans')
export class PlansController {
  constructor(
    private readonly store: CommissionsStore,
    private readonly setPlan: SetPlanUseCase,
    private readonly clock: Clock,
  ) {}

  @Post('plans')
  @ApiOperation({
    summary: "Set the workspace's commission plan (or, with partner_id, a partner's override), for conversions created from now on",
  })
  @ApiZodBody(setPlanBody)
  @ApiAnswers({ status: 201, description: 'The plan version now in force', schema: planSchema }, 400, 401, 403)
  async create(@Account() account: ApiKeyIdentity, @Body(new ZodValidationPipe(setPlanBody)) body: SetPlanBody) {
    return presentPlan(await this.setPlan.execute(account.workspaceId, account.mode, body), account.mode);
  }

  @Get('plans')
  @ApiOperation({ summary: "The plans in force: the workspace's, then each partner override" })
  @ApiAnswers({ status: 200, description: 'The plans', schema: listOf(planSchema) }, 401, 403)
  async list(@Account() account: ApiKeyIdentity) {
    const plans = await this.store.plans.current(this.store.db, account.workspaceId, account.mode, this.clock.now());
    return { object: 'list', data: plans.map((p) => presentPlan(p, account.mode)), has_more: false };
  }
}
