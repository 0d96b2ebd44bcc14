// Runs one peaks computation in a fresh process so its time and peak memory are its own.
import { analyseAudioFile } from '../../src-main/services/audio/analyse';

const file = process.argv[2]!;
const before = process.memoryUsage().rss;
const t = performance.now();
analyseAudioFile(file).then((r) => {
  const ms = performance.now() - t;
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify({ ms, maxRssMb, baseRssMb: before / 1048576, ok: r.ok, durationSec: r.ok ? r.durationSec : 0, detail: r.ok ? '' : r.detail }));
});
