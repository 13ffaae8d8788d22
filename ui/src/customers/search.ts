import { useCallback, useState } from 'react';
import { useCustomerList } from '../queries/customers';
import { toQuery, type ListState } from './listState';

/**
 * When what is typed in the search box is asked of the store: at once, on every keystroke —
 * the leading edge, no waiting for a pause. Three characters or more use the store's trigram
 * index; one or two walk the sort index until a page is full (such terms match many customers)
 * and come back with an estimated total, made exact by a later request. Both answer in
 * milliseconds at a million customers.
 *
 * To keep fast typing from queueing searches, at most one is in flight: keystrokes made while
 * it is are coalesced, and the newest term is sent as soon as it returns.
 */
export function termToAsk(wanted: string, current: string, inFlight: boolean): string {
  if (wanted === current || inFlight) return current;
  return wanted;
}

/**
 * The customer list for the list state, searching as described above. `searching` is true
 * while the rows on screen are not yet those of what is typed; `now` asks for what is typed
 * at once (Enter), even over a search in flight.
 */
export function useCustomerSearch(state: ListState) {
  const wanted = state.search.trim();
  const [term, setTerm] = useState(wanted);
  const query = toQuery({ ...state, search: term });
  const list = useCustomerList(query);

  // Decided while rendering, not in an effect: a keystroke or an answer that lets the next term
  // go costs one commit, not two.
  const next = termToAsk(wanted, term, list.isFetching);
  if (next !== term) setTerm(next);

  const now = useCallback(() => setTerm(wanted), [wanted]);

  return { list, query, term, searching: wanted !== term || list.isPlaceholderData, now };
}
