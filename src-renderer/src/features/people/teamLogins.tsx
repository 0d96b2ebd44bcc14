// The People page on a team console: each person's login on the server (none yet, a one-time password still to be
// changed, disabled with a deactivated person, when they last signed in), creating one for a person just added, and
// resetting a forgotten password. A one-time password is shown once, to be handed over; the server keeps only its
// SCRAM verifier and makes the person choose their own at first sign-in.
import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Modal, Popconfirm, Space, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TeamLogin } from '@contract';
import type { Person } from '@renderer/domain/model';
import { qa } from '@renderer/platform/qa';
import { useSession } from '@renderer/session/session';
import { describeError } from '@renderer/session/errors';
import { saveBytes } from '@renderer/platform/saveFile';
import { tableToCsv } from '@renderer/workers/tableFile';

export interface Handout {
  name: string;
  employeeNo: string;
  login: string;
  password: string;
}

/** The logins of a team server (null on a standalone console), and the admin's two actions on them. */
export function useTeamLogins() {
  const { team, person } = useSession();
  const { message } = App.useApp();
  const { t } = useTranslation();
  const [logins, setLogins] = useState<Map<string, TeamLogin> | null>(null);
  const [handout, setHandout] = useState<Handout | null>(null);
  const on = !!team;
  const reload = useCallback(async () => {
    if (!on) return;
    try {
      setLogins(new Map((await qa('teamLogins', {})).map((l) => [l.personId, l])));
    } catch (e) {
      void message.error(describeError(e).message);
    }
  }, [on, message]);
  useEffect(() => void reload(), [reload, person.id]);

  /** Sends what is waiting (the person's record must be on the server first), then provisions their login. */
  const provision = async (p: Person) => {
    if (!team) return;
    try {
      await team.sync.round();
      if (!team.sync.state.online || team.sync.state.pending > 0) {
        void message.warning(t('people.team.notSentYet', { name: p.name }));
        return;
      }
      const r = await qa('teamProvision', { personId: p.id });
      setHandout({ name: p.name, employeeNo: p.employeeNo, login: r.login, password: r.password });
      await reload();
    } catch (e) {
      void message.error(describeError(e).message);
    }
  };
  const reset = async (p: Person) => {
    try {
      const r = await qa('teamResetPassword', { personId: p.id });
      setHandout({ name: p.name, employeeNo: p.employeeNo, login: logins?.get(p.id)?.login ?? '', password: r.password });
      await reload();
    } catch (e) {
      void message.error(describeError(e).message);
    }
  };
  return { logins, provision, reset, handout, closeHandout: () => setHandout(null), reload };
}

/** The login column's cell: the state of the person's login, and what the admin can do about it. */
export function LoginCell({ p, login, onProvision, onReset }: { p: Person; login: TeamLogin | undefined; onProvision: () => void; onReset: () => void }) {
  const { t, i18n } = useTranslation();
  const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString(i18n.language) : t('people.team.never'));
  if (!login)
    return (
      <Space size={4}>
        <Tag>{t('people.team.noLogin')}</Tag>
        <Button size="small" onClick={onProvision} data-testid={`provision-${p.employeeNo}`}>
          {t('people.team.provision')}
        </Button>
      </Space>
    );
  return (
    <Space size={4} wrap>
      <Tooltip title={t('people.team.lastSignIn', { when: when(login.lastSignIn) })}>
        <Typography.Text code>{login.login}</Typography.Text>
      </Tooltip>
      {!login.canLogin && <Tag>{t('people.team.disabled')}</Tag>}
      {login.mustChange && <Tag color="gold">{t('people.team.oneTimePending')}</Tag>}
      <Typography.Text type="secondary" data-testid={`last-sign-in-${p.employeeNo}`}>
        {t('people.team.lastSignIn', { when: when(login.lastSignIn) })}
      </Typography.Text>
      <Popconfirm title={t('people.team.resetConfirm', { name: p.name })} onConfirm={onReset} okText={t('actions.ok')} cancelText={t('actions.cancel')}>
        <Button size="small" data-testid={`reset-${p.employeeNo}`}>
          {t('people.team.reset')}
        </Button>
      </Popconfirm>
    </Space>
  );
}

/** The one-time password, shown once: copy it or save it to a file to hand over; closing forgets it. */
export function HandoutModal({ handout, onClose }: { handout: Handout; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const save = async () => {
    try {
      const header = [t('fields.name'), t('fields.employeeNo'), t('people.team.login'), t('people.team.password')];
      await saveBytes(`one-time-password-${handout.employeeNo}.csv`, tableToCsv({ header, rows: [[handout.name, handout.employeeNo, handout.login, handout.password]] }));
    } catch (e) {
      void message.error(describeError(e).message);
    }
  };
  return (
    <Modal open title={t('people.team.handoutTitle', { name: handout.name })} onCancel={onClose} footer={[<Button key="save" onClick={save}>{t('people.team.saveHandout')}</Button>, <Button key="done" type="primary" onClick={onClose} data-testid="handout-done">{t('people.team.handoutDone')}</Button>]}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Alert type="warning" showIcon title={t('people.team.handoutOnce')} />
        <div>
          {t('people.team.login')}: <Typography.Text code copyable>{handout.login}</Typography.Text>
        </div>
        <div>
          {t('people.team.password')}: <Typography.Text code copyable data-testid="handout-password">{handout.password}</Typography.Text>
        </div>
      </Space>
    </Modal>
  );
}
