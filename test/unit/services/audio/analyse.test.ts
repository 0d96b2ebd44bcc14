// Audio analysis on real recordings (../shared/data), every supported codec, and the bad-audio corpus:
// each bad file gets its own clear result and the rest still import.
import { sharedData, withoutSharedData } from '../../../sharedData';
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { analyseAudioFile } from '../../../../src-main/services/audio/analyse';
import { AudioAnalyserPool } from '../../../../src-main/services/audio/pool';
import { mp3, muLawWav, pcm16Samples, pcm16Wav, stereoPcm16Wav, synthSpeech } from '../../../fixtures/audioFiles';

const SHARED = sharedData('audio');
const FIX = join(__dirname, '..', '../../fixtures');

describe.skipIf(withoutSharedData('audio analysis of the public recordings'))('analyseAudioFile on real recordings', () => {
  it('reads the PCM agent leg with a LIST chunk before data: 245.38 s, waveform with speech in it', async () => {
    const r = await analyseAudioFile(join(SHARED, 'Auto_Repairs_40_UTC_agent.wav'));
    if (!r.ok) throw new Error(r.detail);
    expect(r).toMatchObject({ format: 'wav-pcm16', sampleRate: 8000, channels: 1, durationSec: 245.38, peaksPerSecond: 50, warnings: [] });
    expect(r.peaks).toHaveLength(2 * Math.ceil(245.38 * 50));
    expect(Math.max(...r.peaks)).toBeGreaterThan(0.3);
    expect(r.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
  it('a stereo call (the real agent and caller legs side by side) gets one waveform per channel, each equal to its leg alone', async () => {
    const agentPath = join(SHARED, 'Auto_Repairs_40_UTC_agent.wav');
    const callerPath = join(SHARED, 'Auto_Repairs_40_UTC_caller.wav');
    const dir = mkdtempSync(join(tmpdir(), 'qa-stereo-'));
    const stereo = join(dir, 'call.wav');
    writeFileSync(stereo, stereoPcm16Wav(pcm16Samples(readFileSync(agentPath)), pcm16Samples(readFileSync(callerPath)), 8000));
    const [r, agent, caller] = await Promise.all([stereo, agentPath, callerPath].map((p) => analyseAudioFile(p)));
    if (!r!.ok || !agent!.ok || !caller!.ok) throw new Error('analysis failed');
    expect(r).toMatchObject({ channels: 2, format: 'wav-pcm16', durationSec: 245.38 });
    expect(r!.channelPeaks).toHaveLength(2);
    expect(r!.channelPeaks![0]).toEqual(agent!.peaks);
    expect(r!.channelPeaks![1]).toEqual(caller!.peaks);
    expect(agent!.channelPeaks).toBeUndefined();
    // The combined waveform holds the louder side at every moment.
    for (let i = 0; i < r!.peaks.length; i += 97) expect(Math.abs(r!.peaks[i]!)).toBeGreaterThanOrEqual(Math.min(Math.abs(agent!.peaks[i]!), Math.abs(caller!.peaks[i]!)));
  });
  it('a stereo MP3 keeps its channels apart too: speech on the left, silence on the right', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qa-stereo-'));
    const speech = synthSpeech(6, 16000, 5);
    writeFileSync(join(dir, 'left.mp3'), await mp3(speech, 16000, 32, new Int16Array(speech.length)));
    const r = await analyseAudioFile(join(dir, 'left.mp3'));
    if (!r.ok) throw new Error(r.detail);
    expect(r.channels).toBe(2);
    const [left, right] = r.channelPeaks!;
    expect(Math.max(...left!)).toBeGreaterThan(0.2);
    expect(Math.max(...right!.map(Math.abs))).toBeLessThan(0.02);
  });
  it('reads the 16 kHz mu-law sample with a LIST chunk after data', async () => {
    const r = await analyseAudioFile(join(SHARED, 'whatstheweatherlike-mulaw.wav'));
    expect(r).toMatchObject({ ok: true, format: 'wav-mulaw', sampleRate: 16000, durationSec: 2.03 });
  });
  it('decodes the same call as A-law, MP3, FLAC, Ogg Opus and Ogg Vorbis to about the same length and loudness', async () => {
    const ref = await analyseAudioFile(join(SHARED, 'whatstheweatherlike-mulaw.wav'));
    if (!ref.ok) throw new Error(ref.detail);
    const refMax = Math.max(...ref.peaks);
    for (const [file, format] of [
      ['weather-alaw.wav', 'wav-alaw'],
      ['weather.mp3', 'mp3'],
      ['weather.flac', 'flac'],
      ['weather.opus', 'ogg-opus'],
      ['weather-vorbis.ogg', 'ogg-vorbis'],
    ] as const) {
      const r = await analyseAudioFile(join(FIX, 'audio', file));
      if (!r.ok) throw new Error(`${file}: ${r.detail}`);
      expect(r.format, file).toBe(format);
      expect(Math.abs(r.durationSec - 2.03), file).toBeLessThan(0.1);
      expect(Math.abs(Math.max(...r.peaks) - refMax), file).toBeLessThan(0.2);
    }
  });
  it('gives M4A/AAC a duration and says the waveform is not available', async () => {
    const r = await analyseAudioFile(join(FIX, 'audio', 'weather.m4a'));
    if (!r.ok) throw new Error(r.detail);
    expect(r.container).toBe('mp4');
    expect(Math.abs(r.durationSec - 2.03)).toBeLessThan(0.1);
    expect(r.warnings.map((w) => w.code)).toEqual(['no-waveform']);
  });
  it('merges peaks of long files to at most 60,000 buckets and keeps the duration exact', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qa-audio-'));
    const s = synthSpeech(1500, 8000);
    writeFileSync(join(dir, 'long.wav'), muLawWav(s, 8000));
    const r = await analyseAudioFile(join(dir, 'long.wav'));
    if (!r.ok) throw new Error(r.detail);
    expect(r.durationSec).toBe(1500);
    expect(r.peaks.length / 2).toBeLessThanOrEqual(60000);
    expect(r.peaksPerSecond * r.durationSec).toBeCloseTo(r.peaks.length / 2, 0);
  });
});

describe('bad-audio corpus', () => {
  const bad = (f: string) => analyseAudioFile(join(FIX, 'bad', 'audio', f));
  it.each([
    ['zero-length.wav', 'empty-file', /0 bytes/],
    ['header-only.wav', 'no-audio', /no sound samples/],
    ['no-data-chunk.wav', 'corrupt', /no data chunk/],
    ['text-named.wav', 'not-audio', /text starting "Ticket ID,Subject/],
    ['unsupported-format.wav', 'unsupported-codec', /format tag 85/],
    ['corrupt.mp3', 'corrupt', /could not be decoded|no sound/],
    ['missing.wav', 'not-found', /does not exist/],
  ])('%s: %s', async (file, code, detail) => {
    const r = await bad(file);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.code).toBe(code);
    expect(r.detail).toMatch(detail);
    expect(r.fileName).toBe(file);
  });
  it('a truncated WAV keeps what is there and says how much is missing', async () => {
    const r = await bad('truncated.wav');
    if (!r.ok) throw new Error(r.detail);
    expect(r.durationSec).toBe(0.5);
    expect(r.warnings).toEqual([{ code: 'truncated', detail: '12000 bytes of sound data missing' }]);
  });
  it('an MP3 named .wav is decoded as MP3 and the lie is reported', async () => {
    const r = await bad('lying-extension.wav');
    if (!r.ok) throw new Error(r.detail);
    expect(r).toMatchObject({ format: 'mp3', mime: 'audio/mpeg' });
    expect(r.warnings[0]).toMatchObject({ code: 'extension-mismatch', detail: '.wav but the content is mp3' });
  });
});

describe('AudioAnalyserPool', () => {
  it('analyses files in worker threads; a bad file fails alone and the others finish', async () => {
    const pool = new AudioAnalyserPool(join(__dirname, '..', '../../../src-main/services/audio/analyseWorker.ts'), 2);
    const dir = mkdtempSync(join(tmpdir(), 'qa-pool-'));
    writeFileSync(join(dir, 'a.mp3'), await mp3(synthSpeech(20, 8000), 8000));
    writeFileSync(join(dir, 'b.wav'), pcm16Wav(synthSpeech(10, 8000), 8000));
    const results = await Promise.all(
      [join(dir, 'a.mp3'), join(FIX, 'bad', 'audio', 'text-named.wav'), join(dir, 'b.wav')].map((p) => pool.analyse(p).result),
    );
    await pool.close();
    expect(results.map((r) => r.ok)).toEqual([true, false, true]);
    expect(results[2]!.ok && results[2]!.durationSec).toBe(10);
  }, 30000);
});
