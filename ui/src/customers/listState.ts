import { useReducer } from 'react';
import type { CustomerQueryInput, CustomerStatus, SortField, SortOrder } from '../api/types';

/**
 * What the customer list is showing. It lives above the list screen so that opening a customer
 * and coming back finds the same search, filter, sort and page.
 */
export interface ListState {
  /** What is in the search box (when it is asked of the store: see search.ts). */
  search: string;
  status: CustomerStatus | '';
  sortBy: SortField;
  sortOrder: SortOrder;
  page: number;
  perPage: number;
}

export const initialListState: ListState = {
  search: '',
  status: '',
  sortBy: 'created_at',
  sortOrder: 'desc',
  page: 1,
  perPage: 20,
};

export type ListAction =
  | { type: 'type'; text: string }
  | { type: 'clearSearch' }
  | { type: 'status'; status: CustomerStatus | '' }
  | { type: 'sort'; field: SortField }
  | { type: 'page'; page: number }
  | { type: 'perPage'; perPage: number };

/** Which way a column sorts on its first click: words A→Z, amounts and dates largest/newest first. */
export function firstOrder(field: SortField): SortOrder {
  return field === 'name' || field === 'email' || field === 'status' ? 'asc' : 'desc';
}

export function listReducer(state: ListState, action: ListAction): ListState {
  switch (action.type) {
    case 'type':
      // Any change of what is listed goes back to page 1: page 7 of the old list means nothing.
      return action.text === state.search ? state : { ...state, search: action.text, page: 1 };
    case 'clearSearch':
      return { ...state, search: '', page: 1 };
    case 'status':
      return { ...state, status: action.status, page: 1 };
    case 'sort':
      return state.sortBy === action.field
        ? { ...state, sortOrder: state.sortOrder === 'asc' ? 'desc' : 'asc', page: 1 }
        : { ...state, sortBy: action.field, sortOrder: firstOrder(action.field), page: 1 };
    case 'page':
      return { ...state, page: Math.max(1, action.page) };
    case 'perPage':
      return { ...state, perPage: action.perPage, page: 1 };
  }
}

/** The command's query for a state: only what differs from "everything" is sent. */
export function toQuery(state: ListState): CustomerQueryInput {
  const query: CustomerQueryInput = {
    page: state.page,
    per_page: state.perPage,
    sort_by: state.sortBy,
    sort_order: state.sortOrder,
  };
  const search = state.search.trim();
  if (search) query.search = search;
  if (state.status) query.status = state.status;
  return query;
}

export function useListState() {
  return useReducer(listReducer, initialListState);
}
