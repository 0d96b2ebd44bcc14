// One deterministic generator of a realistic demo workspace: teams, people, tickets with threads, and call
// recordings (as specs the main process renders into G.711 WAV files) with matching transcripts.
// Same seed and `now` -> the same workspace, byte for byte.
import type { BUILT_IN_CATEGORIES } from './valueLists';
import { uuidv7 } from './ids';
import { createRng, normal, pickOne, pickWeighted, randInt, type Rng } from './random';
import type { Channel, NewRecord, Person, Priority, Team, Ticket, TicketMessage, TicketStatus, TranscriptSegment } from './model';
import { isStaffRole } from './roles';

export type DemoSize = 'full' | 'small';

export interface DemoTurn {
  speaker: 'agent' | 'customer';
  start: number;
  end: number;
}

export interface DemoRecordingSpec {
  id: string;
  seed: number;
  durationSec: number;
  turns: DemoTurn[];
  agentId: string;
  teamId: string;
  ticketId: string | null;
  ticketExternalId: string | null;
  startedAt: string;
  direction: 'inbound' | 'outbound';
  customerNumber: string;
  queue: string;
  fileName: string;
}

type WithId<T> = T & { id: string };

export interface DemoWorkspace {
  seed: number;
  teams: WithId<NewRecord<Team>>[];
  people: WithId<NewRecord<Person>>[];
  tickets: WithId<NewRecord<Ticket>>[];
  messages: WithId<NewRecord<TicketMessage>>[];
  recordings: DemoRecordingSpec[];
  transcripts: { recordingId: string; language: string; segments: TranscriptSegment[] }[];
}

export const DEMO_SIZES: Record<DemoSize, { tickets: number; recordings: number; days: number; minSec: number; maxSec: number }> = {
  full: { tickets: 20_000, recordings: 60, days: 90, minSec: 60, maxSec: 720 },
  small: { tickets: 2_000, recordings: 6, days: 30, minSec: 30, maxSec: 90 },
};

/** The password every demo account gets, shown to the user after loading the demo. */
export const DEMO_PASSWORD = 'demo-2026';

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '高'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '洋', '艳', '勇', '军', '杰', '娟', '涛', '明', '超', '秀英', '霞', '平', '刚', '桂英', '晨', '婷'];
const PINYIN: Record<string, string> = {
  王: 'wang', 李: 'li', 张: 'zhang', 刘: 'liu', 陈: 'chen', 杨: 'yang', 黄: 'huang', 赵: 'zhao', 吴: 'wu', 周: 'zhou',
  徐: 'xu', 孙: 'sun', 马: 'ma', 朱: 'zhu', 胡: 'hu', 郭: 'guo', 何: 'he', 林: 'lin', 罗: 'luo', 高: 'gao',
};
const TEAMS = ['一线客服组', '技术支持组', '现场服务组'];
const PRODUCTS = ['财务软件 V8.2', 'ERP 云平台 5.1', '进销存系统 3.6', 'HR 薪酬模块 2.4', '移动审批 App 1.9'];
const CUSTOMERS = ['华东机电有限公司', '南方物流集团', '星河食品股份', '蓝海医疗器械', '北辰建设工程', '金桥商贸', '远航科技', '同创教育', '恒信会计师事务所', '长风汽车配件'];
const SUBJECTS: Record<(typeof BUILT_IN_CATEGORIES)[number], string[]> = {
  'function-question': ['如何批量导出凭证', '报表能否按部门汇总', '审批流可以设置会签吗', '怎样设置多币种', '库存预警在哪里配置'],
  'system-fault': ['月结时系统报错 E1024', '登录后页面空白', '打印模板错位', '数据同步失败', '工资计算结果异常', '系统响应很慢，业务停滞'],
  'usage-question': ['新员工账号怎么开通', '忘记密码如何重置', '如何修改发票抬头', '导入模板格式是什么', '怎样撤回已提交的单据'],
};
const AGENT_REPLIES = ['您好，已收到您的问题，正在为您核实。', '请提供一下报错截图和操作步骤。', '已远程协助处理，请您再试一下。', '该问题已提交研发，预计两个工作日内给出方案。', '问题已解决，如有其他问题请随时联系我们。'];
const CUSTOMER_LINES = ['今天上午开始就这样了，很着急。', '截图已发送，请查收。', '试过了，还是不行。', '好的，现在可以了，谢谢！', '什么时候能处理好？我们业务停了。'];
const AGENT_SPEECH = ['您好，这里是售后服务中心，请问有什么可以帮您？', '请问您的客户编号是多少？', '好的，我帮您查询一下，请稍等。', '这个问题是月结参数设置导致的。', '您可以在系统设置里重新配置一下。', '我现在远程帮您操作，请保持电话畅通。', '请问还有其他问题吗？', '感谢您的来电，祝您工作顺利，再见。'];
const CUSTOMER_SPEECH = ['你好，我们的财务软件月结一直报错。', '客户编号是 C 一零二四八。', '报错代码是 E 一零二四。', '好的，我等一下。', '明白了，那我现在试一下。', '可以了，谢谢你。', '没有了，谢谢。'];

const DAY = 86_400_000;

function makeId(rng: Rng, at: number): string {
  return uuidv7(at, (n) => Uint8Array.from({ length: n }, () => Math.floor(rng.next() * 256)));
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** A time in the company's working day (Beijing time, 08:00-20:00), as UTC. */
function workingTime(rng: Rng, dayStart: number): number {
  const hour = 8 + Math.min(11.99, Math.abs(normal(rng)) * 3.5 + rng.next() * 3);
  return dayStart + (hour - 8) * 3_600_000 + randInt(rng, 0, 59) * 60_000;
}

/** Minutes to first response: the service standard for the channel and priority, breached now and then. */
function firstResponseMinutes(rng: Rng, channel: Channel, priority: Priority): number {
  const target = channel === 'chat' ? 5 : channel === 'phone' ? 2 : priority === 'urgent' ? 30 : 60;
  const breach = rng.next() < 0.08;
  const m = breach ? target * (1.2 + rng.next() * 4) : target * Math.exp(normal(rng) * 0.5) * 0.45;
  return Math.max(0.5, m);
}

export function generateDemoWorkspace(opts: { seed?: number; size?: DemoSize; now: number }): DemoWorkspace {
  const seed = opts.seed ?? 20261123;
  const size = DEMO_SIZES[opts.size ?? 'full'];
  const rng = createRng(seed);
  // Days start at 00:00 Beijing time (16:00 UTC the day before).
  const today = Math.floor((opts.now + 8 * 3_600_000) / DAY) * DAY - 8 * 3_600_000;
  const origin = today - size.days * DAY;

  const usedNames = new Set<string>();
  const person = (role: Person['role'], teamId: string | null, n: number): WithId<NewRecord<Person>> => {
    let sur = '';
    let given = '';
    do {
      sur = pickOne(rng, SURNAMES);
      given = pickOne(rng, GIVEN);
    } while (usedNames.has(sur + given));
    usedNames.add(sur + given);
    const no = `E${String(1000 + n)}`;
    return {
      id: makeId(rng, origin - 30 * DAY + n * 1000),
      name: sur + given,
      email: `${PINYIN[sur]}.${no.toLowerCase()}@demo.example.com`,
      employeeNo: no,
      teamId,
      role,
      active: true,
      deactivatedAt: null,
    };
  };

  const teams: WithId<NewRecord<Team>>[] = TEAMS.map((name, i) => ({ id: makeId(rng, origin - 31 * DAY + i), name, leadId: null, active: true }));
  const people: WithId<NewRecord<Person>>[] = [];
  let n = 1;
  for (const team of teams) {
    const lead = person('lead', team.id, n++);
    team.leadId = lead.id;
    people.push(lead);
    for (let i = 0; i < 8; i++) people.push(person('staff', team.id, n++));
  }
  people.push(person('supervisor', null, n++), person('supervisor', null, n++));
  const staff = people.filter((p) => isStaffRole(p.role));

  const tickets: WithId<NewRecord<Ticket>>[] = [];
  const messages: WithId<NewRecord<TicketMessage>>[] = [];
  for (let i = 0; i < size.tickets; i++) {
    const dayStart = origin + Math.floor((i / size.tickets) * size.days) * DAY;
    const opened = workingTime(rng, dayStart);
    const agent = rng.next() < 0.01 ? null : pickOne(rng, staff);
    const channel = pickWeighted<Channel>(rng, [['phone', 30], ['email', 25], ['chat', 30], ['portal', 10], ['onsite', 5]]);
    const priority = pickWeighted<Priority>(rng, [['urgent', 5], ['high', 20], ['normal', 55], ['low', 20]]);
    const category = pickWeighted<(typeof BUILT_IN_CATEGORIES)[number]>(rng, [['function-question', 35], ['system-fault', 30], ['usage-question', 35]]);
    const firstResponse = opened + firstResponseMinutes(rng, channel, priority) * 60_000;
    const resolveHours = Math.exp(normal(rng) * 0.9) * (category === 'system-fault' ? 10 : 3);
    const resolvedAt = firstResponse + resolveHours * 3_600_000;
    const age = opts.now - opened;
    const done = resolvedAt < opts.now && (age > 3 * DAY || rng.next() < 0.7);
    const status: TicketStatus = done ? (age > 7 * DAY ? 'closed' : 'solved') : firstResponse < opts.now ? pickOne(rng, ['open', 'pending'] as const) : 'open';
    const breached = firstResponse - opened > 30 * 60_000 || resolveHours > 24;
    const csat = done && rng.next() < 0.6 ? Math.max(1, Math.min(5, Math.round(4.4 - (breached ? 1.6 : 0) + normal(rng) * 0.8))) : null;
    const id = makeId(rng, opened);
    const subject = pickOne(rng, SUBJECTS[category]);
    tickets.push({
      id,
      source: 'demo-helpdesk',
      externalId: String(1_700_000_000_000 + i * 37),
      subject,
      channel,
      priority,
      category,
      status,
      agentId: agent?.id ?? null,
      teamId: agent?.teamId ?? null,
      customerName: pickOne(rng, CUSTOMERS),
      product: pickOne(rng, PRODUCTS),
      openedAt: iso(opened),
      firstResponseAt: firstResponse < opts.now && agent ? iso(firstResponse) : null,
      resolvedAt: done ? iso(resolvedAt) : null,
      reopenedCount: done ? pickWeighted(rng, [[0, 92], [1, 7], [2, 1]]) : 0,
      csat,
    });
    const count = randInt(rng, 2, 6);
    let at = opened;
    for (let m = 0; m < count; m++) {
      const author = m === 0 ? 'customer' : m % 2 === 1 ? (rng.next() < 0.1 ? 'internal' : 'agent') : 'customer';
      if (m === 1) at = firstResponse;
      else if (m > 1) at += randInt(rng, 5, 240) * 60_000;
      if (at > opts.now) break;
      messages.push({
        id: makeId(rng, at),
        ticketId: id,
        at: iso(at),
        author,
        authorName: author === 'customer' ? '客户' : (agent?.name ?? '系统'),
        body: m === 0 ? `${subject}。产品：${pickOne(rng, PRODUCTS)}。` : author === 'customer' ? pickOne(rng, CUSTOMER_LINES) : pickOne(rng, AGENT_REPLIES),
      });
    }
  }

  const recordings: DemoRecordingSpec[] = [];
  const transcripts: DemoWorkspace['transcripts'] = [];
  const phoneTickets = tickets.filter((t) => t.channel === 'phone' && t.agentId);
  for (let r = 0; r < size.recordings; r++) {
    const ticket = phoneTickets[Math.floor((r / size.recordings) * phoneTickets.length + rng.next() * 10) % phoneTickets.length]!;
    const durationSec = randInt(rng, size.minSec, size.maxSec);
    const turns: DemoTurn[] = [];
    const segments: TranscriptSegment[] = [];
    let t = 0.3;
    let speaker: DemoTurn['speaker'] = 'agent';
    let agentLine = 0;
    let customerLine = 0;
    while (t < durationSec - 1) {
      const len = Math.min(2 + rng.next() * 9, durationSec - t - 0.2);
      if (len < 0.8) break;
      turns.push({ speaker, start: round2(t), end: round2(t + len) });
      const text = speaker === 'agent' ? AGENT_SPEECH[agentLine++ % AGENT_SPEECH.length]! : CUSTOMER_SPEECH[customerLine++ % CUSTOMER_SPEECH.length]!;
      segments.push({ speaker, start: round2(t), end: round2(t + len), text });
      t += len + 0.2 + rng.next() * 0.8;
      speaker = speaker === 'agent' ? 'customer' : 'agent';
    }
    const started = Date.parse(ticket.openedAt) + randInt(rng, 0, 5) * 60_000;
    const id = makeId(rng, started);
    recordings.push({
      id,
      seed: seed + r * 7919,
      durationSec,
      turns,
      agentId: ticket.agentId!,
      teamId: ticket.teamId!,
      ticketId: ticket.id,
      ticketExternalId: ticket.externalId,
      startedAt: iso(started),
      direction: rng.next() < 0.8 ? 'inbound' : 'outbound',
      customerNumber: `1${randInt(rng, 30, 89)}${String(randInt(rng, 0, 99_999_999)).padStart(8, '0')}`,
      queue: pickOne(rng, ['售后热线', '技术支持', 'VIP 专线']),
      fileName: `call-${String(r + 1).padStart(3, '0')}-${ticket.externalId}.wav`,
    });
    transcripts.push({ recordingId: id, language: 'zh-CN', segments });
  }
  return { seed, teams, people, tickets, messages, recordings, transcripts };
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
