// Pages later issues build: say what will be there, and what the workspace already holds.
import { useLiveQuery } from 'dexie-react-hooks';
import { Card, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Page } from '@renderer/domain/roles';
import { useSession } from '@renderer/session/session';
import { formatNumber } from '@renderer/ui/i18n';
import { workspaceCounts } from '@renderer/db/workspace';

export function ComingPage({ page }: { page: Page }) {
  const { t } = useTranslation();
  const { ctx } = useSession();
  // Live: the counts follow imports and demo loading without a reload.
  const counts = useLiveQuery(async () => {
    const { tickets, recordings } = await workspaceCounts(ctx);
    return { tickets: formatNumber(tickets), recordings: formatNumber(recordings) };
  }, [ctx]);
  return (
    <Card data-testid={`page-${page}`}>
      <Result status="info" title={t('coming.title')} subTitle={t(`coming.${page}`)} extra={counts && <span data-testid="workspace-counts">{t('coming.workspace', counts)}</span>} />
    </Card>
  );
}
