import { Injectable } from '@nestjs/common';
import type { ConversionView } from '@app/domain';
import { newId, normalizeUuid } from '@app/domain';
import { Clock } from '../../clock';
import { ChainMember, settleChain } from '../../core/commission';
import { commissionEvent } from '../../store/commission-rows';
import { RecordConversionCommand } from './record-conversion.command';
import { CommissionsStore } from '../../store/commissions-store';

/**
 * Keeps a conversion's latest state and settles the commissions of its subscription (the initial
 * sale and its renewals) in one transaction, with the events announcing them. Safe to run twice
 * for one event (the inbox), in any order (only the newest state is kept, and the commissions
 * are a function of the states), and on several replicas (the subscription is locked).
 */
@Injectable()
export class RecordConversionUseCase {
  constructor(
    private readonly store: CommissionsStore,
    private readonly clock: Clock,
  ) {}

  async execute(command: RecordConversionCommand): Promise<void> {
    const { workspace_id: workspaceId, mode } = command;
    const conversion: ConversionView = {
      ...(command.conversion as unknown as ConversionView),
      id: normalizeUuid(command.conversion.id),
      partner_id: normalizeUuid(command.conversion.partner_id),
      currency: command.conversion.currency?.toLowerCase() ?? null,
      commissionable_amount_cents: command.conversion.commissionable_amount_cents ?? command.conversion.amount_cents,
      initial_conversion_id: command.conversion.initial_conversion_id ? normalizeUuid(command.conversion.initial_conversion_id) : null,
    };
    const chainId = conversion.kind === 'renewal' && conversion.initial_conversion_id ? conversion.initial_conversion_id : conversion.id;
    await this.store.run(async (db, announce) => {
      if (!(await this.store.inbox.firstTime(db, command.id))) return;
      await this.store.conversions.lockChain(db, workspaceId, mode, chainId);
      if (!(await this.store.conversions.keepIfNewer(db, workspaceId, mode, chainId, conversion, command.created_at))) return;
      const chain = await this.store.conversions.chain(db, workspaceId, mode, chainId);
      const existing = new Map(
        (
          await this.store.commissions.findByConversions(
            db,
            workspaceId,
            mode,
            chain.map((c) => c.id),
          )
        ).map((c) => [c.conversionId, c]),
      );
      const members: ChainMember[] = [];
      for (const c of chain) {
        const commission = existing.get(c.id) ?? null;
        // Terms of the plan in force when the conversion was created: a plan change applies to later conversions only.
        const terms = commission ? null : await this.store.plans.termsInForce(db, workspaceId, mode, c.partner_id, new Date(c.created_at));
        members.push({ conversion: c, commission, terms });
      }
      const partners = await this.store.partners.find(db, workspaceId, mode, [...new Set(chain.map((c) => c.partner_id))]);
      const now = this.clock.now();
      const settled = settleChain(members, { now, newId, partnerEmail: (id) => partners.get(id)?.email ?? null });
      for (const s of settled) {
        const occurredAt = chain.find((c) => c.id === s.record.conversionId)!.occurred_at;
        if (s.created) await this.store.commissions.insert(db, s.record, occurredAt);
        else await this.store.commissions.update(db, s.record);
        if (s.adjustmentCents !== 0) await this.store.commissions.insertAdjustment(db, s.record, s.adjustmentCents, now);
        announce(commissionEvent(s.created ? 'commission.created' : 'commission.updated', s.record, now));
      }
    });
  }
}
