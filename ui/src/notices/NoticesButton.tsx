import { useState } from 'react';
import { NoticesDialog } from './NoticesDialog';
import { useNotices } from './queries';

/** The top bar's way to the notices, with how many are unread. */
export function NoticesButton() {
  const notices = useNotices();
  const [open, setOpen] = useState(false);
  const unread = notices.data?.unread ?? 0;
  const count = unread > 99 ? '99+' : String(unread);
  // The visible words are the name ("Notices 2 unread"), so a voice command that says what
  // it sees finds the button.
  return (
    <>
      <button type="button" className="small notices-open" title={unread > 0 ? `Notices: ${count} unread` : 'Notices'} onClick={() => setOpen(true)}>
        <span className="notices-label">Notices</span>
        {unread > 0 && (
          <>
            {' '}
            <span className="notices-unread">
              {count}
              <span className="sr-only"> unread</span>
            </span>
          </>
        )}
      </button>
      {open && <NoticesDialog onClose={() => setOpen(false)} />}
    </>
  );
}
