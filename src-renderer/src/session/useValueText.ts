// Words for stored values (channel, priority, category, status, CSAT) in the reader's language: the catalogue's
// for built-in values, the company's own names for the categories and statuses an admin added (Settings → Value
// lists). A ticket the helpdesk took out reads as that (spam, deleted…), whatever its last status was.
import { useTranslation } from 'react-i18next';
import { FIELD_VALUES, type VocabularyField } from '@renderer/domain/import/vocabulary';
import { customLabel, EMPTY_VALUE_LISTS, listValues } from '@renderer/domain/valueLists';
import { currentLang } from '@renderer/ui/i18n';
import { useSession } from '@renderer/session/session';

export function useValueText() {
  const { t } = useTranslation();
  const { settings } = useSession();
  const lists = settings.valueLists ?? EMPTY_VALUE_LISTS;
  const label = (field: VocabularyField, value: string): string =>
    ((field === 'category' || field === 'status') && customLabel(field, value, lists, currentLang())) || t(`values.${field}.${value}`, { defaultValue: value });
  const status = (x: { status: string; statusValue?: string | undefined; helpdeskState?: string | undefined }) => label('status', x.helpdeskState ?? x.statusValue ?? x.status);
  const options = (field: VocabularyField) =>
    (field === 'category' || field === 'status' ? listValues(field, lists) : FIELD_VALUES[field]).map((v) => ({ value: v, label: label(field, v) }));
  return { label, status, options, lists };
}
