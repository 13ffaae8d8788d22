import { useState, type FormEvent } from 'react';
import { describeError } from '../../api/errors';
import type { CommandError, CustomerQueryInput, SavedView } from '../../api/types';
import { STATUS_LABELS } from '../../format';
import { Dialog } from '../../widgets/Dialog';
import { useToast } from '../../widgets/Toasts';
import { initialListState, orderLabel, SORT_FIELDS } from '../listState';
import { chips, pickFilters } from './filterModel';
import { useDeleteView, useRenameView, useSaveView, useViews } from './viewQueries';

/** What a view (or the list as it is) shows, in words: "Owes · Active · Sort: Balance, largest first". */
export function summary(query: CustomerQueryInput): string {
  const parts: string[] = [];
  if (query.search) parts.push(`Search “${query.search}”`);
  if (query.status) parts.push(STATUS_LABELS[query.status]);
  parts.push(...chips(pickFilters(query)).map((c) => c.label));
  const sortBy = query.sort_by ?? initialListState.sortBy;
  const order = query.sort_order ?? initialListState.sortOrder;
  if (sortBy !== initialListState.sortBy || order !== initialListState.sortOrder) {
    const label = SORT_FIELDS.find((f) => f.field === sortBy)?.label ?? sortBy;
    parts.push(`Sort: ${label}, ${orderLabel(sortBy, order).toLowerCase()}`);
  }
  return parts.length > 0 ? parts.join(' · ') : 'Everyone, newest first';
}

/** A refusal of a view's name, said under the name. */
function nameError(error: CommandError | null): string | undefined {
  if (!error) return undefined;
  const field = error.fields.find((f) => f.field === 'name');
  return field ? `Name ${field.message}` : undefined;
}

interface ViewsDialogProps {
  /** The list as it is now (its page left out): what "Save" keeps. */
  current: CustomerQueryInput;
  onOpen: (view: SavedView) => void;
  onRenamed: (view: SavedView) => void;
  onDeleted: (id: number) => void;
  onClose: () => void;
}

/**
 * The saved views: the list as it is saved under a name, and each view opened, renamed or
 * deleted (after a second click that says which).
 */
export function ViewsDialog({ current, onOpen, onRenamed, onDeleted, onClose }: ViewsDialogProps) {
  const views = useViews();
  const save = useSaveView();
  const toast = useToast();
  const [name, setName] = useState('');

  function onSave(e: FormEvent) {
    e.preventDefault();
    save.mutate(
      { name, query: current },
      {
        onSuccess: (view) => {
          setName('');
          toast.success(`Saved the view “${view.name}”`);
        },
      },
    );
  }

  const saveError = nameError(save.error);
  const otherSaveError = save.error && !saveError ? describeError(save.error, 'save the view') : null;
  return (
    <Dialog label="Saved views" onClose={onClose}>
      <form className="view-save" onSubmit={onSave} noValidate>
        <div className="field">
          <label htmlFor="view-name">Save this list as</label>
          <div className="view-save-row">
            <input
              id="view-name"
              name="name"
              value={name}
              maxLength={60}
              autoComplete="off"
              placeholder="e.g. Owing, joined this year"
              data-autofocus
              onChange={(e) => {
                setName(e.target.value);
                if (save.error) save.reset();
              }}
              aria-invalid={saveError ? true : undefined}
              aria-describedby={saveError ? 'name-error' : 'view-name-hint'}
            />
            <button type="submit" className="primary" disabled={save.isPending}>
              Save
            </button>
          </div>
          {saveError ? (
            <p id="name-error" className="field-error">
              {saveError}
            </p>
          ) : (
            <p id="view-name-hint" className="field-hint">
              Keeps: {summary(current)}
            </p>
          )}
        </div>
        {otherSaveError && (
          <p role="alert" className="form-alert">
            {otherSaveError}
          </p>
        )}
      </form>

      <h3 className="views-heading">Open a view</h3>
      {views.isError && (
        <p role="alert" className="form-alert">
          {describeError(views.error, 'read the saved views')}
        </p>
      )}
      {views.data && views.data.length === 0 && <p className="field-hint">None yet: set filters, a search or a sort, then save them here.</p>}
      {views.data && views.data.length > 0 && (
        <ul className="views-list">
          {views.data.map((view) => (
            <ViewRow key={view.id} view={view} onOpen={onOpen} onRenamed={onRenamed} onDeleted={onDeleted} />
          ))}
        </ul>
      )}
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </Dialog>
  );
}

function ViewRow({
  view,
  onOpen,
  onRenamed,
  onDeleted,
}: {
  view: SavedView;
  onOpen: (view: SavedView) => void;
  onRenamed: (view: SavedView) => void;
  onDeleted: (id: number) => void;
}) {
  const rename = useRenameView();
  const remove = useDeleteView();
  const [editing, setEditing] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const inputId = `view-${view.id}-name`;

  function onRename(e: FormEvent) {
    e.preventDefault();
    if (editing === null) return;
    rename.mutate(
      { id: view.id, name: editing },
      {
        onSuccess: (renamed) => {
          setEditing(null);
          onRenamed(renamed);
        },
      },
    );
  }

  if (editing !== null) {
    const error = nameError(rename.error) ?? (rename.error ? describeError(rename.error, 'rename the view') : undefined);
    return (
      <li className="view-row">
        <form className="view-rename" onSubmit={onRename} noValidate>
          <label htmlFor={inputId} className="sr-only">
            New name for {view.name}
          </label>
          <input
            id={inputId}
            value={editing}
            autoFocus
            autoComplete="off"
            onChange={(e) => {
              setEditing(e.target.value);
              if (rename.error) rename.reset();
            }}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${inputId}-error` : undefined}
          />
          <button type="submit" className="primary" disabled={rename.isPending}>
            Rename
          </button>
          <button type="button" onClick={() => setEditing(null)}>
            Cancel
          </button>
          {error && (
            <p id={`${inputId}-error`} className="field-error">
              {error}
            </p>
          )}
        </form>
      </li>
    );
  }

  return (
    <li className="view-row">
      <div className="view-what">
        <button type="button" className="link view-open" onClick={() => onOpen(view)}>
          {view.name}
        </button>
        <span className="view-summary">{summary(view.query)}</span>
      </div>
      {confirming ? (
        <span className="view-actions" role="group" aria-label={`Delete ${view.name}?`}>
          <span className="view-confirm">Delete?</span>
          <button
            type="button"
            className="danger"
            disabled={remove.isPending}
            autoFocus
            onClick={() => remove.mutate(view.id, { onSuccess: () => onDeleted(view.id) })}
          >
            Delete {view.name}
          </button>
          <button type="button" onClick={() => setConfirming(false)}>
            Keep
          </button>
        </span>
      ) : (
        <span className="view-actions">
          <button type="button" className="small" aria-label={`Rename ${view.name}`} onClick={() => setEditing(view.name)}>
            Rename
          </button>
          <button type="button" className="small" aria-label={`Delete ${view.name}`} onClick={() => setConfirming(true)}>
            Delete
          </button>
        </span>
      )}
      {remove.isError && (
        <p role="alert" className="field-error">
          {describeError(remove.error, `delete ${view.name}`)}
        </p>
      )}
    </li>
  );
}
