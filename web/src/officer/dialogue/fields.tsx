import { useId, type ReactNode } from 'react';
import './planTools.css';

/** A field's visible label and hint around its control; the control gets the ids to point at them. */
function Field({ label, hint, children }: { label: string; hint?: string; children: (ids: { id: string; describedBy: string | undefined }) => ReactNode }) {
  const id = useId();
  return (
    <div className="pt-field">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <span className="pt-hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      {children({ id, describedBy: hint ? `${id}-hint` : undefined })}
    </div>
  );
}

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
  return (
    <Field label={label} hint={hint}>
      {({ id, describedBy }) => (
        <select id={id} value={value} disabled={disabled} aria-describedby={describedBy} onChange={(e) => onChange(e.target.value as T)}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** `value` is a Helsinki wall-clock time as <input type="datetime-local"> writes it (see toLocalInput / fromLocalInput). */
export function DateTimeField({
  label,
  value,
  onChange,
  hint,
  required,
}: {
  label: string;
  value: string;
  onChange(value: string): void;
  hint?: string;
  required?: boolean;
}) {
  return (
    <Field label={label} hint={hint}>
      {({ id, describedBy }) => (
        <input id={id} type="datetime-local" value={value} required={required} aria-describedby={describedBy} onChange={(e) => onChange(e.target.value)} />
      )}
    </Field>
  );
}

/** A number typed in a text field: '' stays empty (undefined), a comma is read as a decimal point. */
export function parseNumber(text: string): number | undefined {
  const trimmed = text.trim().replace(/\s/g, '').replace(',', '.');
  if (trimmed === '') return undefined;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : undefined;
}
