import { invoke } from '@tauri-apps/api/core';
import { toCommandError } from './errors';
import type { Commands } from '../bindings/Commands';
import type { CommandError } from './types';

/**
 * Every Rust command the window may call, its arguments and what it resolves to: generated from
 * the shell's table of commands, which its tests hold to the registered handlers. A command
 * renamed, added or given other arguments in Rust fails the type check here and in the fake.
 */
export type { Commands };

export type CommandName = keyof Commands;

/**
 * The one place the UI talks to Rust. Rejections are always a `CommandError`, so callers
 * switch on `code` and show `fields` without guessing what Tauri produced.
 */
export async function call<K extends CommandName>(
  command: K,
  ...args: Commands[K]['args'] extends Record<string, never> ? [] : [Commands[K]['args']]
): Promise<Commands[K]['result']> {
  try {
    return await invoke<Commands[K]['result']>(command, args[0]);
  } catch (reason) {
    const error: CommandError = toCommandError(reason);
    throw error;
  }
}
