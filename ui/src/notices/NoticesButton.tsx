import { useState } from 'react';
import { NoticesDialog } from './NoticesDialog';
import { useNotices } from './queries';

/** The top bar's way to the notices, with how many are unread. */
export function NoticesButton() {
  const notices = useNotices();
  const [open, setOpen] = useState(false);
  const unread = notices.data?.unread ?? 0;
  const label = unread > 0 ? `Notices, ${unread} unread` : 'Notices';
  return (
    <>
      <button type="button" className="small notices-open" aria-label={label} title={label} onClick={() => setOpen(true)}>
        <span aria-hidden="true">🔔</span>
        <span className="notices-label">Notices</span>
        {unread > 0 && (
          <span className="notices-unread" aria-hidden="true">
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </button>
      {open && <NoticesDialog onClose={() => setOpen(false)} />}
    </>
  );
}
