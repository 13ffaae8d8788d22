import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/commands';
import type { DeskSettings } from '../api/types';
import { keys } from '../queries/keys';

export function useDeskSettings() {
  return useQuery({ queryKey: keys.settings(), queryFn: api.settings, staleTime: Infinity });
}

export function useSaveSettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (settings: DeskSettings) => api.saveSettings(settings),
    onSuccess: (saved) => {
      client.setQueryData(keys.settings(), saved);
      // The session carries the idle lock and the shop's name.
      void client.invalidateQueries({ queryKey: keys.session() });
    },
  });
}
