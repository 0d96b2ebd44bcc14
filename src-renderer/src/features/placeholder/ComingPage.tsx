// Pages later issues build: say what will be there, and what the workspace already holds.
import { useEffect, useState } from 'react';
import { Card, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Page } from '@renderer/domain/roles';
import { useSession } from '../sign-in/session';

export function ComingPage({ page }: { page: Page }) {
  const { t } = useTranslation();
  const { ctx } = useSession();
  const [counts, setCounts] = useState<{ tickets: number; recordings: number } | null>(null);
  useEffect(() => {
    void Promise.all([ctx.db.tickets.count(), ctx.db.recordings.count()]).then(([tickets, recordings]) => setCounts({ tickets, recordings }));
  }, [ctx.db]);
  return (
    <Card data-testid={`page-${page}`}>
      <Result status="info" title={t('coming.title')} subTitle={t(`coming.${page}`)} extra={counts && <span data-testid="workspace-counts">{t('coming.workspace', counts)}</span>} />
    </Card>
  );
}
