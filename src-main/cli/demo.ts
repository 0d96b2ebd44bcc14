// `npm run demo -- --out DIR [--size small] [--seed N]`: writes the demo workspace as the files a helpdesk and a
// call recorder would export (ticket CSV and JSON, a recordings folder with metadata CSV and transcripts),
// for trying the importers. Same generator as the in-app demo, so the data match.
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { generateDemoWorkspace, type DemoSize } from '@domain/demoWorkspace';
import { renderDemoCall } from '../services/demoAudio';

function csvField(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(header: string[], rows: unknown[][]): string {
  // CRLF records, as spreadsheet tools write them; a BOM so Excel opens the Chinese text as UTF-8.
  return '\uFEFF' + [header, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

export async function writeDemoExport(out: string, size: DemoSize, seed: number | undefined, now: number, log = console.log) {
  const started = Date.now();
  const ws = generateDemoWorkspace({ size, seed, now });
  const people = new Map(ws.people.map((p) => [p.id, p]));
  const teams = new Map(ws.teams.map((t) => [t.id, t]));
  await mkdir(join(out, 'recordings', 'transcripts'), { recursive: true });

  const byTicket = new Map<string, typeof ws.messages>();
  for (const m of ws.messages) byTicket.set(m.ticketId, [...(byTicket.get(m.ticketId) ?? []), m]);

  await writeFile(
    join(out, 'tickets.csv'),
    toCsv(
      ['Ticket ID', 'Subject', 'Description', 'Status', 'Priority', 'Source', 'Type', 'Agent', 'Agent Email', 'Group', 'Customer', 'Product', 'Created Time', 'First Response Time', 'Resolved Time', 'Reopened', 'Satisfaction'],
      ws.tickets.map((t) => {
        const agent = t.agentId ? people.get(t.agentId) : undefined;
        return [
          t.externalId, t.subject, byTicket.get(t.id)?.[0]?.body ?? '', t.status, t.priority, t.channel, t.category,
          agent?.name ?? '', agent?.email ?? '', t.teamId ? teams.get(t.teamId)?.name : '', t.customerName, t.product,
          t.openedAt, t.firstResponseAt, t.resolvedAt, t.reopenedCount, t.csat,
        ];
      }),
    ),
  );
  // The shape of a Zendesk ticket export: tickets with comments, requester/assignee ids, via channel, satisfaction.
  await writeFile(
    join(out, 'tickets.json'),
    JSON.stringify({
      tickets: ws.tickets.map((t) => ({
        id: Number(t.externalId),
        subject: t.subject,
        status: t.status,
        priority: t.priority,
        type: t.category,
        via: { channel: t.channel },
        assignee_id: t.agentId ? people.get(t.agentId)?.employeeNo : null,
        assignee_email: t.agentId ? people.get(t.agentId)?.email : null,
        group: t.teamId ? teams.get(t.teamId)?.name : null,
        requester: { name: t.customerName },
        created_at: t.openedAt,
        first_response_at: t.firstResponseAt,
        solved_at: t.resolvedAt,
        reopens: t.reopenedCount,
        satisfaction_rating: t.csat === null ? null : { score: t.csat >= 4 ? 'good' : 'bad', rating: t.csat },
        custom_fields: [{ id: 'product', value: t.product }],
        comments: (byTicket.get(t.id) ?? []).map((m) => ({ author: m.authorName, public: m.author !== 'internal', role: m.author, created_at: m.at, body: m.body })),
      })),
    }),
  );
  await writeFile(
    join(out, 'agents.csv'),
    toCsv(['Employee No', 'Name', 'Email', 'Team', 'Role'], ws.people.map((p) => [p.employeeNo, p.name, p.email, p.teamId ? teams.get(p.teamId)?.name : '', p.role])),
  );
  log(`tickets: ${ws.tickets.length} (${ws.messages.length} messages) -> tickets.csv, tickets.json`);

  for (const [i, r] of ws.recordings.entries()) {
    const { wav } = renderDemoCall(r.turns, r.durationSec, r.seed);
    await writeFile(join(out, 'recordings', r.fileName), wav);
    const tr = ws.transcripts.find((x) => x.recordingId === r.id)!;
    await writeFile(join(out, 'recordings', 'transcripts', r.fileName.replace(/\.wav$/, '.json')), JSON.stringify({ file: r.fileName, language: tr.language, segments: tr.segments }, null, 1));
    if ((i + 1) % 10 === 0 || i + 1 === ws.recordings.length) log(`recordings: ${i + 1}/${ws.recordings.length}`);
  }
  await writeFile(
    join(out, 'recordings', 'metadata.csv'),
    toCsv(
      ['File Name', 'Agent Email', 'Ticket ID', 'Call Start', 'Direction', 'Customer Number', 'Queue', 'Duration (s)'],
      ws.recordings.map((r) => [r.fileName, people.get(r.agentId)?.email, r.ticketExternalId, r.startedAt, r.direction, r.customerNumber, r.queue, r.durationSec]),
    ),
  );
  log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s: ${resolve(out)}`);
}

const isMain = process.argv[1] && resolve(process.argv[1]) === resolve(__filename);
if (isMain) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const out = arg('out');
  const size = (arg('size') ?? 'full') as DemoSize;
  if (!out || (size !== 'full' && size !== 'small')) {
    console.error('Usage: npm run demo -- --out DIR [--size full|small] [--seed N]');
    process.exit(2);
  }
  writeDemoExport(out, size, arg('seed') ? Number(arg('seed')) : undefined, Date.now()).catch((e: unknown) => {
    console.error(`demo export failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  });
}
