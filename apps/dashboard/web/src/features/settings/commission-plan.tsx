import { FormEvent, useState } from 'react';
import { useServiceList, useServiceMutation } from '../../shared/queries';
import { Card, Done, ErrorNote, Field, Loading, Problem } from '../../shared/ui';
import { formatDate, formatMoney, parseMoney } from '../../shared/money';
import { PartnerName } from '../partners/partner-name';

interface Plan {
  id: string;
  partner_id: string | null;
  rate: { type: 'percentage'; rate_bps: number } | { type: 'flat'; amounts: Record<string, number> };
  recurring: { limit: 'forever' } | { limit: 'months' | 'payments'; count: number };
  hold_days: number;
  effective_from: string;
}

function describe(plan: Plan): string {
  const rate =
    plan.rate.type === 'percentage'
      ? `${plan.rate.rate_bps / 100}% of each sale`
      : `${Object.entries(plan.rate.amounts)
          .map(([c, a]) => formatMoney(a, c))
          .join(' or ')} per sale`;
  const recurring =
    plan.recurring.limit === 'forever'
      ? 'renewals forever'
      : `renewals for the first ${plan.recurring.count} ${plan.recurring.limit === 'months' ? 'months' : 'payments'}`;
  return `${rate}, ${recurring}, held ${plan.hold_days} days`;
}

export function CommissionPlan() {
  const plans = useServiceList<Plan>('/v1/plans');
  const [type, setType] = useState<'percentage' | 'flat'>('percentage');
  const [percent, setPercent] = useState('20');
  const [currency, setCurrency] = useState('usd');
  const [amount, setAmount] = useState('');
  const [months, setMonths] = useState('');
  const [hold, setHold] = useState('30');
  const [problem, setProblem] = useState<string | null>(null);
  const save = useServiceMutation<Plan, Record<string, unknown>>(
    'POST',
    () => '/v1/plans',
    (b) => b,
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    let rate: Plan['rate'];
    if (type === 'percentage') {
      const m = /^\s*(\d{1,3})(?:\.(\d{1,2}))?\s*$/.exec(percent);
      if (!m) return setProblem('The percentage must be a number such as 20 or 12.5.');
      rate = { type: 'percentage', rate_bps: Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0')) };
    } else {
      const code = currency.trim().toLowerCase();
      const cents = /^[a-z]{3}$/.test(code) ? parseMoney(amount, code) : null;
      if (cents === null) return setProblem('The flat amount needs a three-letter currency and an amount such as 25.00.');
      rate = { type: 'flat', amounts: { [code]: cents } };
    }
    const body = {
      rate,
      recurring: months.trim() ? { limit: 'months', count: Number(months) } : { limit: 'forever' },
      hold_days: Number(hold),
    };
    save.mutate(body);
  };
  const workspacePlan = plans.data?.data.find((p) => !p.partner_id);
  const overrides = plans.data?.data.filter((p) => p.partner_id) ?? [];
  return (
    <Card title="Commission plan">
      {plans.isPending ? <Loading what="the plan" /> : null}
      <ErrorNote error={plans.error} prefix="The plan could not be loaded" />
      {plans.data ? (
        <p>
          {workspacePlan ? (
            <>
              In force since {formatDate(workspacePlan.effective_from)}: <strong>{describe(workspacePlan)}</strong>.
            </>
          ) : (
            'No plan yet: attributed sales earn no commission until you set one.'
          )}
        </p>
      ) : null}
      {overrides.length > 0 ? (
        <ul>
          {overrides.map((p) => (
            <li key={p.id}>
              <PartnerName id={p.partner_id!} />: {describe(p)}
            </li>
          ))}
        </ul>
      ) : null}
      <form className="form" onSubmit={submit}>
        <fieldset className="events">
          <legend>Commission per sale</legend>
          <label>
            <input type="radio" name="rate-type" checked={type === 'percentage'} onChange={() => setType('percentage')} /> A percentage
          </label>
          <label>
            <input type="radio" name="rate-type" checked={type === 'flat'} onChange={() => setType('flat')} /> A flat amount
          </label>
        </fieldset>
        {type === 'percentage' ? (
          <Field label="Percentage of each sale">
            {(p) => <input {...p} value={percent} onChange={(e) => setPercent(e.target.value)} inputMode="decimal" required />}
          </Field>
        ) : (
          <div className="inline-form">
            <Field label="Currency">{(p) => <input {...p} value={currency} onChange={(e) => setCurrency(e.target.value)} size={5} required />}</Field>
            <Field label="Amount per sale">
              {(p) => <input {...p} value={amount} onChange={(e) => setAmount(e.target.value)} inputMode="decimal" placeholder="25.00" required />}
            </Field>
          </div>
        )}
        <Field label="Renewals earn for (months; empty for forever)">
          {(p) => <input {...p} type="number" min={1} max={1200} value={months} onChange={(e) => setMonths(e.target.value)} />}
        </Field>
        <Field label="Hold period (days)" hint="A commission waits this long for refunds before it is approved.">
          {(p) => <input {...p} type="number" min={0} max={365} value={hold} onChange={(e) => setHold(e.target.value)} required />}
        </Field>
        {problem ? <Problem>{problem}</Problem> : null}
        <ErrorNote error={save.error} prefix="The plan was not saved" />
        {save.isSuccess ? <Done>Plan saved: it applies to conversions from now on.</Done> : null}
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={save.isPending}>
            Save plan
          </button>
        </div>
      </form>
    </Card>
  );
}
