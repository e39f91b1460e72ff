import { ConflictException, Injectable } from '@nestjs/common';
import { isDeepStrictEqual } from 'node:util';
import type { PayoutEvent } from '@app/domain';
import { newId, normalizeUuid } from '@app/domain';
import { Clock } from '../../clock';
import { draftPayout } from '../../core/payout';
import { OutgoingEvent } from '../../outbox/outbox';
import { commissionEvent } from '../../store/commission-rows';
import { BatchRecord, PayoutRecord, presentPayout } from '../../store/payouts.repository';
import { CreatePayoutsCommand } from './create-payouts.command';
import { CommissionsStore } from '../../store/commissions-store';

export interface PayoutBatch {
  batch: BatchRecord;
  payouts: PayoutRecord[];
}

export function payoutEvent(type: PayoutEvent['type'], p: PayoutRecord, now: Date): OutgoingEvent {
  const id = newId();
  const payload: PayoutEvent = {
    id,
    type,
    api_version: 'v1',
    workspace_id: p.workspaceId,
    mode: p.mode,
    created_at: now.toISOString(),
    payout: presentPayout(p),
  };
  return { subject: type, id, payload };
}

/**
 * Drafts a batch of payouts in one currency: per partner, its approved commissions netted with what
 * its paid commissions owe back, when that reaches the minimum. The draft locks its lines (they are
 * in no other payout until it is cancelled). The Idempotency-Key makes a retry return the same batch.
 */
@Injectable()
export class CreatePayoutsUseCase {
  constructor(
    private readonly store: CommissionsStore,
    private readonly clock: Clock,
  ) {}

  async execute(command: CreatePayoutsCommand): Promise<PayoutBatch & { created: boolean }> {
    const { workspaceId, mode, idempotencyKey, currency } = command;
    const request = { currency, partner_ids: command.partner_ids?.map(normalizeUuid).sort() ?? null, minimum_amount_cents: command.minimum_amount_cents };
    return this.store.run(async (db, announce) => {
      const now = this.clock.now();
      const batch: BatchRecord = { id: newId(), idempotencyKey, request, currency, createdAt: now };
      if (!(await this.store.payouts.claimBatch(db, workspaceId, mode, batch))) {
        const earlier = (await this.store.payouts.batchByKey(db, workspaceId, mode, idempotencyKey))!;
        if (!isDeepStrictEqual(earlier.request, request)) {
          throw new ConflictException(`Idempotency-Key ${idempotencyKey} was used for another payout request; use a new key for a different request`);
        }
        return { batch: earlier, payouts: await this.store.payouts.ofBatch(db, earlier.id), created: false };
      }
      const partnerIds = request.partner_ids ?? (await this.store.commissions.partnersWithBalance(db, workspaceId, mode, currency));
      const created: PayoutRecord[] = [];
      for (const partnerId of partnerIds) {
        const payable = await this.store.commissions.payable(db, workspaceId, mode, partnerId, currency);
        const draft = draftPayout(payable.commissions, payable.adjustments, command.minimum_amount_cents);
        if (!draft) continue;
        const times = [...payable.commissions.map((c) => c.createdAt.getTime()), ...payable.adjustments.map((a) => a.createdAt.getTime())];
        const payout: PayoutRecord = {
          id: newId(),
          workspaceId,
          mode,
          batchId: batch.id,
          partnerId,
          currency,
          amountCents: draft.amountCents,
          lineCount: draft.lines.length,
          status: 'draft',
          reference: null,
          periodStart: new Date(times.reduce((a, b) => Math.min(a, b))),
          periodEnd: new Date(times.reduce((a, b) => Math.max(a, b))),
          createdAt: now,
          paidAt: null,
          cancelledAt: null,
        };
        await this.store.payouts.insert(db, payout, draft.lines);
        for (const c of payable.commissions) {
          const locked = { ...c, payoutId: payout.id, updatedAt: now };
          await this.store.commissions.update(db, locked);
          announce(commissionEvent('commission.updated', locked, now));
        }
        await this.store.commissions.setAdjustmentsPayout(
          db,
          payable.adjustments.map((a) => a.id),
          payout.id,
        );
        announce(payoutEvent('payout.created', payout, now));
        created.push(payout);
      }
      return { batch, payouts: created, created: true };
    });
  }
}
