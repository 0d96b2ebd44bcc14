// A time-zone field: IANA names offered as you type, fixed offsets (+08:00) accepted; unknown zones flagged.
import { AutoComplete } from 'antd';
import { isKnownZone } from '@renderer/domain/import/timestamps';

const ZONES = (() => {
  try {
    return ['UTC', ...Intl.supportedValuesOf('timeZone')];
  } catch {
    return ['UTC', 'Asia/Shanghai', 'Asia/Hong_Kong', 'Asia/Taipei', 'Asia/Singapore', 'Asia/Tokyo', 'Europe/London', 'Europe/Berlin', 'America/New_York'];
  }
})();

export function TimeZoneInput({ value, onChange, testId }: { value: string; onChange: (zone: string) => void; testId: string }) {
  return (
    <AutoComplete
      value={value}
      style={{ width: 220 }}
      status={isKnownZone(value) ? undefined : 'error'}
      data-testid={testId}
      options={ZONES.filter((z) => z.toLowerCase().includes(value.toLowerCase()))
        .slice(0, 50)
        .map((z) => ({ value: z }))}
      onChange={onChange}
    />
  );
}
