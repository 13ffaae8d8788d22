import type { Notice, NoticeKind, NoticeKindSetting, Notices, Operator } from '../api/types';
import type { Handlers } from './backend';
import { REFUSALS } from './operators';

// Notices in the fake: the store's `notices` module. Recorded as the store records them (a kind
// turned off is not recorded), the newest 100 listed, all marked read at once. The recorded
// `notices` fixture holds it to the shell.

type NoticeCommand = 'list_notices' | 'mark_notices_read' | 'notice_kinds' | 'set_notice_kind';

const KINDS: readonly NoticeKind[] = ['status_changed', 'sync_refused', 'sync_conflict', 'backup_failed'];
const SHOWN = 100;

export interface NoticesHost {
  now(): string;
  operator(): Operator;
  may(operator: Operator, refusal: string): void;
}

export class FakeNotices {
  private items: Notice[] = [];
  private nextId = 1;
  private enabled = new Map<NoticeKind, boolean>(KINDS.map((k) => [k, true]));

  constructor(private readonly host: NoticesHost) {}

  /** `notices::record`. */
  record(kind: NoticeKind, customerId: string | null, title: string, body: string): void {
    if (!this.enabled.get(kind)) return;
    this.items.push({ id: this.nextId++, kind, customer_id: customerId, title, body, at: this.host.now(), read: false });
  }

  /** `Store::notice_backup_failed`. */
  backupFailed(reason: string): void {
    this.record('backup_failed', null, 'A backup failed', `The desk could not back up its data: ${reason}`);
  }

  private list(): Notices {
    const newest = [...this.items].reverse().slice(0, SHOWN);
    return { items: newest.map((n) => ({ ...n })), unread: this.items.filter((n) => !n.read).length };
  }

  private kinds(): NoticeKindSetting[] {
    return KINDS.map((kind) => ({ kind, enabled: this.enabled.get(kind) ?? true }));
  }

  readonly commands: Handlers<NoticeCommand> = {
    list_notices: () => {
      this.host.operator();
      return this.list();
    },
    mark_notices_read: () => {
      this.host.operator();
      for (const n of this.items) n.read = true;
      return this.list();
    },
    notice_kinds: () => {
      this.host.operator();
      return this.kinds();
    },
    set_notice_kind: (args) => {
      const by = this.host.operator();
      this.host.may(by, REFUSALS.changeSettings);
      this.enabled.set(args.kind as NoticeKind, Boolean(args.enabled));
      return this.kinds();
    },
  };
}
