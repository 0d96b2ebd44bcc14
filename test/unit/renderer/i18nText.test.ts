// Stored words shown in the reader's language: sample-run periods and dispute revisions, import details.
import { beforeAll, describe, expect, it } from 'vitest';
import { i18n, periodText, revisionReasonText } from '@renderer/ui/i18n';
import { issueText } from '@renderer/features/import/issueText';

describe('stored words in zh-CN', () => {
  beforeAll(async () => {
    await i18n.changeLanguage('zh-CN');
  });

  it('a weekly period and a dispute revision read in Chinese; other labels stay as they are', () => {
    expect(periodText('2026-11-23 week')).toBe('2026-11-23 当周');
    expect(periodText('2026-11')).toBe('2026-11');
    expect(revisionReasonText('dispute: 已核实，调整')).toBe('申诉裁定：已核实，调整');
    expect(revisionReasonText('typo in the note')).toBe('typo in the note');
  });

  it('importer details carry no English: defaulted values and durations in Chinese', () => {
    const defaulted = issueText({ row: 2, column: 'Priority', code: 'defaulted', severity: 'warning', value: '', detail: 'normal' });
    expect(defaulted).toBe('为空；设为 中。');
    const cat = issueText({ row: 2, column: '类别', code: 'defaulted', severity: 'warning', value: '', detail: 'usage-question' });
    expect(cat).toContain('使用问题');
    const absurd = issueText({ row: 3, column: 'Resolved time', code: 'absurd-duration', severity: 'warning', value: '2026-03-02', detail: 'over a year after creation' });
    expect(absurd).not.toMatch(/[A-Za-z]{3,}/);
    expect(issueText({ row: 4, column: 'Subject', code: 'very-long-field', severity: 'warning', detail: '12000' })).toBe('超长文本（12000 个字符）；完整保留。');
  });
});

describe('the import report CSV', () => {
  it('says the severity in the reader’s words', async () => {
    const { issuesToCsv } = await import('@renderer/domain/import/tickets');
    await i18n.changeLanguage('zh-CN');
    const csv = issuesToCsv([{ row: 2, column: 'Agent', code: 'agent-unmatched', severity: 'warning', value: 'X' }], ['行', '列', '级别', '代码', '值', '详情', '文件'], (s) => i18n.t(`import.report.${s}`));
    expect(csv.split('\r\n')[1]).toBe('2,Agent,警告,agent-unmatched,X,,');
  });
});

describe('durations', () => {
  it('past a day they read as days and hours, in both languages', async () => {
    const { formatDuration } = await import('@renderer/ui/i18n');
    await i18n.changeLanguage('zh-CN');
    expect(formatDuration((28279 * 60 + 26) * 60)).toBe('1178天7小时');
    expect(formatDuration(3900)).toBe('1小时5分钟');
    await i18n.changeLanguage('en');
    expect(formatDuration((28279 * 60 + 26) * 60)).toBe('1178 d 7 h');
    expect(formatDuration(3 * 86_400)).toBe('3 d');
    expect(formatDuration(65)).toBe('1 min 5 s');
  });

  it('round once, the same in lists and in the player (59.6 s is 1 min, never "60 s"; 205.6 s is 3:26 and 3 min 26 s)', async () => {
    const { formatClock, formatDuration } = await import('@renderer/ui/i18n');
    await i18n.changeLanguage('en');
    expect(formatDuration(59.6)).toBe('1 min');
    expect(formatDuration(119.6)).toBe('2 min');
    expect(formatDuration(3599.7)).toBe('1 h');
    expect(formatDuration(205.6)).toBe('3 min 26 s');
    expect(formatClock(205.6)).toBe('3:26');
    expect(formatClock(59.6)).toBe('1:00');
    expect(formatClock(3723)).toBe('1:02:03');
    expect(formatClock(-1)).toBe('0:00');
  });

  it('count units with plurals: 1 hour, 2 hours; 1 小时', async () => {
    await i18n.changeLanguage('en');
    expect(i18n.t('standards.amount.hours', { count: 1 })).toBe('1 hour');
    expect(i18n.t('standards.amount.hours', { count: 2 })).toBe('2 hours');
    expect(i18n.t('standards.amount.workingDays', { count: 1 })).toBe('1 working day');
    expect(i18n.t('files.rows', { count: 1 })).toBe('(1 row)');
    await i18n.changeLanguage('zh-CN');
    expect(i18n.t('standards.amount.hours', { count: 1 })).toBe('1 小时');
  });
});
