import type { SyncMark } from '../api/types';
import { MARK_WORDS } from './format';
import { useSyncMarks } from './queries';

/** A customer's sync mark: the word is the text, the colour only repeats it. */
export function SyncBadge({ mark }: { mark: SyncMark }) {
  const words = MARK_WORDS[mark];
  return (
    <span className={`badge sync-badge sync-badge-${mark}`} title={words.title}>
      {words.label}
    </span>
  );
}

/** The mark of one customer (the detail's header), fetched on its own. */
export function CustomerSyncBadge({ id }: { id: string }) {
  const mark = useSyncMarks([id]).get(id);
  return mark ? <SyncBadge mark={mark} /> : null;
}

/**
 * Near the top of a customer's page, what a mark means when the page would otherwise mislead:
 * a customer deleted here is back because central refused the deletion. (Same query as the
 * badge, so no second call.)
 */
export function CustomerSyncNote({ id, onOpenSync }: { id: string; onOpenSync?: () => void }) {
  const mark = useSyncMarks([id]).get(id);
  if (mark !== 'delete_refused') return null;
  return (
    <p className="sync-callout sync-callout-bad" role="note">
      Central could not delete this customer; it is back as central holds it.{' '}
      {onOpenSync ? (
        <button type="button" className="link" onClick={onOpenSync}>
          See Sync.
        </button>
      ) : (
        'See Sync.'
      )}
    </p>
  );
}
