// One call: waveform from the stored peaks (never decoded here), streamed through the media protocol with the
// stored duration, keyboard control (Space, ←/→ 5 s, [ ] speed), and the transcript following playback.
// A recording whose file moved or changed says so and offers to relink it, instead of playing something else.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Alert, Button, Checkbox, Empty, Input, Select, Space, Tag, Typography } from 'antd';
import { PauseCircleOutlined, PlayCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import WaveSurfer from 'wavesurfer.js';
import RegionsPlugin from 'wavesurfer.js/dist/plugins/regions.esm.js';
import TimelinePlugin from 'wavesurfer.js/dist/plugins/timeline.esm.js';
import type { RecordingFileCheck } from '@contract';
import type { Recording, RecordingPeaks, Transcript } from '@renderer/domain/model';
import { qa, QaCallError } from '@renderer/platform/qa';
import { formatClock, formatDuration } from '@renderer/ui/i18n';
import { neutraliseBidi as visibleText } from '@renderer/domain/textSafety';
import { playerKey } from '@renderer/widgets/playerKeys';
import { describeError } from '@renderer/session/errors';

const RATES = [0.5, 0.75, 1, 1.25, 1.5, 2];

/** What the review workspace can do with the player: seek, read the time; marked spans come back through onMark. */
export interface PlayerControl {
  seek(seconds: number): void;
  time(): number;
}

export interface MarkedSpan {
  id: string;
  start: number;
  end: number;
  label: string;
}

export function CallPlayer({
  recording,
  peaks,
  transcript,
  control,
  marks,
  onMark,
}: {
  recording: Recording;
  peaks: RecordingPeaks | null;
  transcript: Transcript | null;
  control?: { current: PlayerControl | null };
  /** Timestamped comments shown as regions; when onMark is given, dragging on the waveform marks a new span. */
  marks?: MarkedSpan[];
  onMark?: (start: number, end: number) => void;
}) {
  const { t } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  const ws = useRef<WaveSurfer | null>(null);
  const [check, setCheck] = useState<RecordingFileCheck | null>(null);
  const [playing, setPlaying] = useState(false);
  const [time, setTime] = useState(0);
  const [rate, setRate] = useState(1);
  const [error, setError] = useState<string | null>(null);
  const [relinkPath, setRelinkPath] = useState('');
  const [query, setQuery] = useState('');
  // Zoom in pixels per second; 0 fits the whole call in the view.
  const [zoom, setZoom] = useState(0);
  const [reload, setReload] = useState(0);
  const [checkError, setCheckError] = useState<string | null>(null);
  // A span begun with [ at the play head, waiting for ] (read by the key handler, shown beside the clock).
  const spanStart = useRef<number | null>(null);
  const [spanStartShown, setSpanStartState] = useState<number | null>(null);
  // Stereo calls (agent and customer on their own channels) can be drawn one channel per row; the choice sticks.
  const stereo = (peaks?.channelPeaks?.length ?? 0) === 2;
  const [split, setSplit] = useState(() => localStorage.getItem('qa.player.split') === '1');
  const perChannel = stereo && split;
  const regionsRef = useRef<RegionsPlugin | null>(null);
  const [playerReady, setPlayerReady] = useState(0);
  const onMarkRef = useRef(onMark);
  onMarkRef.current = onMark;

  useEffect(() => {
    let live = true;
    setCheckError(null);
    // Refused outright (a team server not letting this person play it, no recording share set here): said as it is.
    void qa('checkRecordingFile', { recordingId: recording.id }).then(
      (c) => live && setCheck(c),
      (e: unknown) => live && setCheckError(describeError(e).message),
    );
    return () => {
      live = false;
    };
  }, [recording.id, reload]);

  // The waveform is drawn from the stored peaks while the file check runs; a failed check removes the player.
  const fileProblem = (check !== null && check.state !== 'ok') || checkError !== null;
  useEffect(() => {
    if (fileProblem || !box.current) return;
    let instance: WaveSurfer | null = null;
    let live = true;
    setError(null);
    const create = (container: HTMLElement, url: string | undefined) => {
      const w = WaveSurfer.create({
        container,
        height: perChannel ? 56 : 96,
        waveColor: '#91caff',
        progressColor: '#1677ff',
        ...(perChannel ? { splitChannels: [{ waveColor: '#91caff', progressColor: '#1677ff' }, { waveColor: '#b7eb8f', progressColor: '#389e0d' }] } : {}),
        cursorColor: '#cf1322',
        normalize: true,
        backend: 'MediaElement',
        url,
        // Stored peaks and duration: nothing is decoded in the renderer, and streamed formats without a
        // duration header (Ogg Opus) still get a correct timeline.
        peaks: peaks ? (perChannel ? peaks.channelPeaks : [peaks.peaks]) : undefined,
        duration: recording.durationSec,
      });
      instance = w;
      // The time ruler comes right after the first picture of the waveform, not before it.
      w.once('redrawcomplete', () => w.registerPlugin(TimelinePlugin.create({ height: 14, style: { fontSize: '10px', color: '#8c8c8c' } })));
      const regions = w.registerPlugin(RegionsPlugin.create());
      regionsRef.current = regions;
      if (onMarkRef.current) {
        regions.enableDragSelection({ color: 'rgba(250, 173, 20, 0.25)' });
        regions.on('region-created', (r) => {
          // A region the user dragged becomes a comment draft; the comment list then draws it back as a mark.
          if (r.id.startsWith('mark-')) return;
          onMarkRef.current?.(r.start, r.end);
          r.remove();
        });
      }
      regions.on('region-clicked', (r, e) => {
        e.stopPropagation();
        w.setTime(r.start);
      });
      if (control) control.current = { seek: (t) => w.setTime(t), time: () => w.getCurrentTime() };
      setPlayerReady((n) => n + 1);
      w.on('timeupdate', (s) => setTime(s));
      w.on('play', () => setPlaying(true));
      w.on('pause', () => setPlaying(false));
      w.on('error', (e) => setError(String(e)));
      ws.current = w;
    };
    // With stored peaks the waveform is drawn at once and the media address follows; only a recording without
    // a waveform (AAC) waits for the address before the player appears.
    if (peaks) create(box.current, undefined);
    void qa('mediaUrl', { recordingId: recording.id }).then(
      ({ url }) => {
        if (!live) return;
        if (instance) instance.getMediaElement().src = url;
        else if (box.current) create(box.current, url);
      },
      (e: unknown) => live && setError(describeError(e).message),
    );
    return () => {
      live = false;
      instance?.destroy();
      ws.current = null;
      regionsRef.current = null;
      if (control) control.current = null;
    };
  }, [fileProblem, recording.id, recording.durationSec, peaks, control, reload, perChannel]);

  // Draw the comments' spans as regions whenever they change.
  // Parents pass a fresh array each render; redraw only when the marks really change.
  const marksKey = JSON.stringify(marks ?? []);
  const stableMarks = useMemo(() => JSON.parse(marksKey) as MarkedSpan[], [marksKey]);
  useEffect(() => {
    const regions = regionsRef.current;
    if (!regions) return;
    for (const r of regions.getRegions()) if (r.id.startsWith('mark-')) r.remove();
    for (const m of stableMarks) {
      // One line, cut with an ellipsis: a long comment must not cover the waveform it points at.
      const label = document.createElement('div');
      label.textContent = m.label;
      label.title = m.label;
      label.style.cssText = 'white-space:nowrap;overflow:hidden;text-overflow:ellipsis;font-size:11px;padding:1px 3px;max-width:100%';
      regions.addRegion({ id: `mark-${m.id}`, start: m.start, end: Math.max(m.end, m.start + 0.2), content: label, color: 'rgba(22, 119, 255, 0.18)', drag: false, resize: false });
    }
  }, [stableMarks, playerReady]);

  useEffect(() => {
    ws.current?.setPlaybackRate(rate, true);
  }, [rate]);

  useEffect(() => {
    try {
      ws.current?.zoom(zoom);
    } catch {
      /* not loaded yet: the next render after loading applies it */
    }
  }, [zoom, playerReady]);

  const skip = useCallback(
    (seconds: number) => {
      const w = ws.current;
      if (w) w.setTime(Math.max(0, Math.min(recording.durationSec, w.getCurrentTime() + seconds)));
    },
    [recording.durationSec],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
      const w = ws.current;
      if (!w || e.ctrlKey || e.metaKey || e.altKey) return;
      const action = playerKey(e, { time: w.getCurrentTime(), spanStart: spanStart.current, canMark: !!onMarkRef.current });
      if (!action) return;
      e.preventDefault();
      if (action.kind === 'play-pause') void w.playPause();
      else if (action.kind === 'skip') skip(action.seconds);
      else if (action.kind === 'rate') setRate((r) => RATES[Math.min(RATES.length - 1, Math.max(0, RATES.indexOf(r) + action.step))]!);
      else if (action.kind === 'span-start') setSpanStartState((spanStart.current = action.at));
      else {
        setSpanStartState((spanStart.current = null));
        onMarkRef.current?.(action.start, action.end);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [skip]);

  const relink = async (path: string, typed = false) => {
    setError(null);
    try {
      await qa('relinkRecording', { recordingId: recording.id, path, typed });
      setReload((n) => n + 1);
    } catch (e) {
      setError(e instanceof QaCallError ? e.message : String(e));
    }
  };
  const chooseRelink = async () => {
    const r = await qa('chooseMediaPaths', { mode: 'files' });
    if (!r.unavailable && !r.canceled && r.paths[0]) await relink(r.paths[0]);
  };

  const timed = transcript?.timed !== false;
  const active = transcript && timed ? transcript.segments.findIndex((s) => time >= s.start && time < s.end) : -1;

  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="call-player">
      {check && check.state !== 'ok' && (
        <Alert
          type="error"
          showIcon
          data-testid="file-problem"
          title={t(`calls.file.${check.state}`, { path: check.path ?? '' })}
          description={
            <Space direction="vertical" style={{ width: '100%' }}>
              {check.detail && <Typography.Text type="secondary">{check.detail}</Typography.Text>}
              <Space.Compact style={{ width: '100%', maxWidth: 560 }}>
                <Input placeholder={t('calls.relinkPath')} value={relinkPath} onChange={(e) => setRelinkPath(e.target.value)} data-testid="relink-path" />
                <Button onClick={() => void relink(relinkPath.trim(), true)} disabled={!relinkPath.trim()} data-testid="relink">
                  {t('calls.relink')}
                </Button>
              </Space.Compact>
              <Button size="small" onClick={() => void chooseRelink()}>
                {t('calls.relinkChoose')}
              </Button>
            </Space>
          }
        />
      )}
      {checkError && <Alert type="error" showIcon title={checkError} data-testid="file-problem" />}
      {error && !fileProblem && <Alert type="error" showIcon title={error} data-testid="player-error" />}
      <div ref={box} data-testid="waveform" style={{ minHeight: 96, background: '#fafafa', borderRadius: 6 }} />
      <Space wrap>
        <Button
          type="primary"
          icon={playing ? <PauseCircleOutlined /> : <PlayCircleOutlined />}
          onClick={() => void ws.current?.playPause()}
          disabled={fileProblem}
          data-testid="play-pause"
          title={t('calls.keys')}
        >
          {playing ? t('calls.pause') : t('calls.play')}
        </Button>
        <Space.Compact>
          {[-30, -5, 5, 30].map((d) => (
            <Button key={d} size="small" onClick={() => skip(d)} disabled={fileProblem} data-testid={`skip-${d}`} title={t(d < 0 ? 'calls.back' : 'calls.forward', { n: Math.abs(d) })}>
              {d < 0 ? `−${-d}s` : `+${d}s`}
            </Button>
          ))}
        </Space.Compact>
        <Typography.Text data-testid="current-time">
          {formatClock(time)} / {formatClock(recording.durationSec)}
        </Typography.Text>
        {spanStartShown !== null && (
          <Tag color="gold" data-testid="span-start">
            {t('calls.spanFrom', { at: formatClock(spanStartShown) })}
          </Tag>
        )}
        <Select size="small" value={rate} onChange={setRate} style={{ width: 90 }} options={RATES.map((r) => ({ value: r, label: `${r}×` }))} data-testid="rate" />
        <Select
          size="small"
          value={zoom}
          onChange={setZoom}
          style={{ width: 120 }}
          data-testid="zoom"
          options={[0, 5, 20, 50, 100].map((z) => ({ value: z, label: z === 0 ? t('calls.zoomFit') : t('calls.zoomPx', { n: z }) }))}
        />
        {stereo && (
          <Checkbox
            checked={split}
            onChange={(e) => {
              setSplit(e.target.checked);
              localStorage.setItem('qa.player.split', e.target.checked ? '1' : '0');
            }}
            data-testid="split-channels"
          >
            {t('calls.perChannel')}
          </Checkbox>
        )}
        <Typography.Text type="secondary">{t(onMark ? 'calls.keysMark' : 'calls.keys')}</Typography.Text>
      </Space>
      {perChannel && <Typography.Text type="secondary" data-testid="channel-legend">{t(recording.legs ? 'calls.channelLegendLegs' : 'calls.channelLegend')}</Typography.Text>}
      {!peaks && <Typography.Text type="secondary">{t('calls.noWaveform')}</Typography.Text>}
      <Typography.Title level={5} style={{ marginTop: 8 }}>
        {t('calls.transcript')}
      </Typography.Title>
      {!transcript ? (
        <Empty description={t('calls.noTranscript')} />
      ) : (
        <div style={{ maxHeight: 360, overflow: 'auto' }} data-testid="transcript">
          {!timed && <Alert type="info" showIcon title={t('calls.untimed')} style={{ marginBottom: 8 }} />}
          <Input.Search
            allowClear
            size="small"
            placeholder={t('calls.searchTranscript')}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            style={{ marginBottom: 6, maxWidth: 320 }}
            data-testid="transcript-search"
          />
          {query && <Typography.Text type="secondary" data-testid="transcript-matches">{t('calls.matches', { n: transcript.segments.filter((x) => x.text.toLowerCase().includes(query.toLowerCase())).length })}</Typography.Text>}
          {transcript.segments.map((s, i) => (query && !s.text.toLowerCase().includes(query.toLowerCase()) ? null : (
            <div
              key={i}
              data-testid={`segment-${i}`}
              className={i === active ? 'qa-seg qa-seg-active' : 'qa-seg'}
              onClick={() => timed && ws.current?.setTime(s.start)}
              style={{ cursor: timed ? 'pointer' : 'default' }}
            >
              <Tag color={s.speaker === 'agent' ? 'blue' : 'green'}>{t(`calls.speaker.${s.speaker}`)}</Tag>
              {timed && <Typography.Text type="secondary">{formatClock(s.start)} </Typography.Text>}
              <span>{visibleText(s.text)}</span>
            </div>
          )))}
        </div>
      )}
      <Typography.Text type="secondary">
        {recording.format} · {formatDuration(recording.durationSec)} · {visibleText(recording.fileName)}
      </Typography.Text>
    </Space>
  );
}
