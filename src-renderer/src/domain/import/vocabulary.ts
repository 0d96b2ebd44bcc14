// The words exports use for channel, priority, status, category and satisfaction, mapped to the console's values.
// Defaults cover common Chinese and English helpdesks; the user maps anything else in the mapping step, and an
// unmapped value is reported, never dropped.
import type { Channel, Priority } from '../model';
import { BUILT_IN_CATEGORIES, BUILT_IN_STATUSES, type ListField } from '../valueLists';

export type VocabularyField = 'channel' | 'priority' | 'status' | 'category' | 'csat';
export const VOCABULARY_FIELDS: VocabularyField[] = ['channel', 'priority', 'status', 'category', 'csat'];

export const FIELD_VALUES: Record<VocabularyField, readonly string[]> = {
  channel: ['phone', 'email', 'chat', 'portal', 'onsite'] satisfies Channel[],
  priority: ['urgent', 'high', 'normal', 'low'] satisfies Priority[],
  status: BUILT_IN_STATUSES,
  category: BUILT_IN_CATEGORIES,
  csat: ['1', '2', '3', '4', '5'],
};

/** Source value (normalised) -> console value. */
export type Vocabulary = Record<string, string>;
export type Vocabularies = Record<VocabularyField, Vocabulary>;

function entries(map: Record<string, string[]>): Vocabulary {
  const out: Vocabulary = {};
  for (const [value, words] of Object.entries(map)) for (const w of [value, ...words]) out[normaliseVocabularyKey(w)] = value;
  return out;
}

export const DEFAULT_VOCABULARIES: Vocabularies = {
  channel: entries({
    phone: ['电话', '電話', '热线', '呼叫中心', 'call', 'voice', 'telephone', 'tel', '400'],
    email: ['邮件', '电子邮件', '郵件', 'e-mail', 'mail', 'outbound email'],
    chat: ['在线客服', '线上客服', '線上客服', '在线', '聊天', '微信', 'im', 'web chat', 'webchat', 'live chat', 'chat widget', 'messaging', 'wechat'],
    portal: ['门户', '自助', '网页', '工单系统', 'web', 'feedback widget', 'web form', 'self-service', 'api', 'help center'],
    onsite: ['现场', '上门', '到店', 'on-site', 'on site', 'walk-in', 'visit'],
  }),
  priority: entries({
    urgent: ['紧急', '緊急', '特急', '加急', 'p1', 'critical', 'urgent'],
    high: ['高', '重要', 'p2', 'major'],
    normal: ['中', '一般', '普通', 'medium', 'p3', 'normal'],
    low: ['低', '不急', 'p4', 'minor'],
  }),
  status: entries({
    open: ['新建', '打开', '待处理', '处理中', '處理中', '新建立', '进行中', 'new', 'in progress', 'assigned', 'reopened', '重新打开'],
    pending: ['挂起', '等待', '等待客户', '待回复', 'on-hold', 'on hold', 'hold', 'waiting on customer', 'waiting on third party'],
    solved: ['已解决', '解决', '已解決', 'resolved', 'done'],
    closed: ['已关闭', '关闭', '已關閉', '完成', '已完成', 'archived'],
    // Taken out by the helpdesk: kept, shown as such, never sampled.
    deleted: ['已删除', '删除', '已刪除', 'trash', 'trashed', 'removed'],
    spam: ['垃圾', '垃圾工单', '垃圾邮件', '骚扰', 'junk', 'spam'],
    merged: ['已合并', '合并', '已合併', 'merged into another ticket', 'duplicate merged'],
    scrubbed: ['已清除', '已脱敏', '已擦除', 'redacted', 'scrubbed', 'permanently deleted'],
  }),
  category: entries({
    'function-question': ['功能咨询', '功能问题', '功能', 'question', 'feature', 'feature request', 'function question', 'how-to'],
    'system-fault': ['系统故障', '故障', '缺陷', 'bug', 'incident', 'problem', 'fault', 'outage', 'system fault'],
    'usage-question': ['使用问题', '使用咨询', '操作问题', 'usage', 'task', 'usage question', 'training'],
  }),
  csat: entries({
    '5': ['非常满意', '非常滿意', 'extremely satisfied', 'very satisfied', 'great', 'excellent', '★★★★★', '5 stars', '5星'],
    '4': ['满意', '滿意', 'satisfied', 'good', '★★★★', '4 stars', '4星'],
    '3': ['一般', 'neutral', 'okay', 'ok', '★★★', '3 stars', '3星'],
    '2': ['不满意', '不滿意', 'not satisfied', 'dissatisfied', 'bad', '★★', '2 stars', '2星'],
    '1': ['非常不满意', '非常不滿意', 'extremely dissatisfied', 'very dissatisfied', 'terrible', '★', '1 star', '1星'],
  }),
};

export function normaliseVocabularyKey(raw: string): string {
  return raw.trim().toLowerCase().replace(/[\s_]+/g, ' ');
}

/**
 * The console value for a source word: the user's choice in this import first, then the company's own value lists
 * (admin-defined categories and statuses), then the defaults.
 */
export function mapVocabularyValue(field: VocabularyField, raw: string, user: Partial<Vocabularies>, company?: Partial<Record<ListField, Vocabulary>>): string | undefined {
  const key = normaliseVocabularyKey(raw);
  const chosen = user[field]?.[key];
  if (chosen !== undefined) return chosen;
  const own = field === 'category' || field === 'status' ? company?.[field]?.[key] : undefined;
  if (own !== undefined) return own;
  const known = DEFAULT_VOCABULARIES[field][key];
  if (known !== undefined) return known;
  if (field === 'csat') return csatFromNumber(key);
  return undefined;
}

/** Numbers on common scales: 1-5 stars as they are, 0-10 (NPS-like) and 0-100 percentages scaled to 1-5. */
function csatFromNumber(key: string): string | undefined {
  if (!/^\d+(\.\d+)?$/.test(key)) return undefined;
  const n = Number(key);
  if (n >= 1 && n <= 5 && Number.isInteger(n)) return String(n);
  return undefined;
}
