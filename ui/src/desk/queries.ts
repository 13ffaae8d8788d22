import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/commands';
import type { DeskSession, Role } from '../api/types';
import { keys } from '../queries/keys';

// Who is at the desk: the session the shell keeps (signed in, locked, never set up) and the
// supervisor's list of operators. Every answer that changes the session replaces it whole.

export function useDeskSession() {
  return useQuery({ queryKey: keys.session(), queryFn: api.deskSession, staleTime: Infinity });
}

function useSetSession() {
  const client = useQueryClient();
  return (session: DeskSession) => client.setQueryData(keys.session(), session);
}

export function useSetUpDesk() {
  const setSession = useSetSession();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { shopName: string; name: string; pin: string }) => api.setUpDesk(input.shopName, input.name, input.pin),
    onSuccess: (session) => {
      setSession(session);
      // The shop's name is one of the desk's settings.
      void client.invalidateQueries({ queryKey: keys.settings() });
    },
  });
}

export function useSignIn() {
  const setSession = useSetSession();
  return useMutation({
    mutationFn: (input: { id: string; pin: string }) => api.signIn(input.id, input.pin),
    onSuccess: setSession,
  });
}

export function useLockDesk() {
  const setSession = useSetSession();
  return useMutation({ mutationFn: api.lockDesk, onSuccess: setSession });
}

export function useOperators() {
  return useQuery({ queryKey: keys.operators(), queryFn: api.listOperators });
}

/** After any change to an operator: the list, and the session (the lock screen's choices, or oneself). */
function useRefreshOperators() {
  const client = useQueryClient();
  return () => Promise.all([client.invalidateQueries({ queryKey: keys.operators() }), client.invalidateQueries({ queryKey: keys.session() })]);
}

export function useAddOperator() {
  const refresh = useRefreshOperators();
  return useMutation({
    mutationFn: (input: { name: string; role: Role; pin: string }) => api.addOperator(input.name, input.role, input.pin),
    onSuccess: refresh,
  });
}

export function useUpdateOperator() {
  const refresh = useRefreshOperators();
  return useMutation({
    mutationFn: (input: { id: string; role?: Role; active?: boolean; pin?: string }) => {
      const { id, ...change } = input;
      return api.updateOperator(id, change);
    },
    onSuccess: refresh,
  });
}
