// Choose a file by button or by dropping it on the zone; the input stays in the DOM so tests can set files.
import { useRef, useState } from 'react';
import { Button, Typography } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';

export function FilePicker({ accept, testId, busy, onFile, onFiles, multiple, hint }: {
  accept: string;
  testId: string;
  busy?: boolean;
  onFile?: (f: File) => void;
  onFiles?: (f: File[]) => void;
  multiple?: boolean;
  hint: string;
}) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const take = (list: FileList | null) => {
    const files = list ? Array.from(list) : [];
    if (!files.length) return;
    if (onFiles) onFiles(files);
    else onFile?.(files[0]!);
  };
  return (
    <div
      className={`qa-drop ${over ? 'qa-drop-over' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        take(e.dataTransfer.files);
      }}
    >
      <InboxOutlined style={{ fontSize: 32, color: '#1677ff' }} />
      <Typography.Paragraph style={{ margin: '8px 0' }}>{hint}</Typography.Paragraph>
      <input
        ref={input}
        type="file"
        accept={accept}
        multiple={multiple}
        style={{ display: 'none' }}
        data-testid={testId}
        onChange={(e) => {
          take(e.target.files);
          e.target.value = '';
        }}
      />
      <Button loading={busy} onClick={() => input.current?.click()}>
        {t('import.chooseFile')}
      </Button>
    </div>
  );
}
