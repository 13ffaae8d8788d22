import type { Customer, CustomerStatus, Invoice, InvoiceStatus, Payment, PaymentStatus, Ticket, TicketPriority, TicketStatus } from '../api/types';
import { instant } from './rules';

// Deterministic demo records in the shape the Rust store returns, for the tests and for running
// the UI in a plain browser. Same seed, same people.

const FIRST = ['Wanjiru', 'Otieno', 'Achieng', 'Kamau', 'Njeri', 'Mwangi', 'Akinyi', 'Kiprop', 'Chebet', 'Mutua', 'Wambui', 'Omondi', 'Nyambura', 'Kibet', 'Auma', 'Njoroge', 'Wairimu', 'Ochieng', 'Jepkosgei', 'Maina'];
const LAST = ['Kariuki', 'Odhiambo', 'Mutai', 'Wanyama', 'Kimani', 'Onyango', 'Koech', 'Ndungu', 'Mugo', 'Barasa', 'Gitau', 'Cheruiyot', 'Nyaga', 'Owino', 'Kiplagat'];
const STREETS = ['Moi Avenue', 'Kenyatta Avenue', 'Ngong Road', 'Waiyaki Way', 'Mombasa Road', 'Langata Road', 'Kimathi Street'];
const TOWNS = ['Nairobi', 'Kisumu', 'Nakuru', 'Eldoret', 'Thika', 'Machakos'];
export const PACKAGES = ['Basic WiFi', 'Home 10 Mbps', 'Home 20 Mbps', 'Family 30 Mbps', 'Business 50 Mbps', 'Premium 100 Mbps', 'Student 5 Mbps'];
const DOMAINS = ['gmail.com', 'yahoo.com', 'outlook.com', 'safaricom.co.ke', 'mail.ke'];
const SUBJECTS: Array<[string, string]> = [
  ['No internet since morning', 'connectivity'],
  ['Slow speeds in the evening', 'performance'],
  ['Router keeps restarting', 'equipment'],
  ['Charged twice this month', 'billing'],
  ['M-Pesa payment not reflected', 'billing'],
];

/** A small, fast, seedable PRNG (mulberry32). */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(rng: () => number, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)]!;
}

function uuid(rng: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(rng() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function cents(n: number): string {
  const sign = n < 0 ? '-' : '';
  const abs = Math.abs(n);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

export function makeCustomer(overrides: Partial<Customer> = {}, seed = 1): Customer {
  const rng = random(seed);
  const first = pick(rng, FIRST);
  const last = pick(rng, LAST);
  const created = instant(Date.UTC(2025, 0, 1) + Math.floor(rng() * 600) * 86_400_000);
  return {
    id: uuid(rng),
    central_id: null,
    name: `${first} ${last}`,
    email: `${first}.${last}${seed}@${pick(rng, DOMAINS)}`.toLowerCase(),
    phone: `+2547${String(Math.floor(rng() * 1e8)).padStart(8, '0')}`,
    address: `${Math.floor(rng() * 400) + 1} ${pick(rng, STREETS)}, ${pick(rng, TOWNS)}`,
    status: 'active',
    join_date: created,
    balance: '0.00',
    package: pick(rng, PACKAGES),
    usage_percentage: Math.floor(rng() * 101),
    device_count: Math.floor(rng() * 8),
    last_payment_date: null,
    created_at: created,
    updated_at: created,
    version: 1,
    ...overrides,
  };
}

export interface DemoSet {
  customers: Customer[];
  invoices: Invoice[];
  payments: Payment[];
  tickets: Ticket[];
}

export function demoSet(count: number, seed = 42): DemoSet {
  const rng = random(seed);
  const out: DemoSet = { customers: [], invoices: [], payments: [], tickets: [] };
  let number = 0;
  for (let i = 0; i < count; i++) {
    const roll = rng();
    const status: CustomerStatus = roll < 0.75 ? 'active' : roll < 0.88 ? 'suspended' : 'pending';
    const owes = rng() < 0.4;
    const customer = makeCustomer(
      { status, balance: owes ? cents(Math.floor(rng() * 1_500_000)) : '0.00' },
      seed * 100_000 + i,
    );
    out.customers.push(customer);
    if (i % 3 !== 0) continue;
    for (let k = 0; k < 1 + Math.floor(rng() * 3); k++) {
      number++;
      const invoiceStatus = pick<InvoiceStatus>(rng, ['paid', 'paid', 'pending', 'overdue', 'cancelled']);
      const amount = cents(150_000 + Math.floor(rng() * 500_000));
      const due = instant(Date.UTC(2026, Math.floor(rng() * 11), 1 + Math.floor(rng() * 27)));
      const invoice: Invoice = {
        id: uuid(rng),
        customer_id: customer.id,
        number: `INV-${String(number).padStart(6, '0')}`,
        amount,
        status: invoiceStatus,
        due_date: due,
        paid_date: invoiceStatus === 'paid' ? due : null,
        notes: rng() < 0.3 ? 'Monthly subscription' : null,
        created_at: due,
      };
      out.invoices.push(invoice);
      if (invoiceStatus === 'paid') {
        out.payments.push({
          id: uuid(rng),
          customer_id: customer.id,
          invoice_id: invoice.id,
          amount,
          method: pick(rng, ['mpesa', 'mpesa', 'cash', 'bank_transfer', 'card']),
          status: pick<PaymentStatus>(rng, ['completed', 'completed', 'completed', 'pending', 'refunded']),
          transaction_id: `Q${uuid(rng).slice(0, 9).toUpperCase().replace('-', '')}`,
          payment_date: due,
          created_at: due,
          desk: null,
        });
      }
    }
    if (rng() < 0.5) {
      number++;
      const [subject, category] = pick(rng, SUBJECTS);
      const ticketStatus = pick<TicketStatus>(rng, ['open', 'in_progress', 'resolved', 'closed', 'on_hold', 'pending']);
      const resolved = ticketStatus === 'resolved' || ticketStatus === 'closed';
      const created = instant(Date.UTC(2026, Math.floor(rng() * 10), 1 + Math.floor(rng() * 27), 9));
      out.tickets.push({
        id: uuid(rng),
        customer_id: customer.id,
        number: `TKT-${String(number).padStart(6, '0')}`,
        subject,
        description: `${subject}. Customer called the desk about it.`,
        status: ticketStatus,
        priority: pick<TicketPriority>(rng, ['low', 'medium', 'high', 'critical']),
        category,
        resolved_at: resolved ? created : null,
        resolved_by: resolved ? 'field.agent' : null,
        resolution_note: resolved ? 'Router replaced and line tested.' : null,
        created_at: created,
        opened_by: null,
      });
    }
  }
  return out;
}
