// The rubric builder: name, passing score, sections with weights, criteria with scale, weight, N/A, critical rule,
// kind of item, guidance per level and root-cause tags. Saves drafts only (validated, problems named); a published
// version opens read-only.
import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Checkbox, Collapse, Divider, Input, InputNumber, Popconfirm, Select, Space, Tag, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { checkRubric, scaleValues, type Criterion, type RubricDefinition, type Scale, type Section } from '@renderer/domain/rubric';
import { saveDraft, rubricVersion } from '@renderer/db/rubrics';
import { useSession } from '@renderer/session/session';
import { describeError } from '@renderer/session/errors';

const newId = (prefix: string) => `${prefix}-${Math.random().toString(36).slice(2, 8)}`;
const move = <T,>(list: T[], i: number, d: -1 | 1): T[] => {
  const j = i + d;
  if (j < 0 || j >= list.length) return list;
  const out = [...list];
  [out[i], out[j]] = [out[j]!, out[i]!];
  return out;
};

export function RubricBuilder({ versionId, onClose }: { versionId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { ctx } = useSession();
  const { message } = App.useApp();
  const version = useLiveQuery(() => rubricVersion(ctx, versionId), [ctx, versionId]);
  const [def, setDef] = useState<RubricDefinition | null>(null);
  const [dirty, setDirty] = useState(false);
  const [problems, setProblems] = useState<{ path: string; message: string }[]>([]);
  useEffect(() => {
    if (version && !def) setDef(version.definition);
  }, [version, def]);
  if (!version || !def) return <Card loading />;
  const readOnly = version.status !== 'draft';

  const change = (next: RubricDefinition) => {
    setDef(next);
    setDirty(true);
  };
  const setSection = (si: number, patch: Partial<Section>) => change({ ...def, sections: def.sections.map((s, i) => (i === si ? { ...s, ...patch } : s)) });
  const setCriterion = (si: number, ci: number, patch: Partial<Criterion>) =>
    setSection(si, { criteria: def.sections[si]!.criteria.map((c, i) => (i === ci ? { ...c, ...patch } : c)) });

  const save = async () => {
    const r = checkRubric(def);
    if (!r.ok) return setProblems(r.problems);
    setProblems([]);
    try {
      await saveDraft(ctx, versionId, def);
      setDirty(false);
      void message.success(t('rubrics.saved'));
    } catch (e) {
      void message.error(describeError(e).message);
    }
  };
  // Problems by path, as a person reads them: "Section 2 › Criterion 1 › weight".
  const where = (path: string) =>
    path.replace(/^sections\.(\d+)(?:\.criteria\.(\d+))?\.?/, (_, s, c) => `${t('rubrics.section')} ${+s + 1}${c !== undefined ? ` › ${t('rubrics.criterion')} ${+c + 1}` : ''} › `);

  return (
    <Card
      data-testid="rubric-builder"
      title={
        <Space>
          {def.name} <Tag color={readOnly ? 'green' : 'blue'}>{t(readOnly ? 'rubrics.readOnly' : 'rubrics.draftTag', { v: version.version })}</Tag>
          {dirty && <Tag color="orange">{t('rubrics.unsaved')}</Tag>}
        </Space>
      }
      extra={
        <Space>
          {!readOnly && (
            <Button type="primary" onClick={() => void save()} data-testid="save-rubric">
              {t('actions.save')}
            </Button>
          )}
          {dirty ? (
            <Popconfirm title={t('rubrics.discardConfirm')} onConfirm={onClose} okText={t('rubrics.discard')} cancelText={t('actions.cancel')}>
              <Button>{t('actions.close')}</Button>
            </Popconfirm>
          ) : (
            <Button onClick={onClose} data-testid="close-builder">
              {t('actions.close')}
            </Button>
          )}
        </Space>
      }
    >
      {readOnly && <Alert type="info" showIcon title={t('rubrics.publishedReadOnly')} style={{ marginBottom: 12 }} />}
      {problems.length > 0 && (
        <Alert
          type="error"
          showIcon
          data-testid="builder-problems"
          style={{ marginBottom: 12 }}
          title={t('rubrics.invalid')}
          description={<ul style={{ margin: 0 }}>{problems.map((p, i) => <li key={i}>{where(p.path)}: {p.message}</li>)}</ul>}
        />
      )}
      <fieldset disabled={readOnly} style={{ border: 0, padding: 0, margin: 0 }}>
        <Space wrap style={{ marginBottom: 12 }}>
          <span>{t('rubrics.name')}</span>
          <Input value={def.name} onChange={(e) => change({ ...def, name: e.target.value })} style={{ width: 280 }} data-testid="rubric-name" />
          <span>{t('rubrics.passingScore')}</span>
          <InputNumber min={0} max={100} value={def.passingScore} onChange={(v) => typeof v === 'number' && change({ ...def, passingScore: v })} data-testid="rubric-passing" />
        </Space>
        <Input.TextArea rows={2} placeholder={t('rubrics.description')} value={def.description} onChange={(e) => change({ ...def, description: e.target.value })} />
        <Divider />
        {def.sections.map((s, si) => (
          <Card
            key={s.id}
            size="small"
            style={{ marginBottom: 12 }}
            data-testid={`section-${si}`}
            title={
              <Space>
                <Input value={s.title} onChange={(e) => setSection(si, { title: e.target.value })} style={{ width: 260 }} />
                <span>{t('rubrics.sectionWeight')}</span>
                <InputNumber min={0.1} max={1000} value={s.weight} onChange={(v) => typeof v === 'number' && setSection(si, { weight: v })} style={{ width: 80 }} />
              </Space>
            }
            extra={
              <Space>
                <Button size="small" icon={<ArrowUpOutlined />} onClick={() => change({ ...def, sections: move(def.sections, si, -1) })} />
                <Button size="small" icon={<ArrowDownOutlined />} onClick={() => change({ ...def, sections: move(def.sections, si, 1) })} />
                <Popconfirm title={t('rubrics.removeConfirm')} onConfirm={() => change({ ...def, sections: def.sections.filter((_, i) => i !== si) })}>
                  <Button size="small" danger icon={<DeleteOutlined />} />
                </Popconfirm>
              </Space>
            }
          >
            <Collapse
              size="small"
              items={s.criteria.map((c, ci) => ({
                key: c.id,
                label: (
                  <Space>
                    <Typography.Text strong>{c.title || t('rubrics.untitled')}</Typography.Text>
                    <Tag>{t('rubrics.weightShort', { w: c.weight })}</Tag>
                    {c.critical && <Tag color="red">{t(`rubrics.critical.${c.critical.scope}`)}</Tag>}
                    {c.allowNa && <Tag>N/A</Tag>}
                    <Tag color="blue">{t(`rubrics.applies.${c.appliesTo}`)}</Tag>
                  </Space>
                ),
                children: <CriterionEditor c={c} onChange={(p) => setCriterion(si, ci, p)} onMove={(d) => setSection(si, { criteria: move(s.criteria, ci, d) })} onRemove={() => setSection(si, { criteria: s.criteria.filter((_, i) => i !== ci) })} />,
              }))}
            />
            <Button
              size="small"
              icon={<PlusOutlined />}
              style={{ marginTop: 8 }}
              data-testid={`add-criterion-${si}`}
              onClick={() =>
                setSection(si, {
                  criteria: [
                    ...s.criteria,
                    { id: newId('c'), title: t('rubrics.newCriterion'), description: '', guidance: ['', ''], scale: { kind: 'binary' }, weight: 10, allowNa: false, critical: null, appliesTo: 'both', rootCauses: [] },
                  ],
                })
              }
            >
              {t('rubrics.addCriterion')}
            </Button>
          </Card>
        ))}
        <Button icon={<PlusOutlined />} onClick={() => change({ ...def, sections: [...def.sections, { id: newId('s'), title: t('rubrics.newSection'), weight: 1, criteria: [] }] })} data-testid="add-section">
          {t('rubrics.addSection')}
        </Button>
      </fieldset>
    </Card>
  );
}

function CriterionEditor({ c, onChange, onMove, onRemove }: { c: Criterion; onChange: (p: Partial<Criterion>) => void; onMove: (d: -1 | 1) => void; onRemove: () => void }) {
  const { t } = useTranslation();
  const scaleKey = c.scale.kind === 'points' ? `points-${c.scale.levels}` : c.scale.kind;
  const setScale = (key: string) => {
    const scale: Scale = key === 'binary' ? { kind: 'binary' } : key.startsWith('points') ? { kind: 'points', levels: Number(key.split('-')[1]) as 3 | 4 | 5 } : { kind: 'range', max: 10 };
    onChange({ scale, guidance: scaleValues(scale).map((_, i) => c.guidance[i] ?? '') });
  };
  const levels = scaleValues(c.scale);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Input value={c.title} onChange={(e) => onChange({ title: e.target.value })} style={{ width: 320 }} placeholder={t('rubrics.criterionTitle')} data-testid="criterion-title" />
        <span>{t('rubrics.weight')}</span>
        <InputNumber min={0} max={100} precision={0} value={c.weight} onChange={(v) => typeof v === 'number' && onChange({ weight: v })} data-testid="criterion-weight" />
        <Select value={scaleKey} style={{ width: 150 }} onChange={setScale} options={['binary', 'points-3', 'points-4', 'points-5', 'range'].map((k) => ({ value: k, label: t(`rubrics.scales.${k}`) }))} />
        {c.scale.kind === 'range' && (
          <InputNumber min={1} max={100} value={c.scale.max} onChange={(v) => typeof v === 'number' && onChange({ scale: { kind: 'range', max: v }, guidance: Array.from({ length: v + 1 }, (_, i) => c.guidance[i] ?? '') })} addonBefore="0 .." />
        )}
        <Select value={c.appliesTo} style={{ width: 150 }} onChange={(appliesTo) => onChange({ appliesTo })} options={(['both', 'calls', 'tickets'] as const).map((v) => ({ value: v, label: t(`rubrics.applies.${v}`) }))} />
        <Checkbox checked={c.allowNa} onChange={(e) => onChange({ allowNa: e.target.checked })}>
          {t('rubrics.allowNa')}
        </Checkbox>
      </Space>
      <Space wrap>
        <Select
          value={c.critical?.scope ?? 'none'}
          style={{ width: 220 }}
          onChange={(v: 'none' | 'section' | 'all') => onChange({ critical: v === 'none' ? null : { scope: v, threshold: c.critical?.threshold ?? 0.5 } })}
          options={(['none', 'section', 'all'] as const).map((v) => ({ value: v, label: t(`rubrics.critical.${v}`) }))}
          data-testid="criterion-critical"
        />
        {c.critical && (
          <>
            <span>{t('rubrics.threshold')}</span>
            <InputNumber min={1} max={100} value={Math.round(c.critical.threshold * 100)} onChange={(v) => typeof v === 'number' && onChange({ critical: { ...c.critical!, threshold: v / 100 } })} addonAfter="%" />
          </>
        )}
        <Button size="small" icon={<ArrowUpOutlined />} onClick={() => onMove(-1)} />
        <Button size="small" icon={<ArrowDownOutlined />} onClick={() => onMove(1)} />
        <Popconfirm title={t('rubrics.removeConfirm')} onConfirm={onRemove}>
          <Button size="small" danger icon={<DeleteOutlined />} />
        </Popconfirm>
      </Space>
      <Input.TextArea rows={2} value={c.description} onChange={(e) => onChange({ description: e.target.value })} placeholder={t('rubrics.criterionDescription')} />
      {levels.length <= 11 &&
        levels.map((lv, i) => (
          <Input key={lv} addonBefore={`${lv}`} value={c.guidance[i] ?? ''} placeholder={t('rubrics.guidanceFor', { level: lv })} onChange={(e) => onChange({ guidance: levels.map((_, j) => (j === i ? e.target.value : (c.guidance[j] ?? ''))) })} />
        ))}
      <Select mode="tags" value={c.rootCauses} onChange={(rootCauses) => onChange({ rootCauses })} placeholder={t('rubrics.rootCauses')} style={{ width: '100%' }} />
    </Space>
  );
}
