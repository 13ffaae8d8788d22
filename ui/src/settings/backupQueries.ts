import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/commands';
import { keys } from '../queries/keys';

export function useBackupStatus() {
  return useQuery({ queryKey: keys.backups(), queryFn: api.backupStatus });
}

export function useBackUpNow() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (path: string) => api.backUpNow(path),
    onSuccess: () => void client.invalidateQueries({ queryKey: keys.backups() }),
  });
}

export function useSetBackupsKept() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (kept: number) => api.setBackupsKept(kept),
    onSuccess: () => void client.invalidateQueries({ queryKey: keys.backups() }),
  });
}

export function useRestoreBackup() {
  return useMutation({ mutationFn: (path: string) => api.restoreBackup(path) });
}
