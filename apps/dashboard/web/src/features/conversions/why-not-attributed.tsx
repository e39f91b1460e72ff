import { FormEvent, useState } from 'react';
import { ApiError, apiPath, request } from '../../shared/api';
import { Link, pathIn, useLocation } from '../../shared/router';
import { Card, ErrorNote, Field } from '../../shared/ui';

interface Explanation {
  found: boolean;
  summary: string;
  events?: Array<{ id: string; type: string; explanation: string }>;
  conversions?: Array<{ id: string }>;
}

interface StripeEventOutcome {
  id: string;
  type: string;
  outcome: string;
  detail: string | null;
  conversion_id: string | null;
}

interface Answer {
  summary: string;
  events: Array<{ id: string; type: string; explanation: string }>;
  conversionIds: string[];
}

/** "Why was this sale not attributed?": paste a Stripe id, read the outcome in plain words. */
export function WhyNotAttributed() {
  const { mode } = useLocation();
  const [id, setId] = useState('');
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);

  const ask = async (e: FormEvent) => {
    e.preventDefault();
    const stripeId = id.trim();
    setBusy(true);
    setError(null);
    setAnswer(null);
    try {
      setAnswer(await explain(mode, stripeId));
    } catch (err) {
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title="Why was this sale not attributed?">
      <p className="muted">Paste a Stripe event (evt_…), Checkout Session (cs_…), invoice (in_…) or customer (cus_…) id.</p>
      <form className="inline-form" onSubmit={(e) => void ask(e)}>
        <Field label="Stripe id">
          {(p) => <input {...p} value={id} onChange={(e) => setId(e.target.value)} required pattern="[A-Za-z0-9_]+" placeholder="evt_1Q…" autoComplete="off" />}
        </Field>
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? 'Looking…' : 'Explain'}
        </button>
      </form>
      <ErrorNote error={error} prefix="No answer" />
      {answer ? (
        <div className="explanation" role="status">
          <p>{answer.summary}</p>
          {answer.events.length > 0 ? (
            <ul>
              {answer.events.map((ev) => (
                <li key={ev.id}>
                  <code>{ev.type}</code> {ev.explanation}
                </li>
              ))}
            </ul>
          ) : null}
          {answer.conversionIds.map((c) => (
            <p key={c}>
              <Link to={pathIn(mode, `/conversions/${c}`)}>Open the conversion</Link>
            </p>
          ))}
        </div>
      ) : null}
    </Card>
  );
}

async function explain(mode: 'test' | 'live', stripeId: string): Promise<Answer> {
  try {
    const e = await request<Explanation>('GET', apiPath(mode, `/v1/attribution-explanations/${encodeURIComponent(stripeId)}`));
    const named = await partnerNamer(mode, [e.summary, ...(e.events ?? []).map((ev) => ev.explanation)]);
    const summary = named(e.summary);
    // The summary often repeats the first event's sentence: list only the events that add something.
    const events: Answer['events'] = [];
    for (const ev of e.events ?? []) {
      const explanation = named(ev.explanation);
      if (!summary.includes(explanation) && !events.some((shown) => shown.explanation === explanation)) events.push({ ...ev, explanation });
    }
    return { summary, events, conversionIds: (e.conversions ?? []).map((c) => c.id) };
  } catch (err) {
    // A server without the explanations still records what became of each Stripe event.
    if (!(err instanceof ApiError && err.status === 404 && stripeId.startsWith('evt_'))) throw err;
    const ev = await request<StripeEventOutcome>('GET', apiPath(mode, `/v1/stripe-events/${encodeURIComponent(stripeId)}`));
    return {
      summary: `${ev.type} ${ev.id}: ${ev.outcome.replace(/_/g, ' ')}${ev.detail ? ` (${ev.detail})` : ''}.`,
      events: [],
      conversionIds: ev.conversion_id ? [ev.conversion_id] : [],
    };
  }
}

const PARTNER_ID = /partner ([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/gi;

/** The sentences name partners by id; the merchant knows them by name. An id whose partner cannot be read stays as it is. */
async function partnerNamer(mode: 'test' | 'live', sentences: string[]): Promise<(sentence: string) => string> {
  const ids = [...new Set(sentences.flatMap((s) => [...s.matchAll(PARTNER_ID)].map((m) => m[1])))];
  const names = new Map<string, string>();
  await Promise.all(
    ids.map(async (id) => {
      try {
        names.set(id, (await request<{ name: string }>('GET', apiPath(mode, `/v1/partners/${encodeURIComponent(id)}`))).name);
      } catch {
        // Deleted, or a service that is down: the id still identifies the partner.
      }
    }),
  );
  return (sentence) => sentence.replace(PARTNER_ID, (whole, id: string) => (names.has(id) ? `partner ${names.get(id)}` : whole));
}
