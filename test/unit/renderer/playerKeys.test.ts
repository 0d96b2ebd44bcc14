import { describe, expect, it } from 'vitest';
import { playerKey, SPAN_WITHOUT_START } from '@renderer/widgets/playerKeys';

const key = (k: string, extra: Partial<KeyboardEvent> = {}) => ({ key: k, code: k === ' ' ? 'Space' : `Key${k}`, shiftKey: false, ...extra });

describe('player keys', () => {
  it('play, skip and speed everywhere', () => {
    const s = { time: 10, spanStart: null, canMark: false };
    expect(playerKey(key(' '), s)).toEqual({ kind: 'play-pause' });
    expect(playerKey(key('ArrowLeft'), s)).toEqual({ kind: 'skip', seconds: -5 });
    expect(playerKey(key('ArrowRight', { shiftKey: true }), s)).toEqual({ kind: 'skip', seconds: 30 });
    expect(playerKey(key('<'), s)).toEqual({ kind: 'rate', step: -1 });
    expect(playerKey(key('>'), s)).toEqual({ kind: 'rate', step: 1 });
    // Marking keys do nothing where spans cannot be marked.
    expect(playerKey(key('['), s)).toBeNull();
    expect(playerKey(key(']'), s)).toBeNull();
  });

  it('[ starts a span at the play head and ] ends it there, either way round; ] alone marks the last seconds', () => {
    expect(playerKey(key('['), { time: 12.5, spanStart: null, canMark: true })).toEqual({ kind: 'span-start', at: 12.5 });
    expect(playerKey(key(']'), { time: 20, spanStart: 12.5, canMark: true })).toEqual({ kind: 'span', start: 12.5, end: 20 });
    expect(playerKey(key(']'), { time: 8, spanStart: 12.5, canMark: true })).toEqual({ kind: 'span', start: 8, end: 12.5 });
    expect(playerKey(key(']'), { time: 30, spanStart: null, canMark: true })).toEqual({ kind: 'span', start: 30 - SPAN_WITHOUT_START, end: 30 });
    expect(playerKey(key(']'), { time: 2, spanStart: null, canMark: true })).toEqual({ kind: 'span', start: 0, end: 2 });
    // An empty span (] at the very start) marks nothing.
    expect(playerKey(key(']'), { time: 0, spanStart: null, canMark: true })).toBeNull();
    expect(playerKey(key(']'), { time: 4, spanStart: 4, canMark: true })).toBeNull();
  });
});
