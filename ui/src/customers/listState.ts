import { useReducer } from 'react';
import type { CustomerQueryInput, CustomerStatus, SavedView, SortField, SortOrder } from '../api/types';
import { pickFilters, withoutGroup, type FilterGroup, type Filters } from './filters/filterModel';

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
  /** The advanced filters (balance, join date, last payment, …): the query's own fields. */
  filters: Filters;
  /** The saved view last opened, while the list is still what it recalled. */
  view: { id: number; name: string } | null;
}

export const initialListState: ListState = {
  search: '',
  status: '',
  sortBy: 'created_at',
  sortOrder: 'desc',
  page: 1,
  perPage: 20,
  filters: {},
  view: null,
};

export type ListAction =
  | { type: 'type'; text: string }
  | { type: 'clearSearch' }
  | { type: 'status'; status: CustomerStatus | '' }
  | { type: 'sort'; field: SortField }
  | { type: 'sortOrder'; order: SortOrder }
  | { type: 'page'; page: number }
  | { type: 'perPage'; perPage: number }
  | { type: 'filters'; filters: Filters }
  | { type: 'removeFilter'; group: FilterGroup }
  | { type: 'clearFilters' }
  | { type: 'openView'; view: SavedView }
  | { type: 'viewRenamed'; view: SavedView }
  | { type: 'viewDeleted'; id: number };

/** Which way a column sorts on its first click: words A→Z, amounts and dates largest/newest first. */
export function firstOrder(field: SortField): SortOrder {
  return field === 'name' || field === 'email' || field === 'status' ? 'asc' : 'desc';
}

/** The fields the list offers to sort by, in the words the table's headers use. */
export const SORT_FIELDS: readonly { field: SortField; label: string }[] = [
  { field: 'created_at', label: 'Added' },
  { field: 'name', label: 'Name' },
  { field: 'email', label: 'Email' },
  { field: 'status', label: 'Status' },
  { field: 'balance', label: 'Balance' },
  { field: 'usage_percentage', label: 'Usage' },
  { field: 'device_count', label: 'Devices' },
  { field: 'join_date', label: 'Joined' },
  { field: 'last_payment_date', label: 'Last payment' },
];

/** An order in words that fit the field: "Newest first" for dates, "A–Z" for words. */
export function orderLabel(field: SortField, order: SortOrder): string {
  const asc = order === 'asc';
  switch (field) {
    case 'name':
    case 'email':
    case 'status':
      return asc ? 'A–Z' : 'Z–A';
    case 'created_at':
    case 'updated_at':
    case 'join_date':
    case 'last_payment_date':
      return asc ? 'Oldest first' : 'Newest first';
    case 'balance':
      return asc ? 'Smallest first' : 'Largest first';
    case 'usage_percentage':
    case 'device_count':
      return asc ? 'Lowest first' : 'Highest first';
  }
}

export function listReducer(state: ListState, action: ListAction): ListState {
  const next = listed(state, action);
  // A list changed by hand is no longer the saved view it was opened from.
  const keepsView = ['page', 'perPage', 'openView', 'viewRenamed', 'viewDeleted'].includes(action.type);
  return next === state || keepsView || next.view === null ? next : { ...next, view: null };
}

function listed(state: ListState, action: ListAction): ListState {
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
    case 'sortOrder':
      return { ...state, sortOrder: action.order, page: 1 };
    case 'page':
      return { ...state, page: Math.max(1, action.page) };
    case 'perPage':
      return { ...state, perPage: action.perPage, page: 1 };
    case 'filters':
      return { ...state, filters: action.filters, page: 1 };
    case 'removeFilter':
      return { ...state, filters: withoutGroup(state.filters, action.group), page: 1 };
    case 'clearFilters':
      return { ...state, filters: {}, page: 1 };
    case 'openView': {
      // Everything the view keeps replaces what is listed; what it leaves out is the default.
      const q = action.view.query;
      return {
        ...state,
        search: q.search ?? '',
        status: q.status ?? '',
        sortBy: q.sort_by ?? initialListState.sortBy,
        sortOrder: q.sort_order ?? initialListState.sortOrder,
        filters: pickFilters(q),
        page: 1,
        view: { id: action.view.id, name: action.view.name },
      };
    }
    case 'viewRenamed':
      return state.view?.id === action.view.id ? { ...state, view: { id: action.view.id, name: action.view.name } } : state;
    case 'viewDeleted':
      return state.view?.id === action.id ? { ...state, view: null } : state;
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
  return { ...query, ...state.filters };
}

/** What a saved view keeps of the list: all but the page and its size. */
export function viewQuery(state: ListState): CustomerQueryInput {
  const query = toQuery(state);
  delete query.page;
  delete query.per_page;
  return query;
}

export function useListState() {
  return useReducer(listReducer, initialListState);
}
