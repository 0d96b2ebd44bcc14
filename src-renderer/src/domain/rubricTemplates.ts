// The rubric templates shipped in resources/rubrics, in both languages.
import callEn from '../../../resources/rubrics/call-handling.en.json';
import callZh from '../../../resources/rubrics/call-handling.zh-CN.json';
import ticketEn from '../../../resources/rubrics/ticket-handling.en.json';
import ticketZh from '../../../resources/rubrics/ticket-handling.zh-CN.json';

export const RUBRIC_TEMPLATES: { id: string; lang: 'en' | 'zh-CN'; definition: unknown }[] = [
  { id: 'call-handling', lang: 'en', definition: callEn },
  { id: 'call-handling', lang: 'zh-CN', definition: callZh },
  { id: 'ticket-handling', lang: 'en', definition: ticketEn },
  { id: 'ticket-handling', lang: 'zh-CN', definition: ticketZh },
];
