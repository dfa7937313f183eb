import { useI18n } from '../i18n/i18n';
import { PageHeading } from '../ui/page';

export default function Page() {
  const { t } = useI18n();
  return <PageHeading>{t('app.name')}</PageHeading>;
}
