import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/commands';
import type { CustomerQueryInput } from '../../api/types';
import { keys } from '../../queries/keys';

// The saved views: listed once and refetched after each change (a handful of rows).

export function useViews() {
  return useQuery({ queryKey: keys.views(), queryFn: api.listViews });
}

function useViewsChanged() {
  const client = useQueryClient();
  return () => void client.invalidateQueries({ queryKey: keys.views() });
}

export function useSaveView() {
  const changed = useViewsChanged();
  return useMutation({
    mutationFn: ({ name, query }: { name: string; query: CustomerQueryInput }) => api.saveView(name, query),
    onSuccess: changed,
  });
}

export function useRenameView() {
  const changed = useViewsChanged();
  return useMutation({
    mutationFn: ({ id, name }: { id: number; name: string }) => api.renameView(id, name),
    onSuccess: changed,
  });
}

export function useDeleteView() {
  const changed = useViewsChanged();
  return useMutation({ mutationFn: (id: number) => api.deleteView(id), onSuccess: changed });
}
