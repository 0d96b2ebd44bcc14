// Reads call transcripts: WebVTT, SRT, and JSON (our {speaker, start, end, text} segments, AWS Transcribe
// call-analytics output, Azure conversation transcripts). Speakers become agent/customer; lines that cannot be
// read are reported with their line number, the rest is kept.
import type { TranscriptSegment } from '../model';

export interface ParsedTranscript {
  format: 'vtt' | 'srt' | 'json-segments' | 'aws-call-analytics' | 'azure-conversation';
  /** The recording the transcript names inside (a file name or id), if any. */
  names: string[];
  language: string | null;
  segments: TranscriptSegment[];
  /** False when the source has no times (chat transcripts): segments keep their order, seeking is off. */
  timed: boolean;
  problems: { line: number; reason: 'bad-time' | 'bad-cue' | 'end-before-start' }[];
}

export class TranscriptUnreadable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TranscriptUnreadable';
  }
}

const AGENT = /^(agent|坐席|客服|工程师|rep|representative)$/i;
const CUSTOMER = /^(customer|caller|客户|来电人|用户|client)$/i;

/** Speaker labels to roles; unknown labels alternate in order of appearance, first one the agent (calls open with the agent). */
function speakerMapper() {
  const seen = new Map<string, TranscriptSegment['speaker']>();
  return (label: string): TranscriptSegment['speaker'] => {
    const l = label.trim();
    if (AGENT.test(l)) return 'agent';
    if (CUSTOMER.test(l)) return 'customer';
    let s = seen.get(l);
    if (!s) {
      s = seen.size % 2 === 0 ? 'agent' : 'customer';
      seen.set(l, s);
    }
    return s;
  };
}

/** "01:02:03.456", "02:03,456", "3.5" -> seconds; null when unreadable. */
export function parseCueTime(raw: string): number | null {
  const m = /^(?:(\d+):)?(\d{1,2}):(\d{2})(?:[.,](\d{1,3}))?$/.exec(raw.trim());
  if (m) return +(m[1] ?? 0) * 3600 + +m[2]! * 60 + +m[3]! + +`0.${m[4] ?? '0'}`;
  const n = Number(raw);
  return raw.trim() !== '' && Number.isFinite(n) && n >= 0 ? n : null;
}

function parseCues(text: string, format: 'vtt' | 'srt'): ParsedTranscript {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  if (format === 'vtt' && !/^WEBVTT/.test(lines[0] ?? '')) throw new TranscriptUnreadable('a WebVTT file must start with "WEBVTT"');
  const segments: TranscriptSegment[] = [];
  const problems: ParsedTranscript['problems'] = [];
  const speaker = speakerMapper();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line.includes('-->')) continue;
    const [a, b] = line.split('-->');
    const start = parseCueTime(a!);
    const end = parseCueTime((b ?? '').trim().split(/\s+/)[0] ?? '');
    const textLines: string[] = [];
    let j = i + 1;
    for (; j < lines.length && lines[j]!.trim() !== ''; j++) textLines.push(lines[j]!);
    if (start === null || end === null) {
      problems.push({ line: i + 1, reason: 'bad-time' });
      i = j;
      continue;
    }
    if (end < start) problems.push({ line: i + 1, reason: 'end-before-start' });
    let body = textLines.join('\n');
    // <v Agent>text</v> (WebVTT voice) or "Agent: text" / "坐席：text" prefixes name the speaker.
    let who = '';
    const voice = /^<v(?:\.[^ >]*)?\s+([^>]+)>/.exec(body);
    if (voice) {
      who = voice[1]!;
      body = body.replace(/<\/?v[^>]*>/g, '');
    } else {
      const prefix = /^([^:：]{1,20})[:：]\s*/.exec(body);
      if (prefix && (AGENT.test(prefix[1]!.trim()) || CUSTOMER.test(prefix[1]!.trim()))) {
        who = prefix[1]!;
        body = body.slice(prefix[0].length);
      }
    }
    segments.push({ speaker: speaker(who || 'agent'), start, end: Math.max(start, end), text: body.replace(/<[^>]+>/g, '').trim() });
    i = j;
  }
  if (segments.length === 0 && problems.length === 0) throw new TranscriptUnreadable('no cues found (lines with "-->")');
  return { format, names: [], language: null, segments, timed: true, problems };
}

function parseJson(text: string): ParsedTranscript {
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new TranscriptUnreadable(`not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  const o = (doc ?? {}) as Record<string, unknown>;
  const speaker = speakerMapper();
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  // AWS Transcribe call analytics (Post Call Analytics output).
  if (Array.isArray(o.SpeechSegments)) {
    const ca = (o.ConversationAnalytics ?? {}) as Record<string, unknown>;
    const labels = new Map(((ca.SpeakerLabels as { Speaker: string; DisplayText: string }[]) ?? []).map((l) => [l.Speaker, l.DisplayText]));
    const uri = ((ca.SourceInformation as { TranscribeJobInfo?: { MediaOriginalUri?: string } }[]) ?? [])[0]?.TranscribeJobInfo?.MediaOriginalUri;
    return {
      format: 'aws-call-analytics',
      names: uri ? [uri.split('/').pop()!] : [],
      language: str(ca.LanguageCode) || null,
      timed: true,
      problems: [],
      segments: (o.SpeechSegments as Record<string, unknown>[]).map((s) => ({
        speaker: speaker(labels.get(str(s.SegmentSpeaker)) ?? str(s.SegmentSpeaker)),
        start: Number(s.SegmentStartTime) || 0,
        end: Number(s.SegmentEndTime) || 0,
        text: str(s.DisplayText) || str(s.OriginalText),
      })),
    };
  }
  // Azure conversation analysis input: items in order, no times.
  const conv = ((o.analysisInput as { conversations?: Record<string, unknown>[] } | undefined)?.conversations ?? [])[0];
  if (conv && Array.isArray(conv.conversationItems)) {
    return {
      format: 'azure-conversation',
      names: [str(conv.id)].filter(Boolean),
      language: str(conv.language) || null,
      timed: false,
      problems: [],
      segments: (conv.conversationItems as Record<string, unknown>[]).map((c, i) => ({ speaker: speaker(str(c.participantId)), start: i, end: i, text: str(c.text) })),
    };
  }
  // Plain segments: {file?, recordingId?, language?, segments: [{speaker, start, end, text}]} or the array itself.
  const list = Array.isArray(doc) ? doc : Array.isArray(o.segments) ? o.segments : null;
  if (!list) throw new TranscriptUnreadable('no segments found (expected "segments", "SpeechSegments" or "conversationItems")');
  const problems: ParsedTranscript['problems'] = [];
  const segments: TranscriptSegment[] = [];
  (list as Record<string, unknown>[]).forEach((s, i) => {
    const start = Number(s.start);
    const end = Number(s.end);
    if (!Number.isFinite(start) || !Number.isFinite(end)) return problems.push({ line: i + 1, reason: 'bad-time' });
    if (end < start) problems.push({ line: i + 1, reason: 'end-before-start' });
    segments.push({ speaker: speaker(str(s.speaker)), start, end: Math.max(start, end), text: str(s.text) });
  });
  return { format: 'json-segments', names: [str(o.file), str(o.recordingId)].filter(Boolean), language: str(o.language) || null, segments, timed: true, problems };
}

export function parseTranscript(fileName: string, text: string): ParsedTranscript {
  const ext = fileName.toLowerCase().split('.').pop();
  const head = text.replace(/^\uFEFF/, '').trimStart();
  if (ext === 'vtt' || head.startsWith('WEBVTT')) return parseCues(text, 'vtt');
  if (ext === 'srt') return parseCues(text, 'srt');
  if (ext === 'json' || head.startsWith('{') || head.startsWith('[')) return parseJson(text);
  throw new TranscriptUnreadable('not a WebVTT, SRT or JSON transcript');
}

/** "call-0001.wav", "Call-0001.json", "s3://x/call-0001.mp3" -> "call-0001": how transcripts find their recording. */
export function baseName(name: string): string {
  return (name.split(/[\\/]/).pop() ?? name).replace(/\.[^.]+$/, '').toLowerCase();
}
