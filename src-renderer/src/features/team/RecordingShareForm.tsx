// Where the department's recording share is mounted on this workstation (a mapped drive, a mount point): each
// workstation says its own, so a call imported from the share on one PC plays on every PC entitled to it. And, for
// departments without a share, whether calls imported here send their audio to the team server.
import { useEffect, useState } from 'react';
import { App, Button, Form, Input, Space, Switch, Typography } from 'antd';
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
  const [onServer, setOnServer] = useState(false);
  const [switching, setSwitching] = useState(false);
  useEffect(() => {
    void qa('teamConfig', {}).then((c) => {
      setSaved(c.recordingShare);
      setPath(c.recordingShare ?? '');
      setOnServer(c.audioOnServer);
    });
  }, []);
  const storeOnServer = async (on: boolean) => {
    setSwitching(true);
    try {
      const c = await qa('teamAudioOnServer', { on });
      setOnServer(c.audioOnServer);
      void message.success(c.audioOnServer ? t('team.share.audioOn') : t('team.share.audioOff'));
    } catch (e) {
      void message.error(describeError(e).message);
    } finally {
      setSwitching(false);
    }
  };
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
      <Form.Item label={t('team.share.audioOnServer')} extra={t('team.share.audioOnServerHelp')} style={{ marginTop: 16 }}>
        <Switch checked={onServer} loading={switching} onChange={(on) => void storeOnServer(on)} aria-label={t('team.share.audioOnServer')} data-testid="audio-on-server" />
      </Form.Item>
    </Form>
  );
}
