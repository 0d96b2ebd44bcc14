// Each reviewer's leniency (+) or severity (−) session by session: the mean deviation of their total scores from
// each item's mean, so a supervisor sees who drifts and whether calibration brings them back toward zero.
import { Empty, Typography } from 'antd';
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { leniencyOverTime } from '@renderer/db/calibration';
import { useSession } from '@renderer/session/session';

const COLORS = ['#1677ff', '#fa541c', '#52c41a', '#722ed1', '#faad14', '#13c2c2', '#eb2f96', '#2f54eb'];

export function LeniencyChart() {
  const { t } = useTranslation();
  const { ctx } = useSession();
  const data = useLiveQuery(() => leniencyOverTime(ctx), [ctx]);
  if (!data) return null;
  const reviewers = Object.keys(data.names);
  const rows = data.points.map((p) => ({ session: p.name, ...Object.fromEntries(Object.entries(p.leniency).map(([id, v]) => [id, Math.round(v * 10) / 10])) }));
  return (
    <div data-testid="leniency-chart" style={{ marginTop: 16 }}>
      <Typography.Title level={5}>{t('calibration.leniencyTitle')}</Typography.Title>
      {rows.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('calibration.leniencyEmpty')} />
      ) : (
        <>
          <ResponsiveContainer width="100%" height={240}>
            <LineChart data={rows} margin={{ top: 8, right: 24, bottom: 8, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="session" />
              <YAxis unit="" />
              <Tooltip formatter={(v) => `${Number(v) > 0 ? '+' : ''}${String(v)}`} />
              <Legend />
              <ReferenceLine y={0} stroke="#888" />
              {reviewers.map((id, i) => (
                <Line key={id} dataKey={id} name={data.names[id]} stroke={COLORS[i % COLORS.length]} connectNulls dot isAnimationActive={false} />
              ))}
            </LineChart>
          </ResponsiveContainer>
          <Typography.Text type="secondary">{t('calibration.leniencyHelp')}</Typography.Text>
        </>
      )}
    </div>
  );
}
