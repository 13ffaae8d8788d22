import { describeError } from '../api/errors';
import type { NoticeKind } from '../api/types';
import { formatDateTime } from '../format';
import { Dialog } from '../widgets/Dialog';
import { ErrorPanel } from '../widgets/ErrorPanel';
import { useToast } from '../widgets/Toasts';
import { KIND_WORDS, useMarkNoticesRead, useNoticeKinds, useNotices, useSetNoticeKind } from './queries';

/**
 * What the desk told its people while they were busy (a customer suspended on central, a change
 * central refused, a conflict, a failed backup), newest first, with the kinds to hear about.
 */
export function NoticesDialog({ onClose }: { onClose: () => void }) {
  const notices = useNotices();
  const markRead = useMarkNoticesRead();
  const kinds = useNoticeKinds();
  const setKind = useSetNoticeKind();
  const toast = useToast();

  function toggle(kind: NoticeKind, enabled: boolean) {
    setKind.mutate(
      { kind, enabled },
      { onError: (error) => toast.error(describeError(error, enabled ? 'turn these notices on' : 'turn these notices off')) },
    );
  }

  const items = notices.data?.items ?? [];
  const unread = notices.data?.unread ?? 0;
  return (
    <Dialog label="Notices" onClose={onClose} size="large">
      {notices.isError && !notices.data ? (
        <ErrorPanel error={notices.error} what="the notices" onRetry={() => void notices.refetch()} />
      ) : items.length === 0 ? (
        <p className="empty">Nothing to tell yet. Notices appear here and on the desktop when something needs you.</p>
      ) : (
        <ul className="notices-list" aria-label="Notices">
          {items.map((n) => (
            <li key={n.id} className={n.read ? 'notice' : 'notice notice-unread'}>
              <span className="notice-title">
                {!n.read && <span className="sr-only">Unread: </span>}
                {n.title}
              </span>
              <span className="notice-at">{formatDateTime(n.at)}</span>
              <p className="notice-body">{n.body}</p>
            </li>
          ))}
        </ul>
      )}
      <div className="notices-actions">
        <button type="button" className="small" disabled={unread === 0 || markRead.isPending} onClick={() => markRead.mutate()}>
          Mark all read
        </button>
      </div>
      <fieldset className="notice-kinds">
        <legend>Tell me about</legend>
        {kinds.data?.map((k) => (
          <label key={k.kind} className="check">
            <input type="checkbox" checked={k.enabled} disabled={setKind.isPending} onChange={(e) => toggle(k.kind, e.target.checked)} />
            {KIND_WORDS[k.kind]}
          </label>
        ))}
      </fieldset>
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </Dialog>
  );
}
