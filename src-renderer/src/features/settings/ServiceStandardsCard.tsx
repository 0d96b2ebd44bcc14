// Service standards and the working calendar: the SLA targets per metric, priority and channel, and the business
// hours, weekends, holidays and make-up days business-hours clocks count. Metrics recompute from these.
import { useState } from 'react';
import { Alert, App, Button, Card, Checkbox, Form, Input, InputNumber, Popconfirm, Select, Space, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { DEFAULT_SERVICE_STANDARDS, type ServiceStandard } from '@renderer/domain/serviceStandards';
import { checkCalendar, DEFAULT_CALENDAR, type WorkingCalendar } from '@renderer/domain/workingCalendar';
import { isKnownZone } from '@renderer/domain/import/timestamps';
import { writeSetting } from '@renderer/db/settings';
import { useSession } from '@renderer/session/session';
import { describeError } from '@renderer/session/errors';

const splitList = (s: string) => s.split(/[\s,;，；]+/).filter(Boolean);

/** "09:00-12:00, 13:30-18:00" <-> hours; null when a part cannot be read. */
function parseHours(s: string): WorkingCalendar['hours'] | null {
  const out: WorkingCalendar['hours'] = [];
  for (const part of s.split(/[,;，；]+/).map((x) => x.trim()).filter(Boolean)) {
    const m = /^(\d{1,2}):(\d{2})\s*[-–~]\s*(\d{1,2}):(\d{2})$/.exec(part);
    if (!m) return null;
    out.push({ start: `${m[1]!.padStart(2, '0')}:${m[2]}`, end: `${m[3]!.padStart(2, '0')}:${m[4]}` });
  }
  return out;
}

export function ServiceStandardsCard() {
  const { t } = useTranslation();
  const session = useSession();
  const { ctx, settings } = session;
  const { message } = App.useApp();
  const cal = settings.workingCalendar;
  const [draft, setDraft] = useState({
    zone: cal.zone,
    workdays: cal.workdays,
    hours: cal.hours.map((h) => `${h.start}-${h.end}`).join(', '),
    holidays: cal.holidays.join('\n'),
    extra: cal.extraWorkdays.join('\n'),
  });
  const [problems, setProblems] = useState<string[]>([]);

  const saveStandards = async (next: ServiceStandard[]) => {
    try {
      await writeSetting(ctx, 'serviceStandards', next);
      await session.reloadSettings();
      void message.success(t('settings.saved'));
    } catch (e) {
      void message.error(describeError(e).message);
    }
  };
  const patch = (id: string, p: Partial<ServiceStandard>) => void saveStandards(settings.serviceStandards.map((s) => (s.id === id ? { ...s, ...p } : s)));

  const saveCalendar = async () => {
    const hours = parseHours(draft.hours);
    const next: WorkingCalendar = { zone: draft.zone.trim(), workdays: draft.workdays, hours: hours ?? [], holidays: splitList(draft.holidays), extraWorkdays: splitList(draft.extra) };
    const found = [...(hours === null ? ['calendar.badTime'] : []), ...(isKnownZone(next.zone) ? [] : ['calendar.badZone']), ...checkCalendar(next)];
    setProblems(Array.from(new Set(found)));
    if (found.length) return;
    try {
      await writeSetting(ctx, 'workingCalendar', next);
      await session.reloadSettings();
      void message.success(t('settings.saved'));
    } catch (e) {
      void message.error(describeError(e).message);
    }
  };

  return (
    <Card title={t('standards.title')} data-testid="service-standards">
      <Table<ServiceStandard>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={settings.serviceStandards}
        columns={[
          { title: t('standards.metric'), dataIndex: 'metric', render: (m: string) => t(`standards.metrics.${m}`), width: 130 },
          {
            title: t('standards.appliesTo'),
            key: 'applies',
            render: (_: unknown, s: ServiceStandard) =>
              s.priorities.length + s.channels.length === 0 ? (
                <Tag>{t('standards.everything')}</Tag>
              ) : (
                <>
                  {s.priorities.map((p) => <Tag key={p} color="volcano">{t(`values.priority.${p}`)}</Tag>)}
                  {s.channels.map((c) => <Tag key={c} color="blue">{t(`values.channel.${c}`)}</Tag>)}
                </>
              ),
          },
          {
            title: t('standards.target'),
            key: 'target',
            width: 260,
            render: (_: unknown, s: ServiceStandard) => (
              <Space.Compact>
                <InputNumber min={1} max={10000} value={s.target} onChange={(v) => typeof v === 'number' && patch(s.id, { target: v })} data-testid={`standard-${s.id}-target`} style={{ width: 90 }} />
                <Select value={s.unit} style={{ width: 140 }} onChange={(unit) => patch(s.id, { unit })} options={(['minutes', 'hours', 'workingDays'] as const).map((u) => ({ value: u, label: t(`standards.units.${u}`) }))} />
              </Space.Compact>
            ),
          },
          {
            title: t('standards.clock'),
            key: 'clock',
            width: 170,
            render: (_: unknown, s: ServiceStandard) => (
              <Select value={s.clock} style={{ width: 150 }} onChange={(clock) => patch(s.id, { clock })} options={(['business', 'calendar'] as const).map((c) => ({ value: c, label: t(`standards.clocks.${c}`) }))} />
            ),
          },
        ]}
      />
      <Popconfirm title={t('standards.resetConfirm')} onConfirm={() => void saveStandards(DEFAULT_SERVICE_STANDARDS)} okText={t('standards.reset')} cancelText={t('actions.cancel')}>
        <Button size="small" style={{ marginTop: 8 }}>
          {t('standards.reset')}
        </Button>
      </Popconfirm>

      <Form layout="vertical" style={{ marginTop: 24 }} data-testid="working-calendar">
        <Space wrap align="start">
          <Form.Item label={t('standards.zone')}>
            <Input value={draft.zone} onChange={(e) => setDraft({ ...draft, zone: e.target.value })} style={{ width: 200 }} />
          </Form.Item>
          <Form.Item label={t('standards.hours')} help={t('standards.hoursHelp')}>
            <Input value={draft.hours} onChange={(e) => setDraft({ ...draft, hours: e.target.value })} style={{ width: 260 }} data-testid="calendar-hours" />
          </Form.Item>
        </Space>
        <Form.Item label={t('standards.workdays')}>
          <Checkbox.Group
            value={draft.workdays}
            onChange={(v) => setDraft({ ...draft, workdays: v as number[] })}
            options={[1, 2, 3, 4, 5, 6, 7].map((d) => ({ value: d, label: t(`standards.weekdays.${d}`) }))}
          />
        </Form.Item>
        <Space wrap align="start">
          <Form.Item label={t('standards.holidays')} help={t('standards.datesHelp')}>
            <Input.TextArea rows={4} value={draft.holidays} onChange={(e) => setDraft({ ...draft, holidays: e.target.value })} style={{ width: 260 }} data-testid="calendar-holidays" />
          </Form.Item>
          <Form.Item label={t('standards.extraWorkdays')} help={t('standards.datesHelp')}>
            <Input.TextArea rows={4} value={draft.extra} onChange={(e) => setDraft({ ...draft, extra: e.target.value })} style={{ width: 260 }} />
          </Form.Item>
        </Space>
        {problems.length > 0 && <Alert type="error" showIcon style={{ marginBottom: 12 }} data-testid="calendar-problems" title={problems.map((p) => t(p)).join(' ')} />}
        <Space>
          <Button type="primary" onClick={() => void saveCalendar()} data-testid="save-calendar">
            {t('standards.saveCalendar')}
          </Button>
          <Popconfirm
            title={t('standards.resetConfirm')}
            onConfirm={() =>
              setDraft({ zone: DEFAULT_CALENDAR.zone, workdays: DEFAULT_CALENDAR.workdays, hours: DEFAULT_CALENDAR.hours.map((h) => `${h.start}-${h.end}`).join(', '), holidays: '', extra: '' })
            }
            okText={t('standards.reset')}
            cancelText={t('actions.cancel')}
          >
            <Button>{t('standards.reset')}</Button>
          </Popconfirm>
        </Space>
      </Form>
    </Card>
  );
}
