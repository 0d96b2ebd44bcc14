// Two legs of one call (the agent's file and the caller's) joined into one call from the calls list, and a joined
// call split back into its legs from its drawer. Main writes the stereo file; the reasons a join is refused name
// the leg at fault.
import { useState } from 'react';
import { App, Button, Modal, Popconfirm, Radio, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Recording } from '@renderer/domain/model';
import { joinCallLegs, splitCall, type JoinLegsApi, type JoinOutcome } from '@renderer/db/callLegs';
import { qa } from '@renderer/platform/qa';
import { legOf } from '@renderer/domain/import/fileNamePattern';
import { neutraliseBidi as visibleText } from '@renderer/domain/textSafety';
import { useSession } from '@renderer/session/session';

export const joinApi: JoinLegsApi = (agentId, callerId, joinedId) => qa('joinCallLegs', { agentId, callerId, joinedId });

/** Why a join did not happen, in the reader's words. */
export function useJoinRefusal() {
  const { t } = useTranslation();
  return (r: Extract<JoinOutcome, { ok: false }>) => t(`calls.join.errors.${r.code}`, { file: r.file ?? '', detail: r.detail, count: Number(r.detail) || 0, defaultValue: `${r.code}: ${r.detail}` });
}

/** Which of two files is the agent's leg: the one whose name says so, else the first. */
function agentFirst(calls: Recording[]): string {
  // The leg word is the last part that is one ("AGENT_x_..._caller" is the caller's).
  const side = (r: Recording) => r.fileName.replace(/\.[^.]+$/, '').split(/[_\-. ]/).map(legOf).reverse().find(Boolean) ?? null;
  return (calls.find((c) => side(c) === 'agent') ?? calls.find((c) => side(c) !== 'caller') ?? calls[0]!).id;
}

export function JoinLegsModal({ calls, onClose }: { calls: [Recording, Recording]; onClose: (joined: boolean) => void }) {
  const { t } = useTranslation();
  const { ctx } = useSession();
  const { message } = App.useApp();
  const refusal = useJoinRefusal();
  const [agentLeg, setAgentLeg] = useState(() => agentFirst(calls));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const join = async () => {
    setBusy(true);
    setError(null);
    try {
      const caller = calls.find((c) => c.id !== agentLeg)!;
      const r = await joinCallLegs(ctx, joinApi, agentLeg, caller.id);
      if (!r.ok) return setError(refusal(r));
      void message.success(r.warnings.length ? t('calls.join.doneWithWarning', { detail: r.warnings.join('; ') }) : t('calls.join.done'));
      onClose(true);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={t('calls.join.title')} onCancel={() => onClose(false)} onOk={() => void join()} okText={t('calls.join.ok')} cancelText={t('actions.cancel')} confirmLoading={busy} data-testid="join-modal">
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Text>{t('calls.join.intro')}</Typography.Text>
        <Typography.Text strong>{t('calls.join.whichAgent')}</Typography.Text>
        <Radio.Group value={agentLeg} onChange={(e) => setAgentLeg(e.target.value as string)} data-testid="join-agent-leg">
          <Space direction="vertical">
            {calls.map((c) => (
              <Radio key={c.id} value={c.id} data-testid={`agent-leg-${c.id}`}>
                {visibleText(c.fileName)}
              </Radio>
            ))}
          </Space>
        </Radio.Group>
        {error && (
          <Typography.Text type="danger" data-testid="join-error">
            {error}
          </Typography.Text>
        )}
      </Space>
    </Modal>
  );
}

/** A joined call's way back to its two legs (refused once it is scored or queued). */
export function SplitCallButton({ call, onSplit }: { call: Recording; onSplit: () => void }) {
  const { t } = useTranslation();
  const { ctx } = useSession();
  const { message } = App.useApp();
  const split = async () => {
    const r = await splitCall(ctx, call.id);
    if (!r.ok) return void message.error(t(`calls.join.splitErrors.${r.code}`, { detail: r.detail, count: Number(r.detail) || 0 }));
    void message.success(t('calls.join.splitDone'));
    onSplit();
  };
  return (
    <Popconfirm title={t('calls.join.splitConfirm')} okText={t('calls.join.split')} cancelText={t('actions.cancel')} onConfirm={() => void split()}>
      <Button data-testid="split-call">{t('calls.join.split')}</Button>
    </Popconfirm>
  );
}
