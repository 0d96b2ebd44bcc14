// What a file really is, from its first bytes, whatever its extension says: WAV, MP3, AAC (ADTS), Ogg Opus or
// Vorbis, FLAC, MP4/M4A; or not audio at all (with a hint of what it looks like).

export type AudioContainer = 'wav' | 'mp3' | 'aac' | 'ogg-opus' | 'ogg-vorbis' | 'flac' | 'mp4';

export type Sniffed = { ok: true; container: AudioContainer } | { ok: false; looksLike: 'empty' | 'text' | 'binary'; start: string };

export const EXTENSIONS: Record<AudioContainer, string[]> = {
  wav: ['.wav', '.wave'],
  mp3: ['.mp3'],
  aac: ['.aac'],
  'ogg-opus': ['.ogg', '.opus', '.oga'],
  'ogg-vorbis': ['.ogg', '.oga'],
  flac: ['.flac'],
  mp4: ['.m4a', '.mp4', '.aac'],
};

export const MIME: Record<AudioContainer, string> = {
  wav: 'audio/wav',
  mp3: 'audio/mpeg',
  aac: 'audio/aac',
  'ogg-opus': 'audio/ogg',
  'ogg-vorbis': 'audio/ogg',
  flac: 'audio/flac',
  mp4: 'audio/mp4',
};

const ascii = (b: Uint8Array, at: number, n: number) => String.fromCharCode(...b.subarray(at, at + n));

export function sniffAudio(head: Uint8Array): Sniffed {
  if (head.length === 0) return { ok: false, looksLike: 'empty', start: '' };
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 4) === 'WAVE') return { ok: true, container: 'wav' };
  if (ascii(head, 0, 4) === 'fLaC') return { ok: true, container: 'flac' };
  if (ascii(head, 4, 4) === 'ftyp') return { ok: true, container: 'mp4' };
  if (ascii(head, 0, 4) === 'OggS') {
    const first = ascii(head, 0, Math.min(head.length, 200));
    if (first.includes('OpusHead')) return { ok: true, container: 'ogg-opus' };
    if (first.includes('vorbis')) return { ok: true, container: 'ogg-vorbis' };
  }
  if (ascii(head, 0, 3) === 'ID3') return { ok: true, container: 'mp3' };
  if (head[0] === 0xff && head.length > 1 && (head[1]! & 0xe0) === 0xe0) {
    // MPEG audio frames carry a layer in bits 1-2; ADTS (AAC) frames have layer 0.
    return { ok: true, container: (head[1]! & 0x06) === 0 ? 'aac' : 'mp3' };
  }
  let printable = 0;
  const n = Math.min(head.length, 512);
  for (let i = 0; i < n; i++) {
    const c = head[i]!;
    if (c === 9 || c === 10 || c === 13 || (c >= 32 && c < 127) || c >= 0xc0) printable++;
  }
  const text = printable / n > 0.9;
  return { ok: false, looksLike: text ? 'text' : 'binary', start: text ? new TextDecoder().decode(head.subarray(0, 24)).replace(/\s+/g, ' ') : '' };
}
