import { BadRequestException, Body, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiProduces } from '@nestjs/swagger';
import { ApiKeyIdentity, PAYOUT_STATUSES } from '@app/domain';
import { Account, ApiAnswers, ApiZodBody, findByIdOr404, ListEndpoint, ListLimitPipe, SecretKeyController, ZodValidationPipe } from '@app/platform';
import { presentPayout } from '../store/payouts.repository';
import { CreatePayoutsBody, createPayoutsBody, IDEMPOTENCY_KEY } from '../usecases/create-payouts/create-payouts.command';
import { CreatePayoutsUseCase } from '../usecases/create-payouts/create-payouts.usecase';
import { ExportPayoutsUseCase } from '../usecases/export-payouts/export-payouts.usecase';
import { markPaidBody } from '../usecases/settle-payout/settle-payout.command';
import { SettlePayoutUseCase } from '../usecases/settle-payout/settle-payout.usecase';
import { LIST_FILTERS, listFilter, ListQuery, listRecords } from './query-params';
import { payoutBatchSchema, payoutSchema, payoutWithLinesSchema } from './schemas';
import { CommissionsStore } from '../store/commissions-store';

@SecretKeyController('v1', 'payouts')
export class PayoutsController {
  constructor(
    private readonly store: CommissionsStore,
    private readonly createPayouts: CreatePayoutsUseCase,
    private readonly settle: SettlePayoutUseCase,
    private readonly exportPayouts: ExportPayoutsUseCase,
  ) {}

  @Post('payouts')
  @ApiOperation({ summary: "Draft a batch of payouts in one currency: each partner's approved balance, net of what is owed back, above a minimum" })
  @ApiHeader({ name: 'Idempotency-Key', required: true, description: 'The same key returns the same batch (200) instead of drafting another' })
  @ApiZodBody(createPayoutsBody)
  @ApiAnswers({ status: 201, description: 'The batch drafted (200: the batch this key drafted before)', schema: payoutBatchSchema }, 400, 401, 403, {
    status: 409,
    description: 'The Idempotency-Key was used for a different request',
  })
  async create(
    @Account() account: ApiKeyIdentity,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Body(new ZodValidationPipe(createPayoutsBody)) body: CreatePayoutsBody,
    @Res({ passthrough: true }) reply: { status: (code: number) => unknown },
  ) {
    if (!idempotencyKey) throw new BadRequestException('Send an Idempotency-Key header (e.g. a UUID) so a retried request cannot pay twice');
    if (!IDEMPOTENCY_KEY.test(idempotencyKey)) throw new BadRequestException('Idempotency-Key must be 1 to 255 printable characters without spaces');
    const result = await this.createPayouts.execute({ ...body, workspaceId: account.workspaceId, mode: account.mode, idempotencyKey });
    if (!result.created) reply.status(200);
    return {
      id: result.batch.id,
      object: 'payout_batch',
      currency: result.batch.currency,
      created_at: result.batch.createdAt.toISOString(),
      payouts: result.payouts.map((p) => presentPayout(p)),
    };
  }

  @ListEndpoint('payouts', { what: 'payout', summary: 'List payouts, newest first', description: 'A page of payouts', item: payoutSchema }, ...LIST_FILTERS)
  async list(@Account() account: ApiKeyIdentity, @Query('limit', ListLimitPipe) take: number, @Query() query: ListQuery) {
    const filter = listFilter(account, query, PAYOUT_STATUSES);
    return listRecords('payout', this.store.payouts, this.store.db, filter, take, query, (p) => presentPayout(p));
  }

  @Get('payouts/:id')
  @ApiOperation({ summary: 'One payout, with its lines' })
  @ApiAnswers({ status: 200, description: 'The payout', schema: payoutWithLinesSchema }, 401, 403, 404)
  async get(@Account() account: ApiKeyIdentity, @Param('id') id: string) {
    const payout = await findByIdOr404('payout', id, account.mode, (uuid) => this.store.payouts.find(this.store.db, account.workspaceId, account.mode, uuid));
    return presentPayout(payout, await this.store.payouts.lines(this.store.db, payout.id));
  }

  @Post('payouts/:id/mark-paid')
  @HttpCode(200)
  @ApiOperation({ summary: "Mark a draft payout paid, with the payment's reference: its commissions are paid" })
  @ApiZodBody(markPaidBody)
  @ApiAnswers({ status: 200, description: 'The payout', schema: payoutSchema }, 400, 401, 403, 404, 409)
  async markPaid(@Account() account: ApiKeyIdentity, @Param('id') id: string, @Body(new ZodValidationPipe(markPaidBody)) body: { reference: string }) {
    return presentPayout(
      await this.settle.execute({ workspaceId: account.workspaceId, mode: account.mode, payoutId: id, action: 'mark_paid', reference: body.reference }),
    );
  }

  @Post('payouts/:id/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel a draft payout: its commissions and adjustments return to the balance' })
  @ApiAnswers({ status: 200, description: 'The payout', schema: payoutSchema }, 401, 403, 404, 409)
  async cancel(@Account() account: ApiKeyIdentity, @Param('id') id: string) {
    return presentPayout(await this.settle.execute({ workspaceId: account.workspaceId, mode: account.mode, payoutId: id, action: 'cancel' }));
  }

  @Get('payout-batches/:id/csv')
  @ApiProduces('text/csv')
  @ApiOperation({
    summary: 'A payout batch as CSV for mass payment: one row per partner (name, email, amount, currency, period, count, reference)',
    description: "`email` is the partner's payout email when they gave one, else their email; `reference` is their own payout reference (may be empty).",
  })
  @ApiAnswers({ status: 200, description: 'The CSV', schema: { type: 'string' } }, 401, 403, 404)
  async csv(@Account() account: ApiKeyIdentity, @Param('id') id: string, @Res({ passthrough: true }) reply: { header: (k: string, v: string) => unknown }) {
    const csv = await this.exportPayouts.execute(account.workspaceId, account.mode, id);
    // Set only on success: an error is answered in JSON like every other.
    reply.header('content-type', 'text/csv; charset=utf-8');
    return csv;
  }
}
