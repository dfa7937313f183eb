import { useEffect, useRef, type ReactNode, type Ref } from 'react';
import { Heading, InlineAlert, LoadingSpinner, Paragraph } from 'suomifi-ui-components';
import { ApiError } from '../api/client';
import { useI18n } from '../i18n/i18n';

/**
 * A page's one h1, also the document's title. Focus moves to it when the page opens, so a screen
 * reader announces where a navigation led (a single-page app does not reload).
 */
export function PageHeading({ children, title }: { children: ReactNode; title?: string }) {
  const { t } = useI18n();
  const ref = useRef<HTMLHeadingElement>(null);
  const text = title ?? (typeof children === 'string' ? children : '');
  useEffect(() => {
    document.title = text ? `${text} – ${t('app.name')}` : t('app.name');
  }, [text, t]);
  useEffect(() => {
    ref.current?.focus({ preventScroll: true });
  }, []);
  return (
    <Heading variant="h1" ref={ref} tabIndex={-1} className="page-heading">
      {children}
    </Heading>
  );
}

/** The server's message (in the user's language), or a general one; each unmet requirement of a refused event in words. */
export function ErrorMessage({ error }: { error: unknown }) {
  const { t } = useI18n();
  if (!error) return null;
  const body = error instanceof ApiError ? error.body : null;
  return (
    <InlineAlert status="error" role="alert">
      {error instanceof Error ? error.message : t('app.error')}
      {body?.unmet && body.unmet.length > 0 && (
        <ul>
          {body.unmet.map((u) => (
            <li key={u.id}>{u.message}</li>
          ))}
        </ul>
      )}
      {Array.isArray(body?.details) && (
        <ul>
          {(body.details as Array<{ field?: string; message?: string }>).map((d, i) => (
            <li key={i}>{d.message ?? JSON.stringify(d)}</li>
          ))}
        </ul>
      )}
    </InlineAlert>
  );
}

export function Loading() {
  const { t } = useI18n();
  return <LoadingSpinner status="loading" text={t('app.loading')} textAlign="right" variant="small" />;
}

export function Lead({ children }: { children: ReactNode }) {
  return <Paragraph mb="m">{children}</Paragraph>;
}

/**
 * A page's status region: what an action did, announced politely; focusable, so a page can move the
 * focus there after an action whose control is gone.
 */
export function StatusMessage({ message, ref }: { message: string; ref: Ref<HTMLDivElement> }) {
  return (
    <div ref={ref} tabIndex={-1} role="status" aria-live="polite" className="status-message">
      {message && (
        <InlineAlert status="neutral" mb="m">
          {message}
        </InlineAlert>
      )}
    </div>
  );
}
