import { EntityManager } from 'typeorm';
import type { Mode } from '@app/domain';
import { preparedQuery } from '@app/persistence';
import { CommissionTerms, PlanTerms } from '../core/terms';

export interface PlanVersion {
  id: string;
  partnerId: string | null;
  terms: PlanTerms;
  effectiveFrom: Date;
}

/** Plan versions per workspace and mode; a partner's override is a plan with its partner id. */
export class PlansRepository {
  async insert(db: EntityManager, workspaceId: string, mode: Mode, plan: PlanVersion): Promise<void> {
    await preparedQuery(db, `INSERT INTO commissions.plans (id, workspace_id, mode, partner_id, terms, effective_from) VALUES ($1, $2, $3, $4, $5, $6)`, [
      plan.id,
      workspaceId,
      mode,
      plan.partnerId,
      JSON.stringify(plan.terms),
      plan.effectiveFrom,
    ]);
  }

  /**
   * The terms in force for a partner's conversion created at `at`: the partner's override if one was
   * in force, else the workspace's plan; null when neither existed yet (no commission).
   */
  async termsInForce(db: EntityManager, workspaceId: string, mode: Mode, partnerId: string, at: Date): Promise<CommissionTerms | null> {
    const rows = await preparedQuery<{ id: string; partner_id: string | null; terms: PlanTerms }>(
      db,
      `(SELECT id, partner_id, terms FROM commissions.plans WHERE workspace_id = $1 AND mode = $2 AND partner_id = $3 AND effective_from <= $4
         ORDER BY effective_from DESC, id DESC LIMIT 1)
       UNION ALL
       (SELECT id, partner_id, terms FROM commissions.plans WHERE workspace_id = $1 AND mode = $2 AND partner_id IS NULL AND effective_from <= $4
         ORDER BY effective_from DESC, id DESC LIMIT 1)`,
      [workspaceId, mode, partnerId, at],
    );
    const chosen = rows.find((r) => r.partner_id !== null) ?? rows[0];
    return chosen ? { ...chosen.terms, plan_id: chosen.id, scope: chosen.partner_id ? 'partner' : 'workspace' } : null;
  }

  /** The plans in force now: the workspace's and each partner override's latest version. */
  async current(db: EntityManager, workspaceId: string, mode: Mode, now: Date): Promise<PlanVersion[]> {
    const rows = await db.query<Array<{ id: string; partner_id: string | null; terms: PlanTerms; effective_from: Date }>>(
      `SELECT DISTINCT ON (partner_id) id, partner_id, terms, effective_from FROM commissions.plans
       WHERE workspace_id = $1 AND mode = $2 AND effective_from <= $3 ORDER BY partner_id NULLS FIRST, effective_from DESC, id DESC`,
      [workspaceId, mode, now],
    );
    return rows.map((r) => ({ id: r.id, partnerId: r.partner_id, terms: r.terms, effectiveFrom: r.effective_from }));
  }
}

export function presentPlan(p: PlanVersion, mode: Mode) {
  return { id: p.id, object: 'plan' as const, mode, partner_id: p.partnerId, ...p.terms, effective_from: p.effectiveFrom.toISOString() };
}
