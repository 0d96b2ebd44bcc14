// The reviewer's calibration sessions: each item to score (blind to the others' answers), what is done, and the
// report once every item is scored (or the session is closed).
import { useState } from 'react';
import { Button, Card, Drawer, Space, Table, Tag, Typography } from 'antd';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import type { CalibrationSession } from '@renderer/domain/model';
import { myCalibrationWork } from '@renderer/db/calibration';
import { useSession } from '@renderer/session/session';
import { reviewHref } from '@renderer/ui/links';
import { CalibrationReportView } from '@renderer/widgets/CalibrationReportView';

export function CalibrationCard() {
  const { t } = useTranslation();
  const { ctx } = useSession();
  const [report, setReport] = useState<string | null>(null);
  const data = useLiveQuery(() => myCalibrationWork(ctx), [ctx]);
  if (!data || data.sessions.length === 0) return null;
  return (
    <Card title={t('calibration.mine')} data-testid="calibration-card">
      <Table<CalibrationSession>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={data.sessions}
        columns={[
          { title: t('sampling.name'), dataIndex: 'name' },
          {
            title: t('calibration.items'),
            key: 'items',
            render: (_: unknown, s) => (
              <Space direction="vertical" size={2}>
                {s.items.map((i) =>
                  data.done.has(`${s.id}|${i.id}`) ? (
                    <Typography.Text key={i.id} type="secondary">
                      ✓ {data.labels.get(i.id) ?? i.id}
                    </Typography.Text>
                  ) : s.status === 'open' ? (
                    <a key={i.id} href={reviewHref(i.kind, i.id, s.id)} data-testid="calibration-item">
                      {data.labels.get(i.id) ?? i.id}
                    </a>
                  ) : null,
                )}
              </Space>
            ),
          },
          { title: t('review.status'), key: 'status', render: (_: unknown, s) => <Tag color={s.status === 'open' ? 'blue' : 'default'}>{t(`calibration.status.${s.status}`)}</Tag> },
          {
            title: '',
            key: 'report',
            render: (_: unknown, s) => (
              <Button size="small" onClick={() => setReport(s.id)} data-testid="open-report">
                {t('calibration.report')}
              </Button>
            ),
          },
        ]}
      />
      {report && (
        <Drawer open width={880} title={t('calibration.report')} onClose={() => setReport(null)} destroyOnHidden>
          <CalibrationReportView sessionId={report} />
        </Drawer>
      )}
    </Card>
  );
}
