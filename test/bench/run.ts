// `npm run bench [-- --only ID]`: benchmarks with a baseline measured in the same run, printed as a table and
// written to test-results/bench.json as [{id, value, unit, baseline, baselineValue, ratio, target, met}].
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateDemoWorkspace } from '../../src-renderer/src/domain/demoWorkspace';
import { renderDemoCall, synthesizeSpeech } from '../../src-main/services/demoAudio';
import { importBench, openCallBench, peaksBench, seekBench } from './media';
import { sampleBench } from './sampling';
import { syncBench } from './sync';
import { teamFirstSyncBench } from './team';
import { teamPropagationBench } from './teamPropagation';
import { teamMoveBench } from './teamMove';
import { dashboardBench } from './dashboard';

export interface BenchResult {
  id: string;
  value: number;
  unit: string;
  baseline: string;
  baselineValue: number | null;
  ratio: number | null;
  target: string;
  met: boolean;
}

function time(fn: () => void, runs = 3): number {
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    fn();
    t.push(performance.now() - s);
  }
  return t.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

export const CACHE = join(__dirname, '..', '..', 'test-results', 'bench-cache');

const BENCHES: Record<string, () => Promise<BenchResult>> = {
  // How fast the demo's call audio renders (encode + peaks) against synthesis alone: the encode/peaks overhead.
  'demo-call-render': async () => {
    const turns = Array.from({ length: 60 }, (_, i) => ({ speaker: (i % 2 ? 'customer' : 'agent') as 'agent' | 'customer', start: i * 10, end: i * 10 + 8 }));
    const full = time(() => renderDemoCall(turns, 600, 1));
    const synth = time(() => synthesizeSpeech(turns, 600, 1));
    const ratio = full / synth;
    return { id: 'demo-call-render', value: full, unit: 'ms per 10-min call', baseline: 'synthesis alone', baselineValue: synth, ratio, target: 'ratio <= 1.5', met: ratio <= 1.5 };
  },
  // Generating the 20k-ticket workspace against generating a 2k one: should scale linearly (ratio near 10).
  'demo-generate': async () => {
    const now = Date.parse('2026-11-23T00:00:00Z');
    const full = time(() => generateDemoWorkspace({ now }), 1);
    const small = time(() => generateDemoWorkspace({ now, size: 'small' }), 3);
    const ratio = full / small;
    return { id: 'demo-generate', value: full, unit: 'ms', baseline: 'small workspace (1/10 of the tickets)', baselineValue: small, ratio, target: 'ratio <= 12 (linear)', met: ratio <= 12 };
  },
  'import-100k': () => importBench(CACHE),
  'peaks-60min-wav': () => peaksBench(CACHE, 'wav'),
  'peaks-60min-mp3': () => peaksBench(CACHE, 'mp3'),
  'seek-55min': () => seekBench(CACHE),
  'open-call-60min': () => openCallBench(CACHE),
  'sample-1m': () => sampleBench(),
  'sync-10k': () => syncBench(),
  'dashboard-100k': () => dashboardBench(),
  'team-first-sync': () => teamFirstSyncBench(),
  'team-propagation': () => teamPropagationBench(),
  'team-move-workspace': () => teamMoveBench(),
  'team-day': () => teamPropagationBench({ id: 'team-day', durationMs: Number(process.env.QA_BENCH_TEAM_MS ?? 300_000), faults: true }),
};

async function main() {
  const onlyIdx = process.argv.indexOf('--only');
  const only = onlyIdx > 0 ? process.argv[onlyIdx + 1] : undefined;
  if (only && !BENCHES[only]) {
    console.error(`Unknown benchmark "${only}". Known: ${Object.keys(BENCHES).join(', ')}`);
    process.exit(2);
  }
  const results: BenchResult[] = [];
  for (const [id, run] of Object.entries(BENCHES)) {
    if (only && id !== only) continue;
    console.log(`running ${id}…`);
    results.push(await run());
  }
  const round = (x: number | null, d: number) => (x === null || !Number.isFinite(x) ? null : +x.toFixed(d));
  console.table(results.map((r) => ({ ...r, value: round(r.value, 1), baselineValue: round(r.baselineValue, 1), ratio: round(r.ratio, 2) })));
  const dir = join(__dirname, '..', '..', 'test-results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'bench.json'), JSON.stringify(results, null, 2));
  console.log(JSON.stringify(results));
}

void main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
