import type { CustomerQueryInput, FieldError, Operator, SavedView } from '../api/types';
import type { Handlers } from './backend';
import { customerQuery } from './input';
import { boundedLine, check, refuseIfAny, reject, validated } from './rules';

// Saved views in the fake: the shell's views.rs over the store's saved_views.rs. Names are
// trimmed single lines of 1–50 characters, unique in any case; the query is checked as the list
// checks it and kept without its page (and without nulls); ids are SQLite's (the largest + 1).
// The recorded `saved_views` fixture holds it to the shell's answers.

type ViewCommand = 'list_views' | 'save_view' | 'rename_view' | 'delete_view';

export const VIEW_NAME_MAX = 50;

export interface ViewHooks {
  operator: () => Operator;
}

function isValidation(e: unknown): e is { code: 'validation'; fields: FieldError[] } {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 'validation';
}

/** `kept_query`: what was asked, without the page and without nulls. */
function kept(query: Record<string, unknown>): CustomerQueryInput {
  return Object.fromEntries(Object.entries(query).filter(([k, v]) => k !== 'page' && v !== null && v !== undefined)) as CustomerQueryInput;
}

const byName = (a: SavedView, b: SavedView) => {
  const [x, y] = [a.name.toLowerCase(), b.name.toLowerCase()];
  return x < y ? -1 : x > y ? 1 : a.id - b.id;
};

export class FakeViews {
  views: SavedView[] = [];

  constructor(private readonly hooks: ViewHooks) {}

  private checkNameFree(name: string, except: number | null): void {
    if (this.views.some((v) => v.id !== except && v.name.toLowerCase() === name.toLowerCase())) {
      reject('clash', `a saved view named ${name} already exists`, [{ field: 'name', rule: 'unique', message: 'is already used by another saved view' }]);
    }
  }

  private find(id: number): SavedView {
    const view = this.views.find((v) => v.id === id);
    if (!view) reject('not_found', `saved view ${id} does not exist`);
    return view;
  }

  readonly commands: Handlers<ViewCommand> = {
    list_views: () => [...this.views].sort(byName),
    save_view: (args) => {
      const errors: FieldError[] = [];
      const name = check(errors, () => boundedLine('name', String(args.name ?? ''), VIEW_NAME_MAX));
      try {
        customerQuery(args.query);
      } catch (e) {
        if (!isValidation(e)) throw e;
        errors.push(...e.fields);
      }
      refuseIfAny(errors);
      this.hooks.operator();
      this.checkNameFree(name!, null);
      const id = Math.max(0, ...this.views.map((v) => v.id)) + 1;
      const view: SavedView = { id, name: name!, query: kept(args.query as Record<string, unknown>) };
      this.views.push(view);
      return view;
    },
    rename_view: (args) => {
      const name = validated(() => boundedLine('name', String(args.name ?? ''), VIEW_NAME_MAX));
      this.hooks.operator();
      const id = Number(args.id);
      this.checkNameFree(name, id);
      const renamed = { ...this.find(id), name };
      this.views = this.views.map((v) => (v.id === id ? renamed : v));
      return renamed;
    },
    delete_view: (args) => {
      this.hooks.operator();
      const id = Number(args.id);
      this.find(id);
      this.views = this.views.filter((v) => v.id !== id);
      return null;
    },
  };
}
