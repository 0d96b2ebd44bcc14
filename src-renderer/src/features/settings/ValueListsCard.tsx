// The company's own ticket categories and statuses (admins): both names, the words exports use for each, and for a
// status what it means (a step of the ticket's life, or that the helpdesk took the ticket out). The importer maps
// these words; a problem is named by list, row and part, and nothing typed is lost until it is fixed and saved.
import { useMemo, useState } from 'react';
import { Alert, App, Button, Card, Input, Popconfirm, Select, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { saveValueLists, ValueListsInvalid } from '@renderer/db/settings';
import { BUILT_IN_STATUSES, suggestValue, type ListField, type ValueEntry, type ValueListProblem, type ValueLists } from '@renderer/domain/valueLists';
import { useSession } from '@renderer/session/session';
import { describeError } from '@renderer/session/errors';
import { useValueText } from '@renderer/session/useValueText';

export function ValueListsCard() {
  const { t } = useTranslation();
  const session = useSession();
  const { ctx, settings } = session;
  const { message } = App.useApp();
  const vt = useValueText();
  const [draft, setDraft] = useState<ValueLists>(settings.valueLists);
  const [problems, setProblems] = useState<ValueListProblem[]>([]);
  const [saving, setSaving] = useState(false);
  const dirty = JSON.stringify(draft) !== JSON.stringify(settings.valueLists);
  const update = (field: ListField, i: number, p: Partial<ValueEntry>) =>
    setDraft((d) => ({ ...d, [field]: d[field].map((e, j) => (j === i ? { ...e, ...p } : e)) }));
  const add = (field: ListField) =>
    setDraft((d) => ({ ...d, [field]: [...d[field], { value: '', labels: { en: '', 'zh-CN': '' }, words: [], ...(field === 'status' ? { meaning: 'closed' as const } : {}) }] }));
  const remove = (field: ListField, i: number) => setDraft((d) => ({ ...d, [field]: d[field].filter((_, j) => j !== i) }));

  const save = async () => {
    // A new row's value comes from its English name (or a number) when the admin left it empty.
    const filled: ValueLists = { category: [], status: [] };
    for (const field of ['category', 'status'] as const)
      for (const e of draft[field]) filled[field].push(e.value.trim() ? e : { ...e, value: suggestValue(field, e.labels.en || e.labels['zh-CN'], filled) });
    setSaving(true);
    try {
      await saveValueLists(ctx, filled);
      setDraft(filled);
      setProblems([]);
      await session.reloadSettings();
      void message.success(t('settings.saved'));
    } catch (e) {
      if (e instanceof ValueListsInvalid) setProblems(e.problems);
      else void message.error(describeError(e).message);
    } finally {
      setSaving(false);
    }
  };

  const problemText = (p: ValueListProblem) =>
    t('settings.lists.problem', { list: t(`settings.lists.${p.field}`), row: p.row, part: t(`settings.lists.part.${p.part}`), what: t(`settings.lists.code.${p.code}`, { value: p.value ?? '' }) });
  const meanings = useMemo(() => BUILT_IN_STATUSES.map((m) => ({ value: m, label: t(`values.status.${m}`) })), [t]);

  const table = (field: ListField) => (
    <Table<ValueEntry & { i: number }>
      size="small"
      pagination={false}
      rowKey="i"
      data-testid={`list-${field}`}
      dataSource={draft[field].map((e, i) => ({ ...e, i }))}
      locale={{ emptyText: t(`settings.lists.empty.${field}`) }}
      columns={[
        { title: t('settings.lists.nameZh'), width: 160, render: (_, e) => <Input value={e.labels['zh-CN']} onChange={(x) => update(field, e.i, { labels: { ...e.labels, 'zh-CN': x.target.value } })} data-testid={`${field}-${e.i}-zh`} /> },
        { title: t('settings.lists.nameEn'), width: 160, render: (_, e) => <Input value={e.labels.en} onChange={(x) => update(field, e.i, { labels: { ...e.labels, en: x.target.value } })} data-testid={`${field}-${e.i}-en`} /> },
        {
          title: t('settings.lists.words'),
          render: (_, e) => (
            <Select
              mode="tags"
              style={{ width: '100%' }}
              value={e.words}
              tokenSeparators={[',', '，', ';', '；']}
              onChange={(w: string[]) => update(field, e.i, { words: w })}
              placeholder={t('settings.lists.wordsHint')}
              open={false}
              data-testid={`${field}-${e.i}-words`}
            />
          ),
        },
        ...(field === 'status'
          ? [{ title: t('settings.lists.meaning'), width: 170, render: (_: unknown, e: ValueEntry & { i: number }) => <Select value={e.meaning} options={meanings} style={{ width: '100%' }} onChange={(m) => update(field, e.i, { meaning: m })} data-testid={`${field}-${e.i}-meaning`} /> }]
          : []),
        {
          title: t('settings.lists.value'),
          width: 130,
          render: (_, e) => <Typography.Text code>{e.value || '—'}</Typography.Text>,
        },
        {
          title: '',
          width: 80,
          render: (_, e) => (
            <Popconfirm title={t('settings.lists.removeConfirm')} okText={t('settings.lists.remove')} cancelText={t('actions.cancel')} onConfirm={() => remove(field, e.i)}>
              <Button size="small" danger data-testid={`${field}-${e.i}-remove`}>
                {t('settings.lists.remove')}
              </Button>
            </Popconfirm>
          ),
        },
      ]}
    />
  );

  return (
    <Card title={t('settings.lists.title')} data-testid="value-lists">
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">{t('settings.lists.intro', { builtIn: vt.options('category').slice(0, 3).map((o) => o.label).join(' · ') })}</Typography.Text>
        {problems.length > 0 && (
          <Alert type="error" showIcon data-testid="list-problems" title={t('settings.lists.problems', { count: problems.length })} description={<ul style={{ margin: 0 }}>{problems.map((p, k) => <li key={k}>{problemText(p)}</li>)}</ul>} />
        )}
        <Typography.Text strong>{t('settings.lists.category')}</Typography.Text>
        {table('category')}
        <Button onClick={() => add('category')} data-testid="add-category">
          {t('settings.lists.addCategory')}
        </Button>
        <Typography.Text strong>{t('settings.lists.status')}</Typography.Text>
        <Typography.Text type="secondary">{t('settings.lists.statusIntro')}</Typography.Text>
        {table('status')}
        <Button onClick={() => add('status')} data-testid="add-status">
          {t('settings.lists.addStatus')}
        </Button>
        <Space>
          <Button type="primary" disabled={!dirty} loading={saving} onClick={() => void save()} data-testid="save-lists">
            {t('actions.save')}
          </Button>
          <Button disabled={!dirty} onClick={() => (setDraft(settings.valueLists), setProblems([]))} data-testid="revert-lists">
            {t('settings.lists.revert')}
          </Button>
        </Space>
      </Space>
    </Card>
  );
}
