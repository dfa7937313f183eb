import { useEffect, useRef, useState } from 'react';
import { Button, Heading, InlineAlert, TextInput } from 'suomifi-ui-components';
import { useI18n } from '../i18n/i18n';

export interface ShownSecret {
  id: string;
  name: string;
  secret: string;
}

/**
 * A webhook's signing secret, the one time the API shows it (after creating the webhook or making a
 * new secret). The panel takes the focus when it appears, so nobody misses it, and stays until the
 * person says the secret is stored.
 */
export function SecretPanel({ shown, onDone }: { shown: ShownSecret; onDone(): void }) {
  const { t } = useI18n();
  const heading = useRef<HTMLHeadingElement>(null);
  const [copy, setCopy] = useState<'copied' | 'failed' | null>(null);

  useEffect(() => {
    setCopy(null);
    heading.current?.focus();
    heading.current?.scrollIntoView({ block: 'start' });
  }, [shown.secret]);

  const copySecret = async () => {
    try {
      await navigator.clipboard.writeText(shown.secret);
      setCopy('copied');
    } catch {
      setCopy('failed');
    }
  };

  return (
    <section className="panel secret-panel" aria-labelledby="secret-heading">
      <Heading variant="h2" id="secret-heading" ref={heading} tabIndex={-1} className="section-heading">
        {t('integrations.secret.title', { name: shown.name })}
      </Heading>
      <InlineAlert status="warning" mb="s">
        {t('integrations.secret.warning')}
      </InlineAlert>
      <TextInput
        id="webhook-secret"
        className="secret-value"
        labelText={t('integrations.secret.label')}
        value={shown.secret}
        readOnly
        autoComplete="off"
        spellCheck={false}
        onFocus={(event) => event.currentTarget.select()}
        fullWidth
      />
      <div role="status" aria-live="polite" className="status-message">
        {copy && (
          <p className={copy === 'copied' ? 'success-message' : undefined}>
            {t(copy === 'copied' ? 'integrations.secret.copied' : 'integrations.secret.copyFailed')}
          </p>
        )}
      </div>
      <div className="button-row spaced">
        <Button onClick={() => void copySecret()}>{t('integrations.secret.copy')}</Button>
        <Button variant="secondary" onClick={onDone}>
          {t('integrations.secret.done')}
        </Button>
      </div>
    </section>
  );
}
