import { useId } from 'react';
import './planTools.css';

/**
 * Native fields for what suomifi has no plain form control for (a select the browser's own tools and
 * assistive technology handle natively; a date and time in Helsinki time). Each has a visible label.
 */
export function SelectField<T extends string>({
  label,
  value,
  options,
  onChange,
  hint,
  disabled,
}: {
  label: string;
  value: T;
  options: ReadonlyArray<{ value: T; label: string }>;
  onChange(value: T): void;
  hint?: string;
  disabled?: boolean;
}) {
  const id = useId();
  return (
    <div className="pt-field">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <span className="pt-hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      <select id={id} value={value} disabled={disabled} aria-describedby={hint ? `${id}-hint` : undefined} onChange={(e) => onChange(e.target.value as T)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** `value` is a Helsinki wall-clock time as <input type="datetime-local"> writes it (see toLocalInput / fromLocalInput). */
export function DateTimeField({ label, value, onChange, hint, required }: { label: string; value: string; onChange(value: string): void; hint?: string; required?: boolean }) {
  const id = useId();
  return (
    <div className="pt-field">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <span className="pt-hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      <input id={id} type="datetime-local" value={value} required={required} aria-describedby={hint ? `${id}-hint` : undefined} onChange={(e) => onChange(e.target.value)} />
    </div>
  );
}

/** A number typed in a text field: '' stays empty (undefined), a comma is read as a decimal point. */
export function parseNumber(text: string): number | undefined {
  const trimmed = text.trim().replace(/\s/g, '').replace(',', '.');
  if (trimmed === '') return undefined;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : undefined;
}
