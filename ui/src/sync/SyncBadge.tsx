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
