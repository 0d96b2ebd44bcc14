// The review page: the item being scored (#/review?kind=call&id=...), or the reviewer's drafts and recent
// evaluations with a way back into each.
import { useEffect, useState } from 'react';
import { Button, Card, Drawer, Empty, Space, Table, Tag } from 'antd';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import type { Evaluation } from '@renderer/domain/model';
import { displayScore } from '@renderer/domain/scoring';
import { listMyEvaluations } from '@renderer/db/evaluations';
import { formatDateTime } from '@renderer/ui/i18n';
import { useSession } from '@renderer/session/session';
import { ReviewWorkspace } from './ReviewWorkspace';
import { DisputesCard } from './DisputesCard';
import { QueueCard } from './QueueCard';
import { CalibrationCard } from './CalibrationCard';
import { EvaluationView } from '@renderer/widgets/EvaluationView';
import { rubricDefinitions } from '@renderer/db/myScores';
import { reviewHref } from '@renderer/ui/links';

function itemFromHash(): { kind: 'call' | 'ticket'; id: string; calibration: string | null } | null {
  const q = new URLSearchParams(window.location.hash.split('?')[1] ?? '');
  const kind = q.get('kind');
  const id = q.get('id');
  return id && (kind === 'call' || kind === 'ticket') ? { kind, id, calibration: q.get('calibration') } : null;
}


export function ReviewPage() {
  const { t } = useTranslation();
  const { ctx } = useSession();
  const [item, setItem] = useState(itemFromHash);
  useEffect(() => {
    const on = () => setItem(itemFromHash());
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  const mine = useLiveQuery(() => listMyEvaluations(ctx), [ctx]);
  const [openId, setOpenId] = useState<string | null>(null);
  const rubricDefs = useLiveQuery(() => rubricDefinitions(ctx, (mine ?? []).map((e) => e.rubricVersionId)), [ctx, mine]);
  const opened = mine?.find((e) => e.id === openId);

  if (item)
    return (
      <ReviewWorkspace key={`${item.kind}:${item.id}:${item.calibration ?? ''}`} kind={item.kind} id={item.id} calibrationSessionId={item.calibration} onDone={() => (window.location.hash = '#/review')} />
    );
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
    <QueueCard />
    <CalibrationCard />
    <DisputesCard />
    <Card data-testid="page-review" title={t('review.mine')}>
      {mine && mine.length === 0 ? (
        <Empty description={t('review.emptyQueue')} />
      ) : (
        <Table<Evaluation>
          size="small"
          rowKey="id"
          loading={!mine}
          dataSource={mine}
          data-testid="my-evaluations"
          onRow={(e) => ({ onClick: () => e.status === 'submitted' && setOpenId(e.id), style: { cursor: 'pointer' } })}
          columns={[
            { title: t('review.item'), key: 'item', render: (_: unknown, e) => <Tag>{t(`review.kind.${e.itemKind}`)}</Tag> },
            {
              title: t('review.status'),
              key: 'status',
              render: (_: unknown, e) => (
                <>
                  <Tag color={e.status === 'draft' ? 'blue' : 'green'}>{t(`review.statusValue.${e.status}`)}</Tag>
                  {e.revision > 1 && <Tag>{t('myScores.revised', { n: e.revision - 1 })}</Tag>}
                </>
              ),
            },
            { title: t('review.score'), key: 'score', render: (_: unknown, e) => displayScore(e.score) },
            { title: t('rubrics.updated'), dataIndex: 'updatedAt', render: formatDateTime },
            {
              title: '',
              key: 'open',
              render: (_: unknown, e) =>
                e.status === 'draft' ? (
                  <Button size="small" href={reviewHref(e.itemKind, e.itemId)} data-testid="continue-draft">
                    {t('review.continue')}
                  </Button>
                ) : null,
            },
          ]}
        />
      )}
      {opened && rubricDefs?.get(opened.rubricVersionId) && (
        <Drawer open width={860} onClose={() => setOpenId(null)} title={t('myScores.evaluationOf', { at: formatDateTime(opened.occurredAt) })} destroyOnHidden>
          <EvaluationView evaluation={opened} rubric={rubricDefs.get(opened.rubricVersionId)!} mode="reviewer" />
        </Drawer>
      )}
    </Card>
    </Space>
  );
}
