// Values step: words the export uses that the console does not know (each must be mapped: nothing is dropped),
// and agents the directory cannot match (link to a person, or keep those tickets unassigned).
import { useState } from 'react';
import { Alert, Button, Card, Select, Space, Table, Tag, Typography } from 'antd';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import type { TicketImportOptions } from '@renderer/domain/import/tickets';
import { normaliseVocabularyKey, VOCABULARY_FIELDS, type VocabularyField } from '@renderer/domain/import/vocabulary';
import type { DryRun } from '@renderer/workers/ticketImport.worker';
import { formatNumber } from '@renderer/ui/i18n';
import { useSession } from '@renderer/session/session';
import { PersonModal } from '@renderer/widgets/PersonModal';
import { useValueText } from '@renderer/session/useValueText';
import { mayManagePeople } from '@renderer/domain/roles';
import { directoryPeople, directoryTeams } from '@renderer/db/directory';

const UNASSIGNED = '__unassigned__';

export function ValuesStep(p: {
  dryRun: DryRun;
  options: TicketImportOptions;
  setOptions: (f: (o: TicketImportOptions) => TicketImportOptions) => void;
  onBack: () => void;
  onNext: () => void;
  unknownLeft: number;
}) {
  const { t } = useTranslation();
  const vt = useValueText();
  const { ctx, person } = useSession();
  const people = useLiveQuery(async () => (await directoryPeople(ctx)).filter((x) => !x.deletedAt), [ctx]) ?? [];
  const { profile } = p.dryRun;
  const unmatched = profile.agents.filter((a) => a.by === null || a.by === 'link');
  const [creating, setCreating] = useState<string | null>(null);
  const teams = useLiveQuery(async () => (await directoryTeams(ctx)).filter((x) => !x.deletedAt), [ctx]) ?? [];
  const isAdmin = mayManagePeople(person.role);
  const matched = profile.agents.filter((a) => a.by !== null && a.by !== 'link');

  const mapWord = (field: VocabularyField, value: string, to: string) =>
    p.setOptions((o) => ({ ...o, vocabularies: { ...o.vocabularies, [field]: { ...(o.vocabularies[field] ?? {}), [normaliseVocabularyKey(value)]: to } } }));
  const linkAgent = (value: string, to: string) =>
    p.setOptions((o) => ({ ...o, agentLinks: { ...o.agentLinks, [normaliseVocabularyKey(value)]: to === UNASSIGNED ? null : to } }));
  const fields = VOCABULARY_FIELDS.filter((f) => profile.unknownValues[f]?.length);
  // Words mapped earlier in this session stay listed so a choice can be changed.
  const chosen = (field: VocabularyField) => Object.entries(p.options.vocabularies[field] ?? {});

  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="values-step">
      {fields.length === 0 && VOCABULARY_FIELDS.every((f) => chosen(f).length === 0) ? (
        <Alert type="success" showIcon title={t('import.allValuesKnown')} />
      ) : (
        <Card size="small" title={t('import.unknownValues')}>
          {fields.length > 0 && <Alert type="warning" showIcon title={t('import.unknownValuesHelp', { n: p.unknownLeft })} style={{ marginBottom: 12 }} />}
          {VOCABULARY_FIELDS.map((field) => {
            const rows = [
              ...(profile.unknownValues[field] ?? []).map((u) => ({ ...u, to: undefined as string | undefined })),
              ...chosen(field).map(([value, to]) => ({ value, count: 0, to })),
            ];
            if (!rows.length) return null;
            return (
              <div key={field} style={{ marginBottom: 12 }}>
                <Typography.Text strong>{t(`import.fields.${field}`)}</Typography.Text>
                {rows.map((u) => (
                  <Space key={u.value} style={{ display: 'flex', marginTop: 4 }}>
                    <Tag style={{ minWidth: 120 }}>{u.value}</Tag>
                    {u.count > 0 && <Typography.Text type="secondary">{t('import.occurrences', { n: formatNumber(u.count) })}</Typography.Text>}
                    <Select
                      style={{ width: 220 }}
                      placeholder={t('import.chooseValue')}
                      value={u.to}
                      data-testid={`vocab-${field}-${u.value}`}
                      onChange={(v: string) => mapWord(field, u.value, v)}
                      options={vt.options(field)}
                    />
                  </Space>
                ))}
              </div>
            );
          })}
        </Card>
      )}

      <Card size="small" title={t('import.agents')} data-testid="agents-card">
        {profile.agents.length === 0 ? (
          <Typography.Text type="secondary">{t('import.noAgentColumn')}</Typography.Text>
        ) : (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Typography.Text>{t('import.agentsMatched', { matched: matched.length, total: profile.agents.length })}</Typography.Text>
            {unmatched.length > 0 && <Alert type="info" showIcon title={t('import.agentsUnmatchedHelp')} />}
            <Table
              size="small"
              rowKey="value"
              pagination={unmatched.length > 20 ? { pageSize: 20 } : false}
              dataSource={unmatched}
              columns={[
                { title: t('import.agentValue'), dataIndex: 'value' },
                { title: t('import.tickets'), dataIndex: 'count', width: 100, render: (n: number) => formatNumber(n) },
                {
                  title: t('import.linkTo'),
                  key: 'link',
                  width: 420,
                  render: (_: unknown, a: (typeof unmatched)[number]) => (
                    <Space>
                    <Select
                      showSearch
                      optionFilterProp="label"
                      style={{ width: 280 }}
                      value={a.by === 'link' ? (a.personId ?? UNASSIGNED) : UNASSIGNED}
                      data-testid={`agent-link-${a.value}`}
                      onChange={(v: string) => linkAgent(a.value, v)}
                      options={[
                        { value: UNASSIGNED, label: t('import.leaveUnassigned') },
                        ...people.map((x) => ({ value: x.id, label: `${x.name} · ${x.email || x.employeeNo}` })),
                      ]}
                    />
                    {isAdmin && (
                      <Button size="small" onClick={() => setCreating(a.value)} data-testid={`agent-create-${a.value}`}>
                        {t('import.createPerson')}
                      </Button>
                    )}
                    </Space>
                  ),
                },
              ]}
            />
          </Space>
        )}
      </Card>
      {creating !== null && (
        <PersonModal
          person={null}
          teams={teams}
          initial={/@/.test(creating) ? { email: creating, name: creating.split('@')[0] } : { name: creating }}
          onClose={() => setCreating(null)}
          onSaved={(created) => {
            linkAgent(creating, created.id);
            setCreating(null);
          }}
        />
      )}
      <Space>
        <Button onClick={p.onBack}>{t('import.back')}</Button>
        <Button type="primary" onClick={p.onNext} disabled={p.unknownLeft > 0} data-testid="next-preview">
          {t('import.next')}
        </Button>
      </Space>
    </Space>
  );
}
