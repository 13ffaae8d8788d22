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
  | { type: 'sortOrder'; order: SortOrder }
  | { type: 'page'; page: number }
  | { type: 'perPage'; perPage: number };

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
