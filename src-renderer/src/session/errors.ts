// Turns any thrown error into words for people: field-level messages for validation, a short apology otherwise.
import { ValidationError, AccessDenied } from '@renderer/db/context';
import { MIN_PASSWORD_LENGTH } from '@renderer/db/passwords';
import { i18n } from '@renderer/ui/i18n';

export function describeError(err: unknown): { field?: string; message: string; detail?: string } {
  if (err instanceof ValidationError) return { field: err.field, message: i18n.t(err.messageKey, { min: MIN_PASSWORD_LENGTH, defaultValue: err.message }) };
  if (err instanceof AccessDenied) return { message: i18n.t('errors.forbidden') };
  console.error(err);
  return { message: i18n.t('errors.internal'), detail: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
}

/** A Form.Item's error state and help text when a described error is about this field. */
export function fieldStatus(error: { field?: string; message: string } | null, field: string): { validateStatus?: 'error'; help?: string } {
  return error?.field === field ? { validateStatus: 'error', help: error.message } : {};
}
