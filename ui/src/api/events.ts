import { listen, type UnlistenFn } from '@tauri-apps/api/event';
import type { ImportProgress } from './types';

export const DEMO_PROGRESS = 'demo://progress';

/** Resolves once the listener is registered, so a caller can subscribe before starting the load. */
export function onDemoProgress(handler: (progress: ImportProgress) => void): Promise<UnlistenFn> {
  return listen<ImportProgress>(DEMO_PROGRESS, (event) => handler(event.payload));
}
