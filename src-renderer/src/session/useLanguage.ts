// The language choice of the header and of Settings: the workspace's setting on a standalone workstation; on a team
// console (whose settings are the department's) this workstation's own choice.
import { writeSetting } from '@renderer/db/settings';
import { currentLang, i18n, setDeviceLanguage } from '@renderer/ui/i18n';
import { useSession } from './session';

type Choice = 'auto' | 'en' | 'zh-CN';

export function useLanguageChoice(): { value: Choice; options: { value: Choice; label: string }[]; choose(v: Choice): Promise<void> } {
  const session = useSession();
  const team = !!session.team;
  const options: { value: Choice; label: string }[] = [
    ...(team ? [] : [{ value: 'auto' as const, label: i18n.t('settings.languageAuto', { lang: session.info.osLocale }) }]),
    { value: 'en', label: 'English' },
    { value: 'zh-CN', label: '简体中文' },
  ];
  return {
    value: team ? currentLang() : session.settings.language,
    options,
    choose: async (v) => {
      if (team) {
        if (v !== 'auto') setDeviceLanguage(v);
      } else await writeSetting(session.ctx, 'language', v);
      await session.reloadSettings();
    },
  };
}
