// Settings → appraisal composite: each component's weight, the grade bands and how CSAT counts. Checked before it
// is saved (each problem named at its field); what was typed stays when the check fails. Locked records keep the
// configuration they were computed with.
import { useState } from 'react';
import { App, Button, Form, Input, InputNumber, Select, Space, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { checkAppraisalConfig, COMPONENTS, DEFAULT_APPRAISAL_CONFIG, type AppraisalConfig } from '@renderer/domain/appraisal';
import { writeSetting } from '@renderer/db/settings';
import { useSession } from '@renderer/session/session';
import { describeError } from '@renderer/session/errors';

export function AppraisalConfigCard() {
  const { t } = useTranslation();
  const session = useSession();
  const { message } = App.useApp();
  const [c, setC] = useState<AppraisalConfig>(session.settings.appraisal);
  const [problems, setProblems] = useState<{ field: string; key: string }[]>([]);
  const status = (field: string) => {
    const p = problems.find((x) => x.field === field);
    return p ? { validateStatus: 'error' as const, help: t(p.key) } : {};
  };

  const save = async () => {
    const found = checkAppraisalConfig(c);
    setProblems(found);
    if (found.length) return;
    try {
      await writeSetting(session.ctx, 'appraisal', c);
      await session.reloadSettings();
      message.success(t('settings.saved'));
    } catch (err) {
      message.error(describeError(err).message);
    }
  };

  const total = COMPONENTS.reduce((s, k) => s + (c.weights[k] || 0), 0);
  return (
    <Form layout="vertical" data-testid="appraisal-config" onFinish={() => void save()}>
      <Typography.Paragraph type="secondary">{t('settings.appraisalConfigHelp')}</Typography.Paragraph>
      <Space wrap align="start">
        {COMPONENTS.map((k) => (
          <Form.Item key={k} label={t(`appraisal.components.${k}`)} {...status(`weights.${k}`)} extra={total > 0 ? `${Math.round(((c.weights[k] || 0) / total) * 1000) / 10} %` : undefined}>
            <InputNumber min={0} max={100} precision={0} value={c.weights[k]} onChange={(v) => setC({ ...c, weights: { ...c.weights, [k]: v ?? 0 } })} data-testid={`weight-${k}`} />
          </Form.Item>
        ))}
      </Space>
      {problems.some((p) => p.field === 'weights') && <Typography.Text type="danger">{t('appraisal.config.allZero')}</Typography.Text>}
      <Form.Item label={t('settings.csatMode')}>
        <Select
          value={c.csatMode}
          onChange={(v) => setC({ ...c, csatMode: v })}
          style={{ width: 280 }}
          options={[
            { value: 'satisfied', label: t('settings.csatSatisfied') },
            { value: 'mean', label: t('settings.csatMean') },
          ]}
        />
      </Form.Item>
      <Typography.Text strong>{t('settings.gradeBands')}</Typography.Text>
      {c.grades.map((g, i) => (
        <Space key={i} align="start" style={{ display: 'flex', marginTop: 8 }}>
          <Form.Item {...status(`grades.${i}.grade`)} style={{ marginBottom: 0 }}>
            <Input value={g.grade} maxLength={8} style={{ width: 80 }} onChange={(e) => setC({ ...c, grades: c.grades.map((x, j) => (j === i ? { ...x, grade: e.target.value } : x)) })} data-testid={`grade-name-${i}`} />
          </Form.Item>
          <Form.Item {...status(`grades.${i}.min`)} style={{ marginBottom: 0 }}>
            <InputNumber addonBefore="≥" min={0} max={100} value={g.min} onChange={(v) => setC({ ...c, grades: c.grades.map((x, j) => (j === i ? { ...x, min: v ?? 0 } : x)) })} data-testid={`grade-min-${i}`} />
          </Form.Item>
          <Button icon={<DeleteOutlined />} disabled={c.grades.length <= 1} onClick={() => setC({ ...c, grades: c.grades.filter((_, j) => j !== i) })} aria-label={t('settings.removeGrade')} />
        </Space>
      ))}
      <Space style={{ marginTop: 12 }}>
        <Button icon={<PlusOutlined />} onClick={() => setC({ ...c, grades: [...c.grades, { grade: '', min: 0 }] })}>
          {t('settings.addGrade')}
        </Button>
        <Button onClick={() => setC(DEFAULT_APPRAISAL_CONFIG)}>{t('standards.reset')}</Button>
        <Button type="primary" htmlType="submit" data-testid="appraisal-config-save">
          {t('actions.save')}
        </Button>
      </Space>
    </Form>
  );
}
