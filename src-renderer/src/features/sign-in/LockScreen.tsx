// Idle auto-lock: after the set idle minutes the console covers itself and asks for the password again.
import { useCallback, useEffect, useRef, useState } from 'react';
import { Alert, Button, Form, Input, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { mainAuthority } from '@renderer/platform/qa';
import { useSession } from '@renderer/session/session';
import { confirmOwnPassword } from '@renderer/db/workspace';

export function useIdleLock(minutes: number) {
  const [locked, setLocked] = useState(false);
  const last = useRef(Date.now());
  useEffect(() => {
    if (minutes <= 0) return;
    const touch = () => (last.current = Date.now());
    const events = ['mousemove', 'keydown', 'mousedown', 'wheel', 'touchstart'] as const;
    events.forEach((e) => window.addEventListener(e, touch, { passive: true }));
    const timer = window.setInterval(() => {
      if (Date.now() - last.current >= minutes * 60_000) setLocked(true);
    }, 5_000);
    return () => {
      events.forEach((e) => window.removeEventListener(e, touch));
      window.clearInterval(timer);
    };
  }, [minutes]);
  const unlock = useCallback(() => {
    last.current = Date.now();
    setLocked(false);
  }, []);
  return { locked, unlock, lockNow: () => setLocked(true) };
}

export function LockScreen({ onUnlocked, minutes }: { onUnlocked: () => void; minutes: number }) {
  const { t } = useTranslation();
  const { person, ctx, signOut } = useSession();
  const [error, setError] = useState(false);
  const [busy, setBusy] = useState(false);
  const submit = async ({ password }: { password: string }) => {
    setBusy(true);
    const ok = await confirmOwnPassword(ctx, password, mainAuthority);
    setBusy(false);
    if (ok) onUnlocked();
    else setError(true);
  };
  return (
    <Modal open closable={false} maskClosable={false} keyboard={false} footer={null} title={t('signIn.lockedTitle')} styles={{ mask: { backdropFilter: 'blur(8px)' } }}>
      <Typography.Paragraph>{t('signIn.lockedIntro', { minutes })}</Typography.Paragraph>
      <Form layout="vertical" onFinish={submit}>
        <Form.Item name="password" label={`${person.name} · ${t('fields.password')}`} rules={[{ required: true, message: t('errors.required') }]}>
          <Input.Password autoFocus />
        </Form.Item>
        {error && <Alert type="error" showIcon title={t('signIn.wrong-password')} style={{ marginBottom: 12 }} />}
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('signIn.unlock')}
        </Button>{' '}
        <Button onClick={signOut}>{t('app.signOut')}</Button>
      </Form>
    </Modal>
  );
}
