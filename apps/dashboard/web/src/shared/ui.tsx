import { ReactNode, useId, useState } from 'react';

/** Copies a value and says so; if the browser refuses the clipboard, the value is selected for a manual copy. */
export function CopyButton({ value, label = 'Copy' }: { value: string; label?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setState('copied');
    } catch {
      setState('failed');
    }
    window.setTimeout(() => setState('idle'), 2000);
  };
  return (
    <button type="button" className="button small" onClick={() => void copy()} aria-label={`${label}: ${value.length > 40 ? value.slice(0, 40) + '…' : value}`}>
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed: select and copy' : label}
    </button>
  );
}

/** A value to paste elsewhere (an id, a link, a tag), with its copy button. */
export function CopyField({ value, label }: { value: string; label?: string }) {
  return (
    <span className="copy-field">
      <code>{value}</code>
      <CopyButton value={value} label={label} />
    </span>
  );
}

export function ErrorNote({ error, prefix }: { error: Error | null | undefined; prefix?: string }) {
  if (!error) return null;
  return (
    <Problem>
      {prefix ? `${prefix}: ` : ''}
      {error.message}
    </Problem>
  );
}

/** What went wrong, said where screen readers hear it at once. */
export function Problem({ children }: { children: ReactNode }) {
  return <Note tone="error">{children}</Note>;
}

/** What a form did, said where screen readers hear it. */
export function Done({ children }: { children: ReactNode }) {
  return <Note tone="success">{children}</Note>;
}

/** A line the page says: a problem is an alert, heard at once; a success is a status, heard when the reader is free. */
function Note({ tone, children }: { tone: 'error' | 'success'; children: ReactNode }) {
  return (
    <p className={tone} role={tone === 'error' ? 'alert' : 'status'}>
      {children}
    </p>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p className="muted" role="status">
      Loading {what}…
    </p>
  );
}

/** An empty list teaches the next step instead of showing nothing. */
export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty">
      <p className="empty-title">{title}</p>
      {children}
    </div>
  );
}

export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <header className="page-header">
      <h1>{title}</h1>
      <div className="page-actions">{children}</div>
    </header>
  );
}

export function Card({ title, children, actions }: { title?: string; children: ReactNode; actions?: ReactNode }) {
  const id = useId();
  return (
    <section className="card" aria-labelledby={title ? id : undefined}>
      {title || actions ? (
        <div className="card-head">
          {title ? <h2 id={id}>{title}</h2> : <span />}
          {actions}
        </div>
      ) : null}
      {children}
    </section>
  );
}

/** A labelled input; every input on every page goes through it (or a label of its own). */
export function Field({
  label,
  hint,
  children,
}: {
  label: string;
  hint?: string;
  children: (props: { id: string; 'aria-describedby'?: string }) => ReactNode;
}) {
  const id = useId();
  const hintId = `${id}-hint`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-describedby': hint ? hintId : undefined })}
      {hint ? (
        <span className="hint" id={hintId}>
          {hint}
        </span>
      ) : null}
    </div>
  );
}

export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge badge-${status.replace(/[^a-z_]/g, '')}`}>{status.replace(/_/g, ' ')}</span>;
}

export function Details({ rows }: { rows: Array<[string, ReactNode]> }) {
  return (
    <dl className="details">
      {rows.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v ?? '—'}</dd>
        </div>
      ))}
    </dl>
  );
}

/** An id shown short, with a copy button for the whole. */
export function ShortId({ id, copyLabel = 'Copy id' }: { id: string | null | undefined; copyLabel?: string }) {
  if (!id) return <>—</>;
  return (
    <span className="copy-field">
      <code title={id}>{id.length > 14 ? `${id.slice(0, 8)}…` : id}</code>
      <CopyButton value={id} label={copyLabel} />
    </span>
  );
}

/** A secret shown this once: the words say so, and the value is copyable. */
export function ShownOnce({ title, value, onDone }: { title: string; value: string; onDone: () => void }) {
  return (
    <div className="shown-once" role="status">
      <p>
        <strong>{title}</strong> Copy it now: it is stored hashed and will not be shown again.
      </p>
      <CopyField value={value} />
      <button type="button" className="button small" onClick={onDone}>
        I have copied it
      </button>
    </div>
  );
}

/** One figure of a row of figures (clicks, conversions, revenue). */
export function Stat({ label, value }: { label: string; value: string }) {
  return (
    <div className="stat">
      <span className="stat-label">{label}</span>
      <span className="stat-value">{value}</span>
    </div>
  );
}

const PERIODS = [7, 30, 90, 365];

/** The period of figures and charts, in whole days up to today. */
export function PeriodSelect({ days, onChange }: { days: number; onChange: (days: number) => void }) {
  return (
    <Field label="Period">
      {(p) => (
        <select {...p} value={days} onChange={(e) => onChange(Number(e.target.value))}>
          {PERIODS.map((d) => (
            <option key={d} value={d}>
              Last {d} days
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** A filter of a list: one of `options`, or Any (the empty value). */
export function AnyOf({
  label,
  value,
  onChange,
  options,
  optionLabel = (o) => o,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: readonly string[];
  optionLabel?: (option: string) => string;
}) {
  return (
    <Field label={label}>
      {(p) => (
        <select {...p} value={value} onChange={(e) => onChange(e.target.value)}>
          <option value="">Any</option>
          {options.map((o) => (
            <option key={o} value={o}>
              {optionLabel(o)}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
