import { useEffect, useRef, useState, type ReactNode } from 'react';
import { ErrorSummary } from 'suomifi-ui-components';
import { useI18n } from '../i18n/i18n';
import './supplier.css';

/** The current time, renewed every `intervalMs` (a minute by default): countdowns re-render without announcing anything. */
export function useNow(intervalMs = 60_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** A field's label with the visible "(required)" mark of a mandatory field. */
export function RequiredLabel({ children, required }: { children: ReactNode; required: boolean }) {
  const { t } = useI18n();
  if (!required) return <>{children}</>;
  return (
    <>
      {children} <span className="required-mark">({t('app.required')})</span>
    </>
  );
}

export interface FieldError {
  /** The id of the input the error is about; the summary's link moves focus there. */
  inputId: string;
  text: string;
}

/**
 * The list of a form's errors after a failed submit. Its heading takes the focus each time the
 * form is sent with errors (`attempt` counts the tries), so a screen reader reads the list first.
 */
export function FormErrors({ errors, attempt, level = 'h4' }: { errors: FieldError[]; attempt: number; level?: 'h2' | 'h3' | 'h4' | 'h5' }) {
  const { t } = useI18n();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (attempt > 0 && errors.length > 0) heading.current?.focus();
    // Only a new attempt moves the focus, not an error fixed while typing.
  }, [attempt]);
  if (errors.length === 0) return null;
  return (
    <ErrorSummary
      headingText={t('supplier.form.errorsHeading')}
      headingVariant={level}
      headingRef={heading}
      items={errors.map((e) => ({ text: e.text, inputId: e.inputId }))}
      mb="m"
    />
  );
}

/** A region a screen reader reads out when its text changes; it stays in the page so the change is noticed. */
export function LiveMessage({ children }: { children: ReactNode }) {
  return (
    <div aria-live="polite" role="status" className="live-message">
      {children ? <p className="success-message">{children}</p> : null}
    </div>
  );
}

export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * A table's scrolling box (usable at 360 px): focusable and named, so a keyboard user can scroll a
 * table wider than the screen and a screen reader announces what the region holds.
 */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
