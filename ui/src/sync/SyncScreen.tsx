import { useLayoutEffect, useRef, useState } from 'react';
import { Tabs } from '../widgets/Tabs';
import { formatCount } from '../format';
import { ConflictsTab } from './ConflictsTab';
import { QueueTab } from './QueueTab';
import { RejectedTab } from './RejectedTab';
import { useSyncStatus } from './queries';

type TabKey = 'queue' | 'conflicts' | 'rejected';

interface SyncScreenProps {
  onBack: () => void;
  onSettings: () => void;
}

/** The Sync screen: the queue (retry, discard), the conflicts (resolve) and records kept aside. */
export function SyncScreen({ onBack, onSettings }: SyncScreenProps) {
  const { data: status } = useSyncStatus();
  const headingRef = useRef<HTMLHeadingElement>(null);
  // Opens on what needs a person most: conflicts, then the queue.
  const [tab, setTab] = useState<TabKey>(() => (status && status.conflicts > 0 && status.refused === 0 ? 'conflicts' : 'queue'));

  useLayoutEffect(() => headingRef.current?.focus(), []);

  const count = (n: number | undefined) => (n ? formatCount(n) : undefined);
  const account = status?.account;
  return (
    <main className="screen sync-screen" aria-labelledby="sync-title">
      <div className="detail-top">
        <button type="button" className="back" onClick={onBack} aria-keyshortcuts="Escape">
          Back to customers
        </button>
      </div>
      <header className="sync-header">
        <div>
          <h2 id="sync-title" ref={headingRef} tabIndex={-1}>
            Sync
          </h2>
          <p className="detail-contact">
            {status?.signed_in && account
              ? `Signed in as ${account.name} (${account.email}) to ${account.central_url}`
              : status?.needs_sign_in && account
                ? `The session of ${account.email} at ${account.central_url} ended: sign in again to sync.`
                : 'Not signed in: changes are kept on this desk. Sync is optional.'}
          </p>
        </div>
        <button type="button" onClick={onSettings}>
          {status?.signed_in ? 'Sync account' : 'Sign in to sync'}
        </button>
      </header>
      {status?.related_lists === 'unavailable' && (
        <p className="sync-callout">
          The central system is not answering for invoices, payments and tickets at the moment; customers still sync,
          and those lists follow when it does.
        </p>
      )}
      <Tabs<TabKey>
        idPrefix="sync"
        label="Sync"
        active={tab}
        onChange={setTab}
        tabs={[
          {
            key: 'queue',
            label: 'Queue',
            badge: count(status ? status.pending + status.refused : undefined),
            panel: () => <QueueTab signedIn={!!status?.signed_in} />,
          },
          { key: 'conflicts', label: 'Conflicts', badge: count(status?.conflicts), panel: () => <ConflictsTab /> },
          {
            key: 'rejected',
            label: 'Records from central',
            badge: count(status?.rejected),
            panel: () => <RejectedTab pulled={!!status?.last_success_at} signedIn={!!status?.signed_in} />,
          },
        ]}
      />
    </main>
  );
}
