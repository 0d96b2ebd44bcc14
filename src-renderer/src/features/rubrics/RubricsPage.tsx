// Rubrics: list with status and versions; new from a template or a JSON file; edit a draft in the builder; publish,
// start a new version, duplicate, export, retire. Published versions are read-only.
import { useState } from 'react';
import { Alert, App, Button, Card, Dropdown, Empty, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import type { Rubric, RubricVersion } from '@renderer/domain/model';
import { createRubric, duplicateRubric, exportRubric, importRubric, listRubrics, publishVersion, retireRubric, RubricInvalid, startNewVersion, allRubricVersions } from '@renderer/db/rubrics';
import { formatDateTime } from '@renderer/ui/i18n';
import { useSession } from '@renderer/session/session';
import { describeError } from '@renderer/session/errors';
import { useSaveFile } from '@renderer/session/useSaveFile';
import { RubricBuilder } from './RubricBuilder';
import { RUBRIC_TEMPLATES } from '@renderer/domain/rubricTemplates';

export function RubricsPage() {
  const { t } = useTranslation();
  const { ctx } = useSession();
  const { message } = App.useApp();
  const { saveFile } = useSaveFile();
  const [editing, setEditing] = useState<string | null>(null);
  const [problems, setProblems] = useState<string[] | null>(null);
  const rows = useLiveQuery(async () => {
    const rubrics = await listRubrics(ctx);
    const versions = await allRubricVersions(ctx);
    return rubrics.map((r) => ({ rubric: r, versions: versions.filter((v) => v.rubricId === r.id).sort((a, b) => b.version - a.version) }));
  }, [ctx]);

  const run = async (f: () => Promise<unknown>, ok?: string) => {
    setProblems(null);
    try {
      await f();
      if (ok) void message.success(ok);
    } catch (e) {
      if (e instanceof RubricInvalid) setProblems(e.problems.map((p) => `${p.path || t('rubrics.file')}: ${p.message}`));
      else void message.error(describeError(e).message);
    }
  };

  const fromFile = (f: File) => void run(async () => setEditing((await importRubric(ctx, await f.text())).version.id), t('rubrics.imported', { file: f.name }));

  if (editing) return <RubricBuilder versionId={editing} onClose={() => setEditing(null)} />;

  const draftOf = (vs: RubricVersion[]) => vs.find((v) => v.status === 'draft');
  return (
    <Card data-testid="page-rubrics">
      <Space style={{ marginBottom: 16 }} wrap>
        <Dropdown
          menu={{
            items: RUBRIC_TEMPLATES.map((tpl, i) => ({ key: String(i), label: <span data-testid={`template-${tpl.id}-${tpl.lang}`}>{t(`rubrics.templates.${tpl.id}`)} ({tpl.lang === 'en' ? 'English' : '简体中文'})</span> })),
            onClick: ({ key }) => void run(async () => setEditing((await createRubric(ctx, RUBRIC_TEMPLATES[Number(key)]!.definition)).version.id)),
          }}
        >
          <Button type="primary" icon={<PlusOutlined />} data-testid="new-from-template">
            {t('rubrics.newFromTemplate')}
          </Button>
        </Dropdown>
        <label className="ant-btn ant-btn-default" style={{ display: 'inline-flex', alignItems: 'center', gap: 6, cursor: 'pointer' }}>
          <UploadOutlined /> {t('rubrics.importJson')}
          <input type="file" accept=".json" style={{ display: 'none' }} data-testid="rubric-file" onChange={(e) => (e.target.files?.[0] && fromFile(e.target.files[0]), (e.target.value = ''))} />
        </label>
      </Space>
      {problems && (
        <Alert type="error" showIcon closable onClose={() => setProblems(null)} title={t('rubrics.invalid')} description={<ul style={{ margin: 0 }}>{problems.map((p) => <li key={p}>{p}</li>)}</ul>} data-testid="rubric-problems" style={{ marginBottom: 16 }} />
      )}
      {rows && rows.length === 0 ? (
        <Empty description={t('rubrics.empty')} />
      ) : (
        <Table<{ rubric: Rubric; versions: RubricVersion[] }>
          rowKey={(r) => r.rubric.id}
          loading={!rows}
          dataSource={rows}
          pagination={false}
          data-testid="rubric-table"
          columns={[
            { title: t('rubrics.name'), key: 'name', render: (_: unknown, r) => <Typography.Text strong>{r.rubric.name}</Typography.Text> },
            {
              title: t('rubrics.status'),
              key: 'status',
              render: (_: unknown, r) => (
                <Space>
                  {r.rubric.status === 'retired' ? <Tag>{t('rubrics.retired')}</Tag> : r.rubric.publishedVersionId ? <Tag color="green">{t('rubrics.published', { v: r.versions.find((v) => v.id === r.rubric.publishedVersionId)?.version })}</Tag> : null}
                  {draftOf(r.versions) && <Tag color="blue">{t('rubrics.draft', { v: draftOf(r.versions)!.version })}</Tag>}
                </Space>
              ),
            },
            { title: t('rubrics.updated'), key: 'updated', render: (_: unknown, r) => formatDateTime(r.versions[0]?.updatedAt) },
            {
              title: '',
              key: 'actions',
              render: (_: unknown, r) => {
                const draft = draftOf(r.versions);
                const latest = r.versions[0]!;
                return (
                  <Space wrap>
                    {draft ? (
                      <Button size="small" onClick={() => setEditing(draft.id)} data-testid={`edit-${r.rubric.name}`}>
                        {t('rubrics.editDraft')}
                      </Button>
                    ) : (
                      <Button size="small" onClick={() => void run(async () => setEditing((await startNewVersion(ctx, r.rubric.id)).id))} data-testid={`new-version-${r.rubric.name}`}>
                        {t('rubrics.newVersion')}
                      </Button>
                    )}
                    {draft && (
                      <Popconfirm title={t('rubrics.publishConfirm')} onConfirm={() => void run(() => publishVersion(ctx, draft.id), t('rubrics.publishedOk'))} okText={t('rubrics.publish')} cancelText={t('actions.cancel')}>
                        <Button size="small" type="primary" data-testid={`publish-${r.rubric.name}`}>
                          {t('rubrics.publish')}
                        </Button>
                      </Popconfirm>
                    )}
                    <Button size="small" onClick={() => void run(async () => setEditing((await duplicateRubric(ctx, latest.id, t('rubrics.copyOf', { name: r.rubric.name }))).version.id))}>
                      {t('rubrics.duplicate')}
                    </Button>
                    <Button size="small" onClick={() => void saveFile(`${r.rubric.name}-v${latest.version}.json`, exportRubric(latest))} data-testid={`export-${r.rubric.name}`}>
                      {t('rubrics.export')}
                    </Button>
                    {r.rubric.status !== 'retired' && (
                      <Popconfirm title={t('rubrics.retireConfirm')} onConfirm={() => void run(() => retireRubric(ctx, r.rubric.id))} okText={t('rubrics.retire')} cancelText={t('actions.cancel')} okButtonProps={{ danger: true }}>
                        <Button size="small" danger>
                          {t('rubrics.retire')}
                        </Button>
                      </Popconfirm>
                    )}
                  </Space>
                );
              },
            },
          ]}
        />
      )}
    </Card>
  );
}
