// What the sync engine must tell the user once (`sync://notice`), shown as a toast that stays
// until dismissed: it may arrive from a background round while nobody is looking.
import { useEffect } from 'react';
import { onSyncNotice, whileMounted } from '../api/events';
import { useToast } from '../widgets/Toasts';

/** Listens for sync notices; mounted once, in the app. */
export function useSyncNotices() {
  const toast = useToast();
  useEffect(() => whileMounted(() => onSyncNotice((text) => toast.notice(text))), [toast]);
}
