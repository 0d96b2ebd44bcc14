// The 100k-ticket CSV for import-100k (about 60 MB with message text), written once and cached.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRng } from '../../src-renderer/src/domain/random';
import { toCsv } from '../../src-main/cli/demo';

const PHRASES = [
  '客户反馈月结时系统报错，提示凭证号重复，已请客户提供截图和日志。',
  'Customer reports the invoice export hangs at 90 % when the month has more than 5,000 lines.',
  '打印模板丢失，恢复默认模板后可以正常打印，建议客户定期备份模板目录。',
  'After the upgrade to 5.2 the login page loops; clearing the browser cache fixed it.',
  '仓库扫码枪无法连接，检查驱动版本后更新到最新版本，问题解决。',
  'The nightly sync job failed because the database password expired; rotated and re-ran.',
];

export function tickets100kCsv(cacheDir: string, n = 100_000): string {
  const file = join(cacheDir, `tickets-${n}.csv`);
  if (existsSync(file)) return file;
  mkdirSync(cacheDir, { recursive: true });
  const rng = createRng(2026);
  const start = Date.parse('2026-08-01T00:00:00Z');
  const channels = ['电话', '邮件', '在线客服', '门户'];
  const priorities = ['紧急', '高', '中', '低'];
  const statuses = ['已关闭', '已解决', '处理中', '挂起'];
  const rows: unknown[][] = [];
  for (let i = 0; i < n; i++) {
    const opened = start + Math.floor(rng.next() * 90 * 86400000);
    const fr = opened + Math.floor(rng.next() * 8 * 3600000);
    const resolved = fr + Math.floor(rng.next() * 72 * 3600000);
    const body = Array.from({ length: 6 }, () => PHRASES[Math.floor(rng.next() * PHRASES.length)]).join(' ');
    const iso = (t: number) => new Date(t).toISOString().slice(0, 19).replace('T', ' ');
    rows.push([
      `HD-${String(1_000_000 + i)}`,
      `工单 ${i}: ${PHRASES[i % PHRASES.length]!.slice(0, 24)}`,
      body,
      statuses[i % 4],
      priorities[Math.floor(rng.next() * 4)],
      channels[Math.floor(rng.next() * 4)],
      `agent${i % 40}@example.com`,
      `客户${i % 997}`,
      'ERP 5.2',
      iso(opened),
      iso(fr),
      iso(resolved),
      i % 17 === 0 ? 1 : 0,
      rng.next() < 0.6 ? 1 + Math.floor(rng.next() * 5) : '',
    ]);
  }
  writeFileSync(
    file,
    toCsv(['工单编号', '主题', '问题描述', '状态', '优先级', '来源渠道', '处理人', '客户名称', '产品', '创建时间', '首次响应时间', '解决时间', '重开次数', '满意度'], rows),
  );
  return file;
}
