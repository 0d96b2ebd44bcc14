// Runs a form's save, keeping what was typed and putting any error on the field it concerns.
import { useState } from 'react';
import type { FormInstance } from 'antd';
import { describeError } from '@renderer/session/errors';

export function useSubmit<T>(form: FormInstance, action: (values: T) => Promise<void>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (values: T) => {
    setBusy(true);
    setError(null);
    try {
      await action(values);
    } catch (e) {
      const d = describeError(e);
      if (d.field && form.getFieldInstance(d.field) !== undefined) form.setFields([{ name: d.field, errors: [d.message] }]);
      else setError(d.detail ? `${d.message} (${d.detail})` : d.message);
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, setError, submit };
}
