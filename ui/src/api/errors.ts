import { fieldMessage } from '../format/labels';
import type { CommandError, ErrorCode } from './types';

const CODES: readonly ErrorCode[] = ['validation', 'unauthorized', 'not_found', 'clash', 'unavailable', 'forbidden', 'internal'];

export function isCommandError(value: unknown): value is CommandError {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.code === 'string' && (CODES as readonly string[]).includes(v.code) && typeof v.message === 'string';
}

/**
 * Turns whatever a rejected `invoke` produced into a `CommandError`. Our commands reject with
 * that shape already, but Tauri itself rejects with a bare string when it cannot even call the
 * command (bad argument, missing command), and a page opened outside the app has no IPC at all;
 * those become `internal` so every screen handles one type.
 */
export function toCommandError(reason: unknown): CommandError {
  if (isCommandError(reason)) {
    const error: CommandError = { code: reason.code, message: reason.message, fields: Array.isArray(reason.fields) ? reason.fields : [] };
    if (typeof reason.other_customer === 'string') error.other_customer = reason.other_customer;
    if (typeof reason.wait_seconds === 'number') error.wait_seconds = reason.wait_seconds;
    return error;
  }
  const message =
    typeof reason === 'string' ? reason : reason instanceof Error ? reason.message : 'Unknown error';
  return { code: 'internal', message, fields: [] };
}

/**
 * A sentence for a toast: what went wrong and what the person at the counter can do about it.
 * Switches on the code only; the shell's message is shown as it is.
 */
export function describeError(error: CommandError, doing?: string): string {
  const prefix = doing ? `Could not ${doing}: ` : '';
  switch (error.code) {
    case 'validation':
      return `${prefix}${error.fields.length > 0 ? error.fields.map((f) => fieldMessage(f.field, f.message)).join('; ') : error.message}`;
    case 'not_found':
      return `${prefix}${error.message}. It may have been deleted; the list has been refreshed.`;
    case 'clash':
      return `${prefix}${error.message}`;
    case 'unauthorized':
      return `${prefix}${error.message}. Ask a supervisor to do this, or sign in with an account that may.`;
    case 'forbidden':
      // The shell's message says who may ("Only a supervisor can void a payment.").
      return `${prefix}${error.message}`;
    case 'unavailable':
      // The central system or the OS keychain: only sync depends on them, never the desk.
      return `${prefix}${error.message}. Everything on this desk keeps working meanwhile.`;
    case 'internal':
      return `${prefix}${error.message}`;
  }
}
