// Top of the app: opens the database, picks the language, and walks first run -> sign-in -> the shell.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { App as AntApp, ConfigProvider, Result, Select, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { I18nextProvider } from 'react-i18next';
import type { AppInfo, TeamConnection, TeamSignInAnswer } from '@contract';
import { QaDatabase } from '@renderer/db/database';
import { cryptoRandomBytes, type RepoContext } from '@renderer/db/context';
import { isFirstRun, sessionScopeFor, workspaceAccounts } from '@renderer/db/auth';
import { readSettings } from '@renderer/db/settings';
import { resolveLanguage, type Settings } from '@renderer/domain/settings';
import type { Person } from '@renderer/domain/model';
import { mainAuthority, qa, QaCallError } from '@renderer/platform/qa';
import { deviceLanguage, i18n, setDeviceLanguage, type Lang } from '@renderer/ui/i18n';
import { SessionContext, type AppSession, type TeamInfo } from '@renderer/session/session';
import { FirstRunPage } from '@renderer/features/sign-in/FirstRunPage';
import { SignInPage } from '@renderer/features/sign-in/SignInPage';
import { Shell } from '@renderer/app/Shell';
import { sameRole } from '@renderer/domain/roles';
import { firstSyncDone, leaveReplica, removeOtherReplicas, restoreSealedChanges } from '@renderer/db/replica';
import { TeamSync } from '@renderer/db/teamSync';
import { describeError } from '@renderer/session/errors';
import { isOfflineError, mainTeamLink, teamDatabaseName } from '@renderer/platform/teamLink';
import { TeamSignInPage } from '@renderer/features/team/TeamSignInPage';
import { TeamJoinForm } from '@renderer/features/team/TeamJoinForm';
import { FirstSyncPage } from '@renderer/features/team/FirstSyncPage';

type Phase =
  | { name: 'loading' }
  | { name: 'failed'; detail: string }
  | { name: 'first-run' }
  | { name: 'sign-in' }
  | { name: 'team-join'; connection: TeamConnection | null }
  | { name: 'team-sign-in'; connection: TeamConnection; notice?: string }
  | { name: 'team-sync'; connection: TeamConnection; answer: TeamSignInAnswer; ctx: RepoContext }
  | { name: 'in'; person: Person; offerDemo: boolean };


/** How long a sign-out waits for unsent changes to reach the team server before it keeps them sealed instead. */
const SEND_BEFORE_SIGN_OUT_MS = 5000;
// Descriptive and placeholder text (statistic titles, secondary text, empty selects) darker than antd's default grey, which fails WCAG AA contrast
// on white (axe, in the dashboards E2E).
const THEME = { token: { colorPrimary: '#1f6feb', borderRadius: 6, colorTextDescription: '#595959', colorTextTertiary: '#595959', colorTextPlaceholder: '#6b6b6b' } };

export function App() {
  const db = useMemo(() => new QaDatabase(), []);
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [settings, setSettings] = useState<Settings | null>(null);
  const [lang, setLang] = useState<Lang>('en');
  const [phase, setPhase] = useState<Phase>({ name: 'loading' });
  const [scopeCtx, setScopeCtx] = useState<RepoContext | null>(null);
  const [team, setTeam] = useState<TeamInfo | null>(null);
  const entered = useRef<QaDatabase | null>(null);

  const baseCtx: RepoContext = useMemo(() => ({ db, actor: null, clock: () => Date.now(), randomBytes: cryptoRandomBytes }), [db]);

  const applySettings = useCallback(
    async (appInfo: AppInfo, from: QaDatabase = db) => {
      const s = await readSettings(from);
      setSettings(s);
      // 'auto' follows the choice made on the sign-in screen of this workstation, else the OS language.
      const l = resolveLanguage(s.language, deviceLanguage() ?? appInfo.osLocale);
      await i18n.changeLanguage(l);
      document.documentElement.lang = l;
      setLang(l);
    },
    [db],
  );

  const enter = useCallback(
    async (person: Person, offerDemo = false) => {
      const scope = await sessionScopeFor(db, person);
      setScopeCtx({ ...baseCtx, actor: scope });
      setPhase({ name: 'in', person, offerDemo });
    },
    [db, baseCtx],
  );

  const enterTeam = useCallback(
    async (connection: TeamConnection, answer: TeamSignInAnswer, ctx: RepoContext) => {
      // One schedule per sign-in: a second call for the same replica (a first sync answering twice) changes nothing.
      if (entered.current === ctx.db) return;
      entered.current = ctx.db;
      const person = await ctx.db.people.get(answer.personId);
      if (!person) throw new Error(`The team server has no person record for ${answer.login}`);
      // The role is the server's (its group role), whatever the replica's copy says.
      const scope = await sessionScopeFor(ctx.db, { ...person, role: answer.role });
      const scoped = { ...ctx, actor: scope };
      // The department's settings are the replica's (the standalone database here is empty).
      await applySettings(await qa('appInfo', {}), ctx.db);
      const sync = new TeamSync(scoped, mainTeamLink, { isOffline: isOfflineError, describe: (e) => describeError(e).message, isSignInRefused: (e) => e instanceof QaCallError && e.shape.code === 'forbidden' && e.shape.where === 'password' });
      sync.start();
      setTeam({ connection, login: answer.login, sync });
      setScopeCtx(scoped);
      setPhase({ name: 'in', person: { ...person, role: answer.role }, offerDemo: false });
    },
    [applySettings],
  );

  /** A team sign-in done: the person's own replica, pulled first when it never was, then the shell and the schedule. */
  const openTeam = useCallback(
    async (connection: TeamConnection, answer: TeamSignInAnswer) => {
      const name = teamDatabaseName(connection, answer.login);
      // What the person before pulled at this PC goes first (unless they have changes still to send).
      const others = await removeOtherReplicas(name, undefined, (replica, rows) => qa('teamSealOtherReplica', { replica, rows }));
      if (others.kept.length) console.warn('replicas kept for their unsent changes:', others.kept);
      const teamDb = new QaDatabase(name);
      teamDb.journal = true;
      const ctx: RepoContext = { db: teamDb, actor: { personId: answer.personId, role: answer.role, ledTeamIds: [] }, clock: () => Date.now(), randomBytes: cryptoRandomBytes };
      // The changes this person had not sent when they last signed out here go back into the outbox first (main
      // kept them sealed for this login); only once they are in does main let go of them.
      // A kept file that cannot be read or restored does not stop the sign-in: main keeps it, nothing is lost.
      try {
        const sealed = await qa('teamSealedChanges', {});
        if (sealed.rows.length) {
          await restoreSealedChanges(ctx, sealed.rows);
          await qa('teamSealChanges', { rows: [] });
        }
      } catch (e) {
        console.error('changes kept from the last sign-out were not restored:', describeError(e).message);
      }
      if (!(await firstSyncDone(ctx))) return setPhase({ name: 'team-sync', connection, answer, ctx });
      await enterTeam(connection, answer, ctx);
    },
    [enterTeam],
  );

  useEffect(() => {
    (async () => {
      const appInfo = await qa('appInfo', {});
      setInfo(appInfo);
      await applySettings(appInfo);
      const cfg = await qa('teamConfig', {});
      if (cfg.connection) {
        // A reload keeps main's team session; the replica is this person's own.
        if (cfg.signedIn) return openTeam(cfg.connection, { ...cfg.signedIn, mustChange: false });
        return setPhase({ name: 'team-sign-in', connection: cfg.connection });
      }
      if (await isFirstRun(db)) return setPhase({ name: 'first-run' });
      let state = await qa('accountsState', {});
      // A workspace made before main kept accounts, or restored onto a fresh installation: main knows nobody yet,
      // so it takes the workspace's accounts (as it would take a first admin) and decides every sign-in from then on.
      if (state.accounts === 0) {
        await mainAuthority.register(await workspaceAccounts(db), true);
        state = await qa('accountsState', {});
      }
      // A reload keeps main's session (the preload holds its id for this tab); the person is whom main says.
      const person = state.session ? await db.people.get(state.session.personId) : undefined;
      if (person?.active && sameRole(person.role, state.session?.role)) return enter(person);
      if (state.session) await qa('signOut', {});
      setPhase({ name: 'sign-in' });
    })().catch((e: unknown) => setPhase({ name: 'failed', detail: e instanceof Error ? e.message : String(e) }));
  }, [db, applySettings, enter, openTeam]);

  const signOut = useCallback(() => {
    // The next person to sign in here lands on their own home, not on the page the last one left open.
    window.history.replaceState(null, '', '#/');
    setScopeCtx(null);
    setTeam(null);
    entered.current = null;
    if (!team) {
      void qa('signOut', {}).catch(() => undefined);
      setPhase({ name: 'sign-in' });
      return;
    }
    // A team console: what can still be sent goes (for a few seconds at most), what cannot is kept by main sealed
    // for this person, and their replica is deleted, so the next person at this PC finds nothing of theirs.
    setPhase({ name: 'loading' });
    void (async () => {
      let notice: string | undefined;
      await Promise.race([team.sync.round().catch(() => undefined), new Promise((r) => setTimeout(r, SEND_BEFORE_SIGN_OUT_MS))]);
      await team.sync.close();
      try {
        const left = await leaveReplica(team.sync.ctx, (rows) => qa('teamSealChanges', { rows }));
        if (left.sealed) notice = i18n.t('team.sealedOnSignOut', { count: left.sealed });
      } catch (e) {
        team.sync.ctx.db.close();
        notice = i18n.t('team.sealFailed', { reason: describeError(e).message });
      }
      await qa('signOut', {}).catch(() => undefined);
      setPhase({ name: 'team-sign-in', connection: team.connection, notice });
    })();
  }, [team]);

  const failed = (e: unknown) => setPhase({ name: 'failed', detail: e instanceof Error ? e.message : String(e) });

  let body;
  if (phase.name === 'loading' || !info || !settings) body = <div className="qa-center"><Spin size="large" /></div>;
  else if (phase.name === 'failed') body = <Result status="error" title={i18n.t('errors.internal')} subTitle={phase.detail} />;
  else if (phase.name === 'team-sync')
    body = (
      <FirstSyncPage
        ctx={phase.ctx}
        onDone={() => void enterTeam(phase.connection, phase.answer, phase.ctx).catch(failed)}
        onCancelled={(percent) => {
          phase.ctx.db.close();
          void qa('signOut', {}).catch(() => undefined);
          setPhase({ name: 'team-sign-in', connection: phase.connection, notice: i18n.t('team.firstSyncPaused', { percent }) });
        }}
      />
    );
  else if (phase.name === 'first-run' || phase.name === 'sign-in' || phase.name === 'team-join' || phase.name === 'team-sign-in') {
    const chooseLanguage = async (l: Lang) => {
      setDeviceLanguage(l);
      await i18n.changeLanguage(l);
      document.documentElement.lang = l;
      setLang(l);
    };
    body = (
      <>
        <div style={{ position: 'fixed', top: 16, right: 16 }}>
          <Select<Lang>
            value={lang}
            onChange={(l) => void chooseLanguage(l)}
            style={{ width: 130 }}
            aria-label={i18n.t('app.language')}
            data-testid="language-before-sign-in"
            options={[
              { value: 'en', label: 'English' },
              { value: 'zh-CN', label: '简体中文' },
            ]}
          />
        </div>
        {phase.name === 'first-run' && <FirstRunPage ctx={baseCtx} onCreated={(p) => enter(p, true)} join={<TeamJoinForm onJoined={(c) => c.connection && setPhase({ name: 'team-sign-in', connection: c.connection })} />} />}
        {phase.name === 'sign-in' && <SignInPage ctx={baseCtx} onSignedIn={(p) => enter(p)} />}
        {phase.name === 'team-sign-in' && (
          <TeamSignInPage
            connection={phase.connection}
            notice={phase.notice ?? null}
            onSignedIn={(a) => void openTeam(phase.connection, a).catch(failed)}
            onChangeServer={() => setPhase({ name: 'team-join', connection: phase.connection })}
          />
        )}
        {phase.name === 'team-join' && (
          <div className="qa-center">
            <div className="qa-card" style={{ background: '#fff', padding: 24, borderRadius: 8 }} data-testid="team-change">
              <TeamJoinForm initial={phase.connection} onJoined={(c) => (c.connection ? setPhase({ name: 'team-sign-in', connection: c.connection }) : setPhase({ name: 'first-run' }))} />
            </div>
          </div>
        )}
      </>
    );
  }
  else if (scopeCtx) {
    const session: AppSession = {
      ctx: scopeCtx,
      person: phase.person,
      info,
      settings,
      reloadSettings: () => applySettings(info, scopeCtx.db),
      signOut,
      team,
    };
    body = (
      <SessionContext.Provider value={session}>
        <Shell offerDemo={phase.offerDemo} />
      </SessionContext.Provider>
    );
  }

  return (
    <I18nextProvider i18n={i18n}>
      <ConfigProvider locale={lang === 'zh-CN' ? zhCN : enUS} theme={THEME}>
        <AntApp style={{ height: '100%' }}>{body}</AntApp>
      </ConfigProvider>
    </I18nextProvider>
  );
}
