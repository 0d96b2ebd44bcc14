// Every export in one way: save-as (or the browser's download), then a message saying where the file went, or the
// error naming what failed. The PDF of a view goes the same way.
import { useCallback } from 'react';
import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { saveBytes, savePdf, type SaveOutcome } from '@renderer/platform/saveFile';
import { useSession } from '@renderer/session/session';
import { describeError } from '@renderer/session/errors';

/** What to tell the user about a saved file; null when they cancelled. */
export function savedText(t: TFunction, r: SaveOutcome): string | null {
  if (r.saved === 'file') return t('files.savedTo', { path: r.path });
  if (r.saved === 'download') return t('files.downloaded', { name: r.name });
  if (r.saved === 'print') return t('files.printDialog');
  return null;
}

export function useSaveFile() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { info } = useSession();
  const report = useCallback(
    async (save: () => Promise<SaveOutcome>, what?: string): Promise<SaveOutcome> => {
      try {
        const r = await save();
        const text = savedText(t, r);
        if (text) void message.success({ content: what ? `${text} ${what}` : text, duration: 6 });
        return r;
      } catch (err) {
        void message.error(describeError(err).message);
        return { saved: 'cancelled' };
      }
    },
    [t, message],
  );
  return {
    /** Saves bytes (text is UTF-8) under the suggested name; `what` follows the message ("(12 rows)"). */
    saveFile: useCallback(
      (name: string, content: Uint8Array | string, what?: string) => report(() => saveBytes(name, typeof content === 'string' ? new TextEncoder().encode(content) : content), what),
      [report],
    ),
    /** The PDF of the current view (the browser host prints a snapshot of it). */
    savePdf: useCallback((name: string, landscape = false) => report(() => savePdf(name, { landscape, sendSnapshot: info.host === 'web' })), [report, info.host]),
  };
}
