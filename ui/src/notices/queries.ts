import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { api } from '../api/commands';
import { onNoticesChanged, onSyncStatus, whileMounted } from '../api/events';
import type { NoticeKind } from '../api/types';
import { keys } from '../queries/keys';

/** The newest notices and the unread count, fresh after each sync round and each new notice. */
export function useNotices() {
  const client = useQueryClient();
  useEffect(() => {
    const refresh = () => void client.invalidateQueries({ queryKey: keys.notices() });
    const stopNotices = whileMounted(() => onNoticesChanged(refresh));
    const stopStatus = whileMounted(() => onSyncStatus(refresh));
    return () => {
      stopNotices();
      stopStatus();
    };
  }, [client]);
  return useQuery({ queryKey: keys.notices(), queryFn: () => api.listNotices() });
}

export function useMarkNoticesRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api.markNoticesRead(),
    onSuccess: (notices) => client.setQueryData(keys.notices(), notices),
  });
}

export function useNoticeKinds() {
  return useQuery({ queryKey: keys.noticeKinds(), queryFn: () => api.noticeKinds() });
}

export function useSetNoticeKind() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ kind, enabled }: { kind: NoticeKind; enabled: boolean }) => api.setNoticeKind(kind, enabled),
    onSuccess: (kinds) => client.setQueryData(keys.noticeKinds(), kinds),
  });
}

/** What each kind is called where a person turns it on or off. */
export const KIND_WORDS: Record<NoticeKind, string> = {
  status_changed: 'A customer’s status changed on the central system',
  sync_refused: 'A change the central system refused',
  sync_conflict: 'A conflict waiting for you',
  backup_failed: 'A backup that failed',
};
