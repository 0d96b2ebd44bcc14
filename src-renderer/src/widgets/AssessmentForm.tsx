// The appraisal's assessment form: work results, attitude and professional ability scored 0-100, with a note.
// Used by the team lead (supervisor assessment, in the sheet) and by staff (self-assessment, on My scores).
import { useState } from 'react';
import { App, Button, Form, Input, InputNumber, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ASSESSMENT_INDICATORS, type AssessmentIndicator } from '@renderer/domain/appraisal';
import type { AppraisalAssessment } from '@renderer/domain/model';
import { saveAssessment } from '@renderer/db/appraisalReviews';
import { useSession } from '@renderer/session/session';
import { describeError, fieldStatus } from '@renderer/session/errors';

type Props = { periodKey: string; staffId: string; kind: AppraisalAssessment['kind']; existing: AppraisalAssessment | null; readOnly?: boolean };

/** Starts again from what is saved whenever the saved assessment changes (another period, person, or a save). */
export function AssessmentForm(props: Props) {
  return <AssessmentFields key={`${props.periodKey}/${props.staffId}/${props.existing?.id ?? ''}/${props.existing?.rev ?? 0}`} {...props} />;
}

function AssessmentFields({ periodKey, staffId, kind, existing, readOnly }: Props) {
  const { t } = useTranslation();
  const { ctx } = useSession();
  const { message } = App.useApp();
  // What was saved fills the form; what the person typed is kept when saving fails.
  const [scores, setScores] = useState<Record<AssessmentIndicator, number | null>>(() => (existing ? { ...existing.scores } : { workResults: null, attitude: null, ability: null }));
  const [note, setNote] = useState(existing?.note ?? '');
  const [error, setError] = useState<{ field?: string; message: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      await saveAssessment(ctx, { periodKey, staffId, kind, scores, note });
      message.success(t('appraisal.assessmentSaved'));
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form layout="vertical" data-testid={`assessment-${kind}`} onFinish={() => void save()}>
      <Space wrap align="start">
        {ASSESSMENT_INDICATORS.map((k) => (
          <Form.Item key={k} label={t(`appraisal.indicators.${k}`)} {...fieldStatus(error, `scores.${k}`)}>
            <InputNumber
              min={0}
              max={100}
              precision={0}
              value={scores[k]}
              disabled={readOnly}
              onChange={(v) => setScores({ ...scores, [k]: v })}
              data-testid={`assessment-${kind}-${k}`}
              style={{ width: 120 }}
            />
          </Form.Item>
        ))}
      </Space>
      <Form.Item label={t('appraisal.note')} {...fieldStatus(error, 'note')}>
        <Input.TextArea rows={2} value={note} disabled={readOnly} maxLength={4000} onChange={(e) => setNote(e.target.value)} data-testid={`assessment-${kind}-note`} />
      </Form.Item>
      {error && !error.field?.startsWith('scores.') && error.field !== 'note' && <Typography.Text type="danger">{error.message}</Typography.Text>}
      {!readOnly && (
        <Button type="primary" htmlType="submit" loading={busy} data-testid={`assessment-${kind}-save`}>
          {t('actions.save')}
        </Button>
      )}
    </Form>
  );
}
