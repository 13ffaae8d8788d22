import { useCallback, useEffect, useState } from 'react';
import { useCustomerList } from '../queries/customers';
import { toQuery, type ListState } from './listState';

/**
 * When what is typed in the search box is asked of the store.
 *
 * Three characters or more use the store's trigram index and answer in milliseconds even at a
 * million customers, so they are asked at once — the leading edge, no waiting for a pause. To
 * keep fast typing from queueing searches, at most one is in flight: keystrokes made while it
 * is are coalesced, and the newest term is sent as soon as it returns.
 *
 * One or two characters can't use the index: the store scans every customer (about 0.3 s at a
 * million, 25 ms at 100,000) for matches that are most of the list anyway. They are asked only
 * once typing pauses for SHORT_TERM_PAUSE (or on Enter), so "wanjiru" typed at speed never waits
 * behind a scan for "w" and "wa"; a cashier who really means "wa" still gets it. A scan in flight
 * never holds up a longer term either.
 */
export const INDEXED_LENGTH = 3;
export const SHORT_TERM_PAUSE = 300;

/** Too short for the index: the store scans for it. */
export function scans(term: string): boolean {
  return term.length > 0 && term.length < INDEXED_LENGTH;
}

/**
 * The term the list should ask for now: `wanted` (what is typed) or, to keep waiting, `current`
 * (what the list last asked for). `paused` says a short `wanted` has waited its pause.
 */
export function termToAsk(wanted: string, current: string, inFlight: boolean, paused: boolean): string {
  if (wanted === current) return current;
  if (scans(wanted) && !paused) return current;
  if (inFlight && !scans(current)) return current;
  return wanted;
}

/**
 * The customer list for the list state, searching as described above. `searching` is true
 * while the rows on screen are not yet those of what is typed; `now` asks for what is typed
 * at once (Enter).
 */
export function useCustomerSearch(state: ListState) {
  const wanted = state.search.trim();
  const [term, setTerm] = useState(wanted);
  const [pausedOn, setPausedOn] = useState<string | null>(null);
  const query = toQuery({ ...state, search: term });
  const list = useCustomerList(query);

  // Decided while rendering, not in an effect: a keystroke or an answer that lets the next term
  // go costs one commit, not two.
  const next = termToAsk(wanted, term, list.isFetching, pausedOn === wanted);
  if (next !== term) setTerm(next);

  useEffect(() => {
    if (!scans(wanted) || wanted === term) return;
    const timer = setTimeout(() => setPausedOn(wanted), SHORT_TERM_PAUSE);
    return () => clearTimeout(timer);
  }, [wanted, term]);

  const now = useCallback(() => setPausedOn(wanted), [wanted]);

  return { list, query, term, searching: wanted !== term || list.isPlaceholderData, now };
}
