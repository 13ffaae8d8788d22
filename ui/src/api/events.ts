import { listen, type UnlistenFn } from '@tauri-apps/api/event';
import type { ExportProgress, ImportProgress, SyncStatus } from './types';

export const DEMO_PROGRESS = 'demo://progress';

/** Resolves once the listener is registered, so a caller can subscribe before starting the load. */
export function onDemoProgress(handler: (progress: ImportProgress) => void): Promise<UnlistenFn> {
  return listen<ImportProgress>(DEMO_PROGRESS, (event) => handler(event.payload));
}

export const IMPORT_PROGRESS = 'import://progress';

/** Rows written of rows to write, while a file is imported. */
export function onImportProgress(handler: (progress: ImportProgress) => void): Promise<UnlistenFn> {
  return listen<ImportProgress>(IMPORT_PROGRESS, (event) => handler(event.payload));
}

export const EXPORT_PROGRESS = 'export://progress';

/** Customers written of customers to write, while the list is exported. */
export function onExportProgress(handler: (progress: ExportProgress) => void): Promise<UnlistenFn> {
  return listen<ExportProgress>(EXPORT_PROGRESS, (event) => handler(event.payload));
}

export const SYNC_STATUS = 'sync://status';

/** The sync engine's status, sent by the shell whenever any part of it changes. */
export function onSyncStatus(handler: (status: SyncStatus) => void): Promise<UnlistenFn> {
  return listen<SyncStatus>(SYNC_STATUS, (event) => handler(event.payload));
}

export const SYNC_NOTICE = 'sync://notice';

/** Something the sync engine must tell the user once, in words (e.g. a change central kept its own value for). */
export function onSyncNotice(handler: (notice: string) => void): Promise<UnlistenFn> {
  return listen<string>(SYNC_NOTICE, (event) => handler(event.payload));
}

export const NOTICES_CHANGED = 'notices://changed';

/** The shell showed new notices (desktop notifications): the in-app list has them too. */
export function onNoticesChanged(handler: () => void): Promise<UnlistenFn> {
  return listen<number>(NOTICES_CHANGED, () => handler());
}

/**
 * Subscribes, and returns the cleanup for a React effect. Registering is asynchronous: a
 * listener that arrives after the effect was cleaned up is removed at once.
 */
export function whileMounted(subscribe: () => Promise<UnlistenFn>): () => void {
  let stop: UnlistenFn | undefined;
  let gone = false;
  void subscribe().then((unlisten) => {
    if (gone) unlisten();
    else stop = unlisten;
  });
  return () => {
    gone = true;
    stop?.();
  };
}
