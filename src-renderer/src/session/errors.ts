// Turns any thrown error into words for people: field-level messages for validation, a short apology otherwise.
import { ValidationError, AccessDenied } from '@renderer/db/context';
import { MIN_PASSWORD_LENGTH } from '@renderer/db/passwords';
import { i18n } from '@renderer/ui/i18n';
import { QaCallError } from '@renderer/platform/qa';

/** Main's refusals that say all there is in the reader's language (no server words added). */
const SELF_EXPLANATORY = new Set(['team.errors.wrongPassword', 'signIn.inactive', 'team.hasWorkspace']);

export function describeError(err: unknown): { field?: string; message: string; detail?: string } {
  if (err instanceof ValidationError) return { field: err.field, message: i18n.t(err.messageKey, { min: MIN_PASSWORD_LENGTH, defaultValue: err.message }) };
  if (err instanceof AccessDenied) return { message: i18n.t('errors.forbidden') };
  // Main named the message (a team server's sign-in refused, the server away): said in the reader's language, with
  // the server's own words after it where they help.
  if (err instanceof QaCallError && err.shape.key && i18n.exists(err.shape.key)) {
    const key = err.shape.key;
    return { field: err.shape.where, message: i18n.t(key), ...(SELF_EXPLANATORY.has(key) ? {} : { detail: err.shape.message }) };
  }
  console.error(err);
  return { message: i18n.t('errors.internal'), detail: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
}

/** A Form.Item's error state and help text when a described error is about this field. */
export function fieldStatus(error: { field?: string; message: string } | null, field: string): { validateStatus?: 'error'; help?: string } {
  return error?.field === field ? { validateStatus: 'error', help: error.message } : {};
}
