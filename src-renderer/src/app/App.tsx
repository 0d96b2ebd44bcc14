// Top of the app: opens the database, picks the language, and walks first run -> sign-in -> the shell.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { App as AntApp, ConfigProvider, Result, Select, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { I18nextProvider } from 'react-i18next';
import type { AppInfo } from '@contract';
import { QaDatabase } from '@renderer/db/database';
import { cryptoRandomBytes, type RepoContext } from '@renderer/db/context';
import { isFirstRun, sessionScopeFor, workspaceAccounts } from '@renderer/db/auth';
import { readSettings } from '@renderer/db/settings';
import { resolveLanguage, type Settings } from '@renderer/domain/settings';
import type { Person } from '@renderer/domain/model';
import { mainAuthority, qa } from '@renderer/platform/qa';
import { i18n, type Lang } from '@renderer/ui/i18n';
import { SessionContext, type AppSession } from '@renderer/session/session';
import { FirstRunPage } from '@renderer/features/sign-in/FirstRunPage';
import { SignInPage } from '@renderer/features/sign-in/SignInPage';
import { Shell } from '@renderer/app/Shell';
import { sameRole } from '@renderer/domain/roles';

/** The language chosen on this workstation's sign-in screen (before anyone signs in, no setting can be written). */
const DEVICE_LANGUAGE = 'qa.language.device';
const deviceLanguage = (): string | null => {
  try {
    return localStorage.getItem(DEVICE_LANGUAGE);
  } catch {
    return null;
  }
};

type Phase = { name: 'loading' } | { name: 'failed'; detail: string } | { name: 'first-run' } | { name: 'sign-in' } | { name: 'in'; person: Person; offerDemo: boolean };

export function App() {
  const db = useMemo(() => new QaDatabase(), []);
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [settings, setSettings] = useState<Settings | null>(null);
  const [lang, setLang] = useState<Lang>('en');
  const [phase, setPhase] = useState<Phase>({ name: 'loading' });
  const [scopeCtx, setScopeCtx] = useState<RepoContext | null>(null);

  const baseCtx: RepoContext = useMemo(() => ({ db, actor: null, clock: () => Date.now(), randomBytes: cryptoRandomBytes }), [db]);

  const applySettings = useCallback(
    async (appInfo: AppInfo) => {
      const s = await readSettings(db);
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

  useEffect(() => {
    (async () => {
      const appInfo = await qa('appInfo', {});
      setInfo(appInfo);
      await applySettings(appInfo);
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
  }, [db, applySettings, enter]);

  const signOut = useCallback(() => {
    void qa('signOut', {}).catch(() => undefined);
    setScopeCtx(null);
    setPhase({ name: 'sign-in' });
  }, []);

  let body;
  if (phase.name === 'loading' || !info || !settings) body = <div className="qa-center"><Spin size="large" /></div>;
  else if (phase.name === 'failed') body = <Result status="error" title={i18n.t('errors.internal')} subTitle={phase.detail} />;
  else if (phase.name === 'first-run' || phase.name === 'sign-in') {
    const chooseLanguage = async (l: Lang) => {
      localStorage.setItem(DEVICE_LANGUAGE, l);
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
        {phase.name === 'first-run' ? <FirstRunPage ctx={baseCtx} onCreated={(p) => enter(p, true)} /> : <SignInPage ctx={baseCtx} onSignedIn={(p) => enter(p)} />}
      </>
    );
  }
  else if (scopeCtx) {
    const session: AppSession = {
      ctx: scopeCtx,
      person: phase.person,
      info,
      settings,
      reloadSettings: () => applySettings(info),
      signOut,
    };
    body = (
      <SessionContext.Provider value={session}>
        <Shell offerDemo={phase.offerDemo} />
      </SessionContext.Provider>
    );
  }

  return (
    <I18nextProvider i18n={i18n}>
      <ConfigProvider locale={lang === 'zh-CN' ? zhCN : enUS} theme={{ token: { colorPrimary: '#1f6feb', borderRadius: 6 } }}>
        <AntApp style={{ height: '100%' }}>{body}</AntApp>
      </ConfigProvider>
    </I18nextProvider>
  );
}
