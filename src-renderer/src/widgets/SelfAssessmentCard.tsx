// My scores → self-assessment: a staff member scores their own work results, attitude and ability for a month (the
// last finished one by default), and sees the locked appraisal result once their team's month is locked.
import { useMemo, useState } from 'react';
import { Card, Collapse, Descriptions, Select, Space, Typography } from 'antd';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { periodContaining, previousPeriod } from '@renderer/domain/appraisal';
import { assessmentOf } from '@renderer/db/appraisalReviews';
import { myRecord } from '@renderer/db/appraisalLock';
import { formatDateTime } from '@renderer/ui/i18n';
import { useSession } from '@renderer/session/session';
import { AssessmentForm } from '@renderer/widgets/AssessmentForm';
import { GradeTag, score1, SheetFigures } from '@renderer/widgets/SheetFigures';

export function SelfAssessmentCard() {
  const { t } = useTranslation();
  const { ctx, person, settings } = useSession();
  const zone = settings.workingCalendar.zone;
  const keys = useMemo(() => {
    const current = periodContaining('month', Date.now(), zone);
    const last = previousPeriod(current, zone);
    return [last.key, current.key, previousPeriod(last, zone).key];
  }, [zone]);
  const [key, setKey] = useState(keys[0]!);
  const data = useLiveQuery(async () => ({ self: await assessmentOf(ctx, key, person.id, 'self'), record: await myRecord(ctx, key) }), [ctx, key, person.id]);
  return (
    <Card
      size="small"
      title={t('appraisal.selfAssessment')}
      style={{ marginBottom: 16 }}
      data-testid="self-assessment"
      extra={<Select size="small" value={key} onChange={setKey} options={keys.map((k) => ({ value: k, label: k }))} style={{ width: 110 }} data-testid="self-period" />}
    >
      <Typography.Paragraph type="secondary">{t('appraisal.selfHelp')}</Typography.Paragraph>
      {data && <AssessmentForm periodKey={key} staffId={person.id} kind="self" existing={data.self} />}
      {data?.record && (
        <Descriptions size="small" column={3} style={{ marginTop: 12 }} data-testid="my-appraisal">
          <Descriptions.Item label={t('appraisal.composite')}>
            <Space size={4}>
              {score1(data.record.content.composite.value)}
              <GradeTag grade={data.record.content.composite.grade} />
            </Space>
          </Descriptions.Item>
          <Descriptions.Item label={t('appraisal.version')}>v{data.record.version}</Descriptions.Item>
          <Descriptions.Item label={t('appraisal.lockedAt')}>{formatDateTime(data.record.content.lockedAt)}</Descriptions.Item>
        </Descriptions>
      )}
      {data?.record && (
        // The whole locked sheet, as HR received it: each component, why any is missing, every figure.
        <Collapse
          ghost
          size="small"
          data-testid="my-appraisal-sheet"
          items={[{ key: 'sheet', label: t('appraisal.mySheet'), children: <SheetFigures figures={data.record.content.figures} composite={data.record.content.composite} behind={null} /> }]}
        />
      )}
    </Card>
  );
}
