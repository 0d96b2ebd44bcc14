// Where the department's recording share is mounted on this workstation (a mapped drive, a mount point): each
// workstation says its own, so a call imported from the share on one PC plays on every PC entitled to it.
import { useEffect, useState } from 'react';
import { App, Button, Form, Input, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { qa } from '@renderer/platform/qa';
import { describeError, fieldStatus } from '@renderer/session/errors';

export function RecordingShareForm() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [path, setPath] = useState('');
  const [saved, setSaved] = useState<string | null>(null);
  const [error, setError] = useState<{ field?: string; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    void qa('teamConfig', {}).then((c) => {
      setSaved(c.recordingShare);
      setPath(c.recordingShare ?? '');
    });
  }, []);
  const save = async (value: string | null) => {
    setBusy(true);
    setError(null);
    try {
      const c = await qa('teamRecordingShare', { path: value });
      setSaved(c.recordingShare);
      void message.success(value ? t('team.share.saved') : t('team.share.cleared'));
    } catch (e) {
      // What was typed stays in the field, with the error under it.
      setError({ ...describeError(e), field: 'path' });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form layout="vertical" data-testid="recording-share">
      <Form.Item label={t('team.share.label')} extra={t('team.share.help')} {...fieldStatus(error, 'path')}>
        <Space.Compact style={{ width: '100%' }}>
          <Input value={path} onChange={(e) => setPath(e.target.value)} placeholder={t('team.share.placeholder')} aria-label={t('team.share.label')} data-testid="recording-share-path" onPressEnter={() => void save(path.trim() || null)} />
          <Button type="primary" loading={busy} onClick={() => void save(path.trim() || null)} data-testid="recording-share-save">
            {t('actions.save')}
          </Button>
        </Space.Compact>
      </Form.Item>
      <Typography.Text type="secondary" data-testid="recording-share-current">
        {saved ? t('team.share.current', { path: saved }) : t('team.share.none')}
      </Typography.Text>
    </Form>
  );
}
