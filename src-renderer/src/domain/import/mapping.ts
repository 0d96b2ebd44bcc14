// Which source column feeds which ticket field: suggestions from header names (Chinese and English helpdesks),
// and the header signature that lets a saved preset be offered again when the same export comes back.

export const TICKET_FIELDS = [
  'externalId',
  'subject',
  'description',
  'messages',
  'reply',
  'channel',
  'priority',
  'category',
  'status',
  'agent',
  'team',
  'customer',
  'product',
  'openedAt',
  'firstResponseAt',
  'resolvedAt',
  'reopenedCount',
  'csat',
] as const;
export type TicketField = (typeof TICKET_FIELDS)[number];

/** Field -> source column name (exactly as in the header). */
export type ColumnMapping = Partial<Record<TicketField, string>>;

export const REQUIRED_FIELDS: TicketField[] = ['externalId', 'openedAt'];

const SYNONYMS: Record<TicketField, string[]> = {
  externalId: ['ticket id', 'ticket_id', 'id', 'ticket no', '工單編號', 'ticket number', 'ticket no', 'case id', 'case number', '工单号', '工单编号', '工单id', '编号', '单号'],
  subject: ['subject', 'title', '主旨', '工单主题', 'summary', '主题', '标题', '问题标题'],
  description: ['description', 'body', 'content', 'problem description', '描述', '问题描述', '内容', '详情'],
  messages: ['comments', 'conversation', 'messages', 'thread', '对话', '回复记录', '沟通记录'],
  // The agent's answer in one column (Chinese helpdesk exports): the second message of a two-message thread.
  reply: ['agent reply', 'reply', '客服回复', '回复内容', '处理结果', '答复'],
  channel: ['channel', 'source', '來源', 'via channel', 'via.channel', 'origin', '渠道', '来源', '来源渠道', '受理渠道'],
  priority: ['priority', '優先級', 'severity', 'urgency', '优先级', '紧急程度', '严重程度'],
  category: ['category', 'type', 'ticket type', 'issue type', '类别', '分类', '问题类型', '类型', '问题分类', '工单类别'],
  status: ['status', 'state', '狀態', '状态', '工单状态'],
  agent: ['agent', 'agent_email', 'assignee', 'owner', '處理人', 'agent email', 'assignee email', 'assignee_email', 'assignee id', 'assignee_id', 'responder', '处理人', '客服', '负责人', '受理人', '坐席', '工程师'],
  team: ['group', 'team', 'department', '组', '班组', '团队', '部门', '小组'],
  customer: ['customer', 'requester', 'full name', '客戶', 'requester.name', 'contact', 'contact name', 'customer name', '客户', '客户名称', '联系人', '报告人'],
  product: ['product', 'product name', 'custom_fields.product', '产品', '产品名称', '产品版本'],
  openedAt: ['created time', 'created at', 'created_at', 'created', 'opened', '建立時間', 'opened', 'opened at', 'submitted', 'create time', '创建时间', '提交时间', '受理时间', '开单时间'],
  firstResponseAt: ['initial response time', 'first response time', 'first response at', 'first reply time', '首次回應時間', 'first_response_at', 'first responded', '首次响应时间', '首响时间', '首次回复时间'],
  resolvedAt: ['resolved time', 'time to resolution', 'resolved at', '解決時間', 'resolved_at', 'solved at', 'solved_at', 'resolution time', 'closed time', 'closed at', '解决时间', '完成时间', '关闭时间'],
  reopenedCount: ['reopened', 'reopens', 'reopen count', 'reopened count', '重开次数', '重新打开次数'],
  csat: ['satisfaction', 'satisfaction rating', 'survey results', '滿意度', 'satisfaction_rating', 'satisfaction_rating.rating', 'satisfaction_rating.score', 'csat', 'customer satisfaction', 'rating', '满意度', '客户满意度', '评价'],
};

const key = (s: string) => s.trim().toLowerCase().replace(/[\s_]+/g, ' ');

/** Best guess per field from the header; each column is used at most once, exact synonyms before partial ones. */
export function suggestMapping(header: string[]): ColumnMapping {
  const mapping: ColumnMapping = {};
  const used = new Set<string>();
  const norm = header.map((h) => ({ h, k: key(h) }));
  for (const pass of ['exact', 'partial'] as const) {
    for (const field of TICKET_FIELDS) {
      if (mapping[field]) continue;
      for (const syn of SYNONYMS[field]) {
        const s = key(syn);
        const hit = norm.find(({ h, k }) => !used.has(h) && (pass === 'exact' ? k === s : s.length > 3 && k.includes(s)));
        if (hit) {
          mapping[field] = hit.h;
          used.add(hit.h);
          break;
        }
      }
    }
  }
  return mapping;
}

/** The header as a stable key: the same export layout gives the same signature whatever the column order. */
export function headerSignature(header: string[]): string {
  return [...header].map(key).sort().join('\u001f');
}
