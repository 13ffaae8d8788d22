import type { FieldError, Ticket, TicketPriority, TicketStatus } from '../api/types';
import { MESSAGES, TICKET_CATEGORIES } from '../rules';
import { boundedLine, check, fail, quoted, refuseIfAny, reject, required, validated } from './rules';

// Tickets opened at the desk, in the fake: `desk_ticket.rs` of the domain and `desk_tickets.rs`
// of the store. The recorded `desk_tickets` fixture holds it to the shell.

const PRIORITIES: readonly TicketPriority[] = ['low', 'medium', 'high', 'critical'];
const STATUSES: readonly TicketStatus[] = ['open', 'pending', 'resolved', 'closed', 'on_hold', 'in_progress'];
const FIELDS = ['subject', 'description', 'priority', 'category'];

function textOf(field: string, value: unknown): string {
  if (value === undefined || value === null) required(field);
  if (typeof value !== 'string') fail(field, 'wrong_type', MESSAGES.text);
  return value;
}

/** `NewDeskTicket::from_input`. */
export function newDeskTicket(raw: unknown): Pick<Ticket, 'subject' | 'description' | 'priority' | 'category'> {
  const value = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const errors: FieldError[] = [];
  for (const key of Object.keys(value).filter((k) => !FIELDS.includes(k))) {
    errors.push({ field: key, rule: 'unknown_field', message: 'is not a field of this record' });
  }
  const subject = check(errors, () => boundedLine('subject', textOf('subject', value.subject), 120));
  const description = check(errors, () => {
    const text = textOf('description', value.description).trim();
    if (!text) required('description');
    const n = [...text].length;
    if (n > 2000) fail('description', 'too_long', MESSAGES.tooLong(2000, n));
    return text;
  });
  const priority = check(errors, () => {
    if (value.priority === undefined || value.priority === null) return 'medium' as TicketPriority;
    const p = textOf('priority', value.priority);
    if (!PRIORITIES.includes(p as TicketPriority)) fail('priority', 'not_allowed', `${quoted(p)} is not allowed (one of: ${PRIORITIES.join(', ')})`);
    return p as TicketPriority;
  });
  const category = check(errors, () => {
    const c = textOf('category', value.category);
    if (!(TICKET_CATEGORIES as readonly string[]).includes(c.trim())) fail('category', 'not_allowed', `${quoted(c)} is not a category (one of: ${TICKET_CATEGORIES.join(', ')})`);
    return c.trim();
  });
  refuseIfAny(errors);
  return { subject: subject!, description: description!, priority: priority!, category: category! };
}

/** The desk's ticket commands over the fake's tickets. */
export function ticketCommands(host: {
  tickets: () => Ticket[];
  replace: (ticket: Ticket) => void;
  add: (ticket: Ticket) => void;
  now: () => string;
  customerId: (raw: unknown) => string;
  operator: () => string;
  deskCode: () => string;
}) {
  let next = 1;
  const find = (raw: unknown): Ticket => {
    const id = validated(() => {
      const text = textOf('id', raw).trim();
      if (!/^[0-9a-f-]{36}$/i.test(text)) fail('id', 'format', 'is not a valid ticket id');
      return text.toLowerCase();
    });
    const ticket = host.tickets().find((t) => t.id === id);
    if (!ticket) reject('not_found', `ticket ${id} does not exist`);
    return ticket;
  };
  const ours = (raw: unknown): Ticket => {
    const ticket = find(raw);
    if (ticket.opened_by === null) reject('clash', "This ticket came from the central system; change it there.");
    return ticket;
  };
  return {
    open_desk_ticket: (args: Record<string, unknown>): Ticket => {
      const input = newDeskTicket(args.input);
      const customer = host.customerId(args.customerId);
      const ticket: Ticket = {
        id: crypto.randomUUID(),
        customer_id: customer,
        number: `T-${host.deskCode()}-${String(next++).padStart(5, '0')}`,
        ...input,
        status: 'open',
        resolved_at: null,
        resolved_by: null,
        resolution_note: null,
        created_at: host.now(),
        opened_by: host.operator(),
      };
      host.add(ticket);
      return ticket;
    },
    set_ticket_status: (args: Record<string, unknown>): Ticket => {
      const status = validated(() => {
        const s = textOf('status', args.status);
        if (!STATUSES.includes(s as TicketStatus)) fail('status', 'not_allowed', `${quoted(s)} is not allowed (one of: ${STATUSES.join(', ')})`);
        if (s === 'resolved') fail('status', 'not_allowed', 'is set by resolving the ticket with a note');
        return s as TicketStatus;
      });
      const changed: Ticket = { ...ours(args.ticketId), status, resolved_at: null, resolved_by: null, resolution_note: null };
      host.replace(changed);
      return changed;
    },
    resolve_ticket: (args: Record<string, unknown>): Ticket => {
      const note = validated(() => {
        const raw = textOf('note', args.note);
        if (!raw.trim()) fail('note', 'required', MESSAGES.resolutionNote);
        return boundedLine('note', raw, 500);
      });
      const ticket = ours(args.ticketId);
      const changed: Ticket = { ...ticket, status: 'resolved', resolved_at: host.now(), resolved_by: host.operator(), resolution_note: note };
      host.replace(changed);
      return changed;
    },
  };
}
