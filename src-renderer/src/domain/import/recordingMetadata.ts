// The call recorder's metadata CSV (file name, agent, ticket id, call start, direction, customer number, queue),
// mapped like tickets: suggestions from the header, every row either describing a file or reported with a reason.
import type { Recording } from '../model';
import type { SourceTable } from './sourceTable';
import { parseTimestamp, type TimestampOptions } from './timestamps';
import { buildAgentMatcher, type Directory, type ImportIssue } from './tickets';
import { baseName } from './transcripts';

export const RECORDING_FIELDS = ['fileName', 'agent', 'ticketExternalId', 'startedAt', 'direction', 'customerNumber', 'queue'] as const;
export type RecordingField = (typeof RECORDING_FIELDS)[number];
export type RecordingMapping = Partial<Record<RecordingField, string>>;

const SYNONYMS: Record<RecordingField, string[]> = {
  fileName: ['file name', 'filename', 'file', 'recording', 'recording file', '录音文件', '文件名', '录音'],
  agent: ['agent email', 'agent', 'agent name', 'extension', 'agent id', '坐席', '客服', '工号', '坐席工号'],
  ticketExternalId: ['ticket id', 'ticket', 'ticket number', 'case id', '工单号', '工单编号'],
  startedAt: ['call start', 'start time', 'started at', 'start', 'date', 'call time', '通话开始时间', '开始时间', '呼叫时间'],
  direction: ['direction', 'call direction', 'type', '呼叫方向', '方向'],
  customerNumber: ['customer number', 'caller id', 'caller', 'ani', 'phone', 'customer phone', '客户号码', '主叫号码', '来电号码'],
  queue: ['queue', 'skill', 'hunt group', '队列', '技能组'],
};

const key = (s: string) => s.trim().toLowerCase().replace(/[\s_]+/g, ' ');

export function suggestRecordingMapping(header: string[]): RecordingMapping {
  const m: RecordingMapping = {};
  const used = new Set<string>();
  for (const field of RECORDING_FIELDS) {
    for (const syn of SYNONYMS[field]) {
      const hit = header.find((h) => !used.has(h) && key(h) === key(syn));
      if (hit) {
        m[field] = hit;
        used.add(hit);
        break;
      }
    }
  }
  return m;
}

/** Direction words recorders and exports use (normalised: trimmed, lower case). */
export const DIRECTION: Record<string, Recording['direction']> = {
  inbound: 'inbound', in: 'inbound', incoming: 'inbound', 呼入: 'inbound', 来电: 'inbound', 入: 'inbound',
  outbound: 'outbound', out: 'outbound', outgoing: 'outbound', 呼出: 'outbound', 去电: 'outbound', 外呼: 'outbound', 出: 'outbound',
};

export interface RecordingMeta {
  row: number;
  fileName: string;
  agentId: string | null;
  ticketExternalId: string | null;
  startedAt: string | null;
  /** Null when the source does not say (a new call is then taken as inbound). */
  direction: Recording['direction'] | null;
  customerNumber: string;
  queue: string;
}

/** Metadata by base file name; issues name row, column and reason. Rows naming files not chosen are reported too. */
export function mapRecordingMetadata(
  table: SourceTable,
  mapping: RecordingMapping,
  timestamps: TimestampOptions,
  dir: Directory,
  chosenFiles: string[],
): { byFile: Map<string, RecordingMeta>; issues: ImportIssue[] } {
  const col = (f: RecordingField) => (mapping[f] ? table.header.indexOf(mapping[f]!) : -1);
  const matchAgent = buildAgentMatcher(dir);
  const chosen = new Set(chosenFiles.map(baseName));
  const byFile = new Map<string, RecordingMeta>();
  const issues: ImportIssue[] = table.problems.map((p) => ({ row: p.row, column: null, code: p.code, severity: 'error' as const, detail: p.detail }));
  table.rows.forEach((cells, i) => {
    const row = table.rowNumbers[i]!;
    const cell = (f: RecordingField) => (col(f) >= 0 ? (cells[col(f)] ?? '').trim() : '');
    const issue = (f: RecordingField | null, code: ImportIssue['code'], severity: ImportIssue['severity'], value?: string) =>
      issues.push({ row, column: f ? (mapping[f] ?? null) : null, code, severity, value });
    const fileName = cell('fileName');
    if (!fileName) return issue('fileName', 'missing-id', 'error');
    const k = baseName(fileName);
    if (byFile.has(k)) return issue('fileName', 'duplicate-id', 'error', fileName);
    if (!chosen.has(k)) issue('fileName', 'file-missing', 'warning', fileName);
    let startedAt: string | null = null;
    const start = cell('startedAt');
    if (start) {
      const r = parseTimestamp(start, timestamps);
      if (r.ok) startedAt = r.iso;
      else issue('startedAt', r.reason === 'impossible-date' ? 'impossible-date' : 'unreadable-timestamp', 'warning', start);
    }
    let agentId: string | null = null;
    const agent = cell('agent');
    if (agent) {
      const m = matchAgent(agent);
      if (m) agentId = m.person.id;
      else issue('agent', 'agent-unmatched', 'warning', agent);
    }
    const dirRaw = cell('direction');
    let direction: Recording['direction'] | null = null;
    if (dirRaw) {
      const d = DIRECTION[key(dirRaw)];
      if (d) direction = d;
      else issue('direction', 'unmapped-value', 'warning', dirRaw);
    }
    byFile.set(k, { row, fileName, agentId, ticketExternalId: cell('ticketExternalId') || null, startedAt, direction, customerNumber: cell('customerNumber'), queue: cell('queue') });
  });
  return { byFile, issues };
}
