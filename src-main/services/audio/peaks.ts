// Min/max peaks per time bucket, fed block by block as audio decodes, so a 60-minute file never sits in memory.
// Very long files are merged down to at most MAX_BUCKETS so the waveform stays light to store and draw.

export const PEAKS_PER_SECOND = 50;
export const MAX_BUCKETS = 60_000;

export class PeakAccumulator {
  private mins: number[] = [];
  private maxs: number[] = [];
  private curMin = Infinity;
  private curMax = -Infinity;
  private inBucket = 0;
  private bucketSize = 0;
  frames = 0;
  sampleRate = 0;

  /** The rate may be set late (decoders report it with their first output). */
  setRate(sampleRate: number) {
    if (this.sampleRate) return;
    this.sampleRate = sampleRate;
    this.bucketSize = Math.max(1, Math.round(sampleRate / PEAKS_PER_SECOND));
  }

  /** Adds n frames; with several channels each frame's extremes over all channels count. */
  add(channels: Float32Array[], n: number) {
    const size = this.bucketSize;
    let lo = this.curMin;
    let hi = this.curMax;
    let k = this.inBucket;
    const c0 = channels[0]!;
    const more = channels.length > 1;
    for (let i = 0; i < n; i++) {
      let v = c0[i]!;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
      if (more) {
        for (let c = 1; c < channels.length; c++) {
          v = channels[c]![i]!;
          if (v < lo) lo = v;
          if (v > hi) hi = v;
        }
      }
      if (++k === size) {
        this.mins.push(lo);
        this.maxs.push(hi);
        lo = Infinity;
        hi = -Infinity;
        k = 0;
      }
    }
    this.curMin = lo;
    this.curMax = hi;
    this.inBucket = k;
    this.frames += n;
  }

  /** Peaks as [min0, max0, min1, max1, ...] rounded to 3 decimals, and how many buckets make a second. */
  finish(): { peaks: number[]; peaksPerSecond: number; durationSec: number } {
    if (this.inBucket > 0) {
      this.mins.push(this.curMin);
      this.maxs.push(this.curMax);
      this.inBucket = 0;
    }
    const factor = Math.max(1, Math.ceil(this.mins.length / MAX_BUCKETS));
    const peaks: number[] = [];
    const r = (x: number) => Math.round(Math.max(-1, Math.min(1, x)) * 1000) / 1000;
    for (let i = 0; i < this.mins.length; i += factor) {
      let lo = Infinity;
      let hi = -Infinity;
      for (let j = i; j < Math.min(this.mins.length, i + factor); j++) {
        if (this.mins[j]! < lo) lo = this.mins[j]!;
        if (this.maxs[j]! > hi) hi = this.maxs[j]!;
      }
      peaks.push(r(lo), r(hi));
    }
    const rate = this.sampleRate || 1;
    return { peaks, peaksPerSecond: rate / (this.bucketSize * factor), durationSec: this.frames / rate };
  }
}
