//! Realistic demo and test data: Kenyan customers of a WiFi/ISP business with their invoices,
//! payments and tickets. Deterministic for a seed, so tests and benchmarks are repeatable.
//!
//! Each customer is one story drawn from a seed of its own (the generator's seed and the
//! customer's number): who they are, when they joined, what they were billed, what they paid and
//! what they asked support. The customer row is summed from its story, so row and records agree
//! by construction, and because a story depends on nothing but its seed, [`load`] imports every
//! row in one bulk statement and then draws the same stories again for their records.
//!
//! What a story keeps true:
//! - the balance is what was invoiced (every invoice not cancelled) minus what was paid (every
//!   completed payment); positive means the customer owes, negative that they paid ahead;
//! - the last payment date is that of the latest completed payment, none without one;
//! - billing is monthly from the join date: invoice k is issued at join + 30·k days and due 7
//!   days later; the store gets each customer's last few invoices. A paid invoice has one
//!   completed payment of its amount, dated its paid date; an unpaid one is overdue once its due
//!   date has passed and pending before; no invoice is paid in part;
//! - every event (joining, an invoice's issue, a payment, a ticket's opening and resolution) lies
//!   between the join date and now, in that order; only a pending invoice's due date is ahead;
//! - a record's `created_at` is when it happened (issued, paid, opened), as central's records
//!   carry theirs.

use crate::{related, Actor, ImportProgress, Result, Store};
use chrono::{DateTime, Duration, Utc};
use infora_domain::{
    Address, CustomerId, CustomerName, CustomerStatus, DeviceCount, Email, Invoice, InvoiceId,
    InvoiceStatus, Money, NewCustomer, NewInvoice, NewPayment, NewTicket, Package, Payment,
    PaymentId, PaymentStatus, Phone, Ticket, TicketId, TicketPriority, TicketStatus,
    UsagePercentage,
};
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use rust_decimal::{Decimal, RoundingStrategy};

const FIRST_NAMES: &[&str] = &[
    "Wanjiru", "Wanjiku", "Achieng", "Akinyi", "Atieno", "Chebet", "Jeptoo", "Nekesa", "Mwende",
    "Muthoni", "Wambui", "Nyambura", "Makena", "Kendi", "Zawadi", "Nafula", "Awino", "Njeri",
    "Kamau", "Otieno", "Mwangi", "Njoroge", "Kiprop", "Kipchoge", "Omondi", "Wafula", "Mutua",
    "Karanja", "Kariuki", "Ndungu", "Odhiambo", "Kibet", "Barasa", "Gitau", "Baraka", "Juma",
    "Mary", "Grace", "Faith", "Joyce", "Esther", "Mercy", "Lucy", "Ann", "Caroline", "Purity",
    "John", "Peter", "James", "David", "Daniel", "Joseph", "Samuel", "Brian", "Kevin", "Dennis",
];

const LAST_NAMES: &[&str] = &[
    "Kamau",
    "Mwangi",
    "Otieno",
    "Ochieng",
    "Wanjala",
    "Kiprotich",
    "Mutua",
    "Njoroge",
    "Kariuki",
    "Omondi",
    "Wambua",
    "Chege",
    "Githinji",
    "Macharia",
    "Kimani",
    "Onyango",
    "Owino",
    "Rotich",
    "Cheruiyot",
    "Mugo",
    "Nyaga",
    "Waweru",
    "Maina",
    "Ndirangu",
    "Wekesa",
    "Simiyu",
    "Hassan",
    "Mohamed",
    "Abdi",
    "Wanyama",
    "Korir",
    "Langat",
    "Kiptoo",
    "Mutiso",
    "Musyoka",
    "Oduor",
    "Okoth",
    "Achieng",
    "Nyongesa",
    "Wairimu",
    "Gachanja",
    "Kinyua",
    "Muriuki",
    "Wanjiku",
];

/// One customer in this many gets a surname nobody else has: a selective search term.
pub const RARE_SURNAME: &str = "Zuberi";
const RARE_EVERY: u64 = 9_973;

const TOWNS: &[&str] = &[
    "Nairobi", "Mombasa", "Kisumu", "Nakuru", "Eldoret", "Thika", "Machakos", "Nyeri", "Kitale",
    "Malindi", "Kericho", "Naivasha", "Meru", "Embu", "Kakamega", "Bungoma", "Kisii", "Kiambu",
];

const STREETS: &[&str] = &[
    "Ngong Road",
    "Moi Avenue",
    "Kenyatta Avenue",
    "Thika Road",
    "Jogoo Road",
    "Waiyaki Way",
    "Mombasa Road",
    "Langata Road",
    "Kimathi Street",
    "Oginga Odinga Street",
    "Haile Selassie Avenue",
];

/// Whole shillings, in cents.
const fn kes(shillings: i64) -> i64 {
    shillings * 100
}

/// The packages and their monthly price, in cents.
const PACKAGES: &[(&str, i64)] = &[
    ("Basic WiFi", kes(1_500)),
    ("Home 10 Mbps", kes(2_500)),
    ("Home 20 Mbps", kes(3_500)),
    ("Family 30 Mbps", kes(4_500)),
    ("Business 50 Mbps", kes(8_000)),
    ("Premium 100 Mbps", kes(12_000)),
    ("Student 5 Mbps", kes(1_000)),
];

/// Added to a customer's first invoice.
const INSTALLATION: i64 = kes(2_500);
/// A month of the speed boost some customers add for a few days, billed by the day.
const BOOST_PER_MONTH: i64 = kes(1_000);

const DAY: i64 = 86_400;
const BILLING_PERIOD: i64 = 30 * DAY;
const DUE_AFTER: i64 = 7 * DAY;
/// How long after an invoice's issue a customer who pays it pays, at the latest.
const PAID_WITHIN: i64 = 12 * DAY;

const DOMAINS: &[&str] = &[
    "gmail.com",
    "yahoo.com",
    "outlook.com",
    "safaricom.co.ke",
    "africaonline.co.ke",
    "mail.ke",
];

/// Mobile prefixes (after +254) that the phone metadata accepts as Kenyan mobiles.
const MOBILE_PREFIXES: &[&str] = &[
    "700", "701", "702", "703", "704", "705", "706", "707", "708", "709", "710", "711", "712",
    "713", "714", "715", "716", "717", "718", "719", "720", "721", "722", "723", "724", "725",
    "726", "727", "728", "729", "740", "741", "742", "743", "745", "746", "748", "757", "758",
    "759", "768", "769", "790", "791", "792", "793", "794", "795", "796", "797", "798", "799",
    "110", "111", "112", "113", "114", "115", "730", "731", "732", "733", "734", "735", "736",
    "737", "738", "739", "750", "751", "752", "753", "754", "755", "756", "780", "781", "782",
    "783", "784", "785", "786", "787", "788", "789", "100", "101", "102",
];

const METHODS: &[&str] = &["mpesa", "mpesa", "mpesa", "cash", "bank_transfer", "card"];

const TICKET_SUBJECTS: &[(&str, &str)] = &[
    ("No internet since morning", "connectivity"),
    ("Slow speeds in the evening", "performance"),
    ("Router keeps restarting", "equipment"),
    ("Charged twice this month", "billing"),
    ("Want to upgrade my package", "account"),
    ("M-Pesa payment not reflected", "billing"),
    ("WiFi does not reach the bedroom", "coverage"),
];

/// Who a customer is: the first draws of its story.
struct Profile {
    first: &'static str,
    last: &'static str,
    domain: &'static str,
    prefix: &'static str,
    line: u32,
    status: CustomerStatus,
    street_number: u32,
    street: &'static str,
    town: &'static str,
    package: &'static str,
    price: i64,
    usage: i64,
    devices: i64,
    join_date: DateTime<Utc>,
}

struct StoryInvoice {
    issued: DateTime<Utc>,
    amount: i64,
    status: InvoiceStatus,
    due: DateTime<Utc>,
    paid: Option<DateTime<Utc>>,
    notes: Option<String>,
}

struct StoryPayment {
    /// The index of the invoice paid, in the story's invoices; none for a payment ahead.
    invoice: Option<usize>,
    amount: i64,
    method: &'static str,
    status: PaymentStatus,
    date: DateTime<Utc>,
}

struct StoryTicket {
    opened: DateTime<Utc>,
    subject: (&'static str, &'static str),
    status: TicketStatus,
    priority: TicketPriority,
    resolved: Option<DateTime<Utc>>,
}

/// One customer's story; amounts in cents.
struct Story {
    profile: Profile,
    invoices: Vec<StoryInvoice>,
    payments: Vec<StoryPayment>,
    tickets: Vec<StoryTicket>,
}

impl Story {
    fn completed(&self) -> impl Iterator<Item = &StoryPayment> {
        self.payments
            .iter()
            .filter(|p| p.status == PaymentStatus::Completed)
    }

    /// Invoiced (not cancelled) minus paid (completed): what the customer owes.
    fn balance(&self) -> i64 {
        let invoiced: i64 = self
            .invoices
            .iter()
            .filter(|i| i.status != InvoiceStatus::Cancelled)
            .map(|i| i.amount)
            .sum();
        invoiced - self.completed().map(|p| p.amount).sum::<i64>()
    }

    fn last_payment(&self) -> Option<DateTime<Utc>> {
        self.completed().map(|p| p.date).max()
    }
}

/// What becomes of an invoice.
enum Outcome {
    Paid,
    Unpaid,
    Cancelled,
}

/// The draws of one story, in order: the same seed gives the same story.
struct Draw {
    rng: SmallRng,
    now: DateTime<Utc>,
}

impl Draw {
    fn pick<T: Copy>(&mut self, from: &[T]) -> T {
        from[self.rng.random_range(0..from.len())]
    }

    fn chance(&mut self, p: f64) -> bool {
        self.rng.random_bool(p)
    }

    /// An instant `min_days` to `max_days` before now.
    fn ago(&mut self, min_days: i64, max_days: i64) -> DateTime<Utc> {
        self.now - Duration::seconds(self.rng.random_range(min_days * DAY..=max_days * DAY))
    }

    /// An instant from `from` to `to`, both included; `from` when `to` is earlier.
    fn between(&mut self, from: DateTime<Utc>, to: DateTime<Utc>) -> DateTime<Utc> {
        let span = (to - from).num_seconds().max(0);
        from + Duration::seconds(self.rng.random_range(0..=span))
    }

    /// Statuses about 85 % active, 10 % suspended, 5 % pending.
    fn profile(&mut self, n: u64) -> Profile {
        let first = self.pick(FIRST_NAMES);
        let last = if n % RARE_EVERY == RARE_EVERY - 1 {
            RARE_SURNAME
        } else {
            self.pick(LAST_NAMES)
        };
        let domain = self.pick(DOMAINS);
        let prefix = self.pick(MOBILE_PREFIXES);
        let line = self.rng.random_range(0..1_000_000);
        let status = match self.rng.random_range(0..100) {
            0..85 => CustomerStatus::Active,
            85..95 => CustomerStatus::Suspended,
            _ => CustomerStatus::Pending,
        };
        let street_number = self.rng.random_range(1..400);
        let street = self.pick(STREETS);
        let town = self.pick(TOWNS);
        let (package, price) = self.pick(PACKAGES);
        // Pending customers signed up lately and wait for installation; suspended ones have
        // been customers long enough to fall behind. Neither has service to use.
        let join_date = match status {
            CustomerStatus::Pending => self.ago(0, 21),
            CustomerStatus::Suspended => self.ago(60, 3 * 365),
            CustomerStatus::Active => self.ago(0, 3 * 365),
        };
        let usage = match status {
            CustomerStatus::Active => self.rng.random_range(0..=100),
            _ => 0,
        };
        let devices = match status {
            CustomerStatus::Pending => 0,
            _ => self.rng.random_range(1..=8),
        };
        Profile {
            first,
            last,
            domain,
            prefix,
            line,
            status,
            street_number,
            street,
            town,
            package,
            price,
            usage,
            devices,
            join_date,
        }
    }

    /// The last few monthly invoices and what was paid for them. Active customers mostly pay,
    /// a few pay ahead; most suspended ones owe their latest invoice (and the one before when
    /// the latest is not yet due, so that one is overdue); pending ones owe the first invoice
    /// or have none yet.
    fn bill(&mut self, story: &mut Story) {
        let (status, join, price) = (
            story.profile.status,
            story.profile.join_date,
            story.profile.price,
        );
        let latest = (self.now - join).num_seconds() / BILLING_PERIOD;
        let issued = |k: i64| join + Duration::seconds(k * BILLING_PERIOD);
        let kept = match status {
            CustomerStatus::Pending => i64::from(self.chance(0.75)),
            CustomerStatus::Active => self.rng.random_range(1..=3),
            CustomerStatus::Suspended => self.rng.random_range(2..=4),
        };
        let unpaid_from = if status != CustomerStatus::Suspended || !self.chance(0.85) {
            latest + 1
        } else if issued(latest) + Duration::seconds(DUE_AFTER) < self.now {
            latest
        } else {
            latest - 1
        };
        for k in (latest + 1 - kept).max(0)..=latest {
            let issued = issued(k);
            let due = issued + Duration::seconds(DUE_AFTER);
            let outcome = match status {
                CustomerStatus::Pending => Outcome::Unpaid,
                CustomerStatus::Suspended if k >= unpaid_from => Outcome::Unpaid,
                CustomerStatus::Suspended => Outcome::Paid,
                CustomerStatus::Active if self.chance(0.02) => Outcome::Cancelled,
                CustomerStatus::Active => {
                    let pays = if due < self.now { 0.96 } else { 0.55 };
                    if self.chance(pays) {
                        Outcome::Paid
                    } else {
                        Outcome::Unpaid
                    }
                }
            };
            self.invoice(story, k, issued, outcome);
        }
        let settled = !story.invoices.is_empty() && story.balance() == 0;
        if status == CustomerStatus::Active && settled && self.chance(0.06) {
            // Paid after the latest invoice, ahead of the next.
            let since = story.invoices.last().map_or(join, |i| i.issued);
            let payment = self.payment(None, price, PaymentStatus::Completed, since, self.now);
            story.payments.push(payment);
        }
    }

    /// Invoice k of a story (the first adds installation; some add days of a speed boost, which
    /// is where amounts get cents), with its payments.
    fn invoice(&mut self, story: &mut Story, k: i64, issued: DateTime<Utc>, outcome: Outcome) {
        let (mut amount, mut notes) = (story.profile.price, None);
        if k == 0 {
            amount += INSTALLATION;
            notes = Some("First month and installation".to_owned());
        } else if self.chance(0.1) {
            let days = self.rng.random_range(1..30);
            amount += by_the_day(BOOST_PER_MONTH, days);
            notes = Some(format!("Includes {days} days of speed boost"));
        }
        let index = Some(story.invoices.len());
        let due = issued + Duration::seconds(DUE_AFTER);
        let paid_by = (issued + Duration::seconds(PAID_WITHIN)).min(self.now);
        let (status, paid) = match outcome {
            Outcome::Paid => {
                let paid = self.between(issued, paid_by);
                // Now and then an M-Pesa request fails before the one that goes through.
                if self.chance(0.05) {
                    let failed = self.payment(index, amount, PaymentStatus::Failed, issued, paid);
                    story.payments.push(failed);
                }
                let payment = self.payment(index, amount, PaymentStatus::Completed, paid, paid);
                story.payments.push(payment);
                (InvoiceStatus::Paid, Some(paid))
            }
            Outcome::Unpaid => {
                if self.chance(0.1) {
                    // Sent, not yet confirmed.
                    let since = issued.max(self.now - Duration::days(2));
                    let pending =
                        self.payment(index, amount, PaymentStatus::Pending, since, self.now);
                    story.payments.push(pending);
                } else if self.chance(0.05) {
                    let failed =
                        self.payment(index, amount, PaymentStatus::Failed, issued, self.now);
                    story.payments.push(failed);
                }
                let status = if due < self.now {
                    InvoiceStatus::Overdue
                } else {
                    InvoiceStatus::Pending
                };
                (status, None)
            }
            Outcome::Cancelled => {
                // Billed in error; some had paid already and got the money back.
                if self.chance(0.4) {
                    let refund =
                        self.payment(index, amount, PaymentStatus::Refunded, issued, paid_by);
                    story.payments.push(refund);
                }
                (InvoiceStatus::Cancelled, None)
            }
        };
        story.invoices.push(StoryInvoice {
            issued,
            amount,
            status,
            due,
            paid,
            notes,
        });
    }

    /// A payment of `amount` dated from `from` to `to`.
    fn payment(
        &mut self,
        invoice: Option<usize>,
        amount: i64,
        status: PaymentStatus,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> StoryPayment {
        StoryPayment {
            invoice,
            amount,
            method: self.pick(METHODS),
            status,
            date: self.between(from, to),
        }
    }

    /// Tickets of the last 90 days (since joining), resolved within 10 days unless still open.
    /// Suspended customers ask more often.
    fn support(&mut self, story: &mut Story) {
        let asks = match story.profile.status {
            CustomerStatus::Active => 0.12,
            CustomerStatus::Suspended => 0.3,
            CustomerStatus::Pending => 0.1,
        };
        let count = match (self.chance(asks), self.chance(0.2)) {
            (false, _) => 0,
            (true, false) => 1,
            (true, true) => 2,
        };
        for _ in 0..count {
            let since = story.profile.join_date.max(self.now - Duration::days(90));
            let opened = self.between(since, self.now);
            let subject = self.pick(TICKET_SUBJECTS);
            let priority = match self.rng.random_range(0..20) {
                0..6 => TicketPriority::Low,
                6..15 => TicketPriority::Medium,
                15..19 => TicketPriority::High,
                _ => TicketPriority::Critical,
            };
            let resolved = opened + Duration::seconds(self.rng.random_range(3_600..=10 * DAY));
            let done = self.chance(0.5);
            let (status, resolved) = match (resolved <= self.now, done) {
                (true, true) => (TicketStatus::Closed, Some(resolved)),
                (true, false) => (TicketStatus::Resolved, Some(resolved)),
                (false, true) => (TicketStatus::InProgress, None),
                (false, false) => (TicketStatus::Open, None),
            };
            story.tickets.push(StoryTicket {
                opened,
                subject,
                status,
                priority,
                resolved,
            });
        }
    }
}

/// `monthly` cents for `days` of a 30-day month, rounded half away from zero to the cent.
fn by_the_day(monthly: i64, days: i64) -> i64 {
    let exact = Decimal::new(monthly * days, 2) / Decimal::from(30);
    let rounded = exact.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    Money::from_decimal("amount", rounded)
        .expect("a few days of a boost is a small amount")
        .cents()
}

fn money(cents: i64) -> Money {
    Money::from_cents(cents).expect("a few months of invoices are within range")
}

/// A deterministic generator: the same seed gives the same customers, and customer n the same
/// story whether drawn alone or in sequence.
pub struct Generator {
    seed: u64,
    next: u64,
    now: DateTime<Utc>,
    /// For the single records below, which belong to no story.
    rng: SmallRng,
}

impl Generator {
    pub fn new(seed: u64, now: DateTime<Utc>) -> Self {
        Self {
            seed,
            next: 0,
            now,
            rng: SmallRng::seed_from_u64(seed),
        }
    }

    /// Customer n's story, from a seed of its own.
    fn story(&self, n: u64) -> Story {
        // An odd multiplier makes n ↦ seed of n one-to-one within a generator.
        let seed = self.seed ^ n.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let mut draw = Draw {
            rng: SmallRng::seed_from_u64(seed),
            now: self.now,
        };
        let mut story = Story {
            profile: draw.profile(n),
            invoices: Vec::new(),
            payments: Vec::new(),
            tickets: Vec::new(),
        };
        draw.bill(&mut story);
        draw.support(&mut story);
        story
    }

    fn new_customer(n: u64, story: &Story) -> NewCustomer {
        let p = &story.profile;
        // Generated values are valid by construction; the parsers still check them.
        let mut new = NewCustomer::new(
            CustomerName::parse(&format!("{} {}", p.first, p.last))
                .expect("generated names are valid"),
            Email::parse(&format!(
                "{}.{}{n}@{}",
                p.first.to_lowercase(),
                p.last.to_lowercase(),
                p.domain
            ))
            .expect("generated emails are valid"),
            Phone::from_e164(&format!("+254{}{:06}", p.prefix, p.line))
                .expect("generated phones are E.164"),
        );
        new.address =
            Address::parse_optional(&format!("{} {}, {}", p.street_number, p.street, p.town))
                .expect("generated addresses are valid");
        new.status = p.status;
        new.package = Package::parse(p.package).expect("generated packages are valid");
        new.balance = money(story.balance());
        new.usage_percentage = UsagePercentage::new(p.usage).expect("0..=100");
        new.device_count = DeviceCount::new(p.devices).expect("0..=8");
        new.join_date = Some(p.join_date);
        new.last_payment_date = story.last_payment();
        new
    }

    /// The next customer, its balance and last payment summed from its story; emails unique
    /// within one generator. Stored without its records (as the benchmarks do), the row still
    /// reads like a real one; [`load`] stores the records too.
    pub fn customer(&mut self) -> NewCustomer {
        let n = self.next;
        self.next += 1;
        Self::new_customer(n, &self.story(n))
    }

    pub fn customers(&mut self, count: usize) -> Vec<NewCustomer> {
        (0..count).map(|_| self.customer()).collect()
    }

    fn price(&mut self) -> Money {
        money(PACKAGES[self.rng.random_range(0..PACKAGES.len())].1)
    }

    /// One invoice issued at the generator's now, for trying the record operations: paid on
    /// the spot, pending, or cancelled (it cannot be overdue on the day it is issued).
    pub fn invoice(&mut self, number: u64) -> NewInvoice {
        let status = match self.rng.random_range(0..10) {
            0..6 => InvoiceStatus::Paid,
            6..9 => InvoiceStatus::Pending,
            _ => InvoiceStatus::Cancelled,
        };
        NewInvoice {
            number: format!("INV-{number:07}"),
            amount: self.price(),
            status,
            due_date: self.now + Duration::seconds(DUE_AFTER),
            paid_date: (status == InvoiceStatus::Paid).then_some(self.now),
            notes: None,
        }
    }

    /// One payment made at the generator's now, for no invoice.
    pub fn payment(&mut self, number: u64) -> NewPayment {
        let status = match self.rng.random_range(0..20) {
            0..17 => PaymentStatus::Completed,
            17 => PaymentStatus::Pending,
            18 => PaymentStatus::Failed,
            _ => PaymentStatus::Refunded,
        };
        NewPayment {
            invoice_id: None,
            amount: self.price(),
            method: METHODS[self.rng.random_range(0..METHODS.len())].to_owned(),
            status,
            transaction_id: Some(format!("QX{number:08}")),
            payment_date: self.now,
        }
    }

    /// One ticket opened at the generator's now; a resolved one was resolved on the call.
    pub fn ticket(&mut self, number: u64) -> NewTicket {
        let (subject, category) = TICKET_SUBJECTS[self.rng.random_range(0..TICKET_SUBJECTS.len())];
        let status = [
            TicketStatus::Open,
            TicketStatus::InProgress,
            TicketStatus::Resolved,
            TicketStatus::Closed,
        ][self.rng.random_range(0..4)];
        let priority = [
            TicketPriority::Low,
            TicketPriority::Medium,
            TicketPriority::High,
        ][self.rng.random_range(0..3)];
        let resolved = matches!(status, TicketStatus::Resolved | TicketStatus::Closed);
        NewTicket {
            number: format!("TKT-{number:07}"),
            subject: subject.to_owned(),
            description: format!("{subject}. Customer called the desk."),
            status,
            priority,
            category: category.to_owned(),
            resolved_at: resolved.then_some(self.now),
            resolved_by: resolved.then(|| "support".to_owned()),
            resolution_note: resolved.then(|| "Resolved on call".to_owned()),
        }
    }
}

/// What `load` put in the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, ts_rs::TS)]
#[ts(export)]
pub struct DemoSummary {
    pub customers: usize,
    pub invoices: usize,
    pub payments: usize,
    pub tickets: usize,
}

/// Customers whose records are drawn and inserted together: bounds what a large load holds.
const RECORDS_ROUND: usize = 5_000;

/// A round of customers' records, ready to insert, numbered on from `summary`'s counts.
#[derive(Default)]
struct Records {
    invoices: Vec<Invoice>,
    payments: Vec<Payment>,
    tickets: Vec<Ticket>,
}

impl Records {
    fn add(&mut self, customer: CustomerId, story: Story, summary: &DemoSummary) {
        let first = self.invoices.len();
        for i in story.invoices {
            let number = summary.invoices + self.invoices.len() + 1;
            self.invoices.push(Invoice {
                id: InvoiceId::new(),
                customer_id: customer,
                number: format!("INV-{number:07}"),
                amount: money(i.amount),
                status: i.status,
                due_date: i.due,
                paid_date: i.paid,
                notes: i.notes,
                created_at: i.issued,
            });
        }
        for p in story.payments {
            let number = summary.payments + self.payments.len() + 1;
            self.payments.push(Payment {
                id: PaymentId::new(),
                customer_id: customer,
                invoice_id: p.invoice.map(|i| self.invoices[first + i].id),
                amount: money(p.amount),
                method: p.method.to_owned(),
                status: p.status,
                // Cash leaves no transaction id.
                transaction_id: (p.method != "cash").then(|| format!("QX{number:08}")),
                payment_date: p.date,
                created_at: p.date,
                desk: None,
            });
        }
        for t in story.tickets {
            let number = summary.tickets + self.tickets.len() + 1;
            let (subject, category) = t.subject;
            self.tickets.push(Ticket {
                id: TicketId::new(),
                customer_id: customer,
                number: format!("TKT-{number:07}"),
                subject: subject.to_owned(),
                description: format!("{subject}. Customer called the desk."),
                status: t.status,
                priority: t.priority,
                category: category.to_owned(),
                resolved_at: t.resolved,
                resolved_by: t.resolved.map(|_| "support".to_owned()),
                resolution_note: t.resolved.map(|_| "Resolved on call".to_owned()),
                created_at: t.opened,
                opened_by: None,
            });
        }
    }
}

/// Loads `count` demo customers with their invoices, payments and tickets, in one transaction:
/// the customers in bulk, then their records drawn again from the same stories, many rows per
/// statement.
pub async fn load(
    store: &Store,
    seed: u64,
    count: usize,
    progress: impl FnMut(ImportProgress),
) -> Result<DemoSummary> {
    let now = store.now();
    let mut generator = Generator::new(seed, now);
    let customers = generator.customers(count);
    let actor = Actor::new("demo");
    let mut tx = store.begin().await?;
    let created = crate::bulk::import(&mut tx, now, &actor, &customers, progress).await?;
    drop(customers);
    let mut summary = DemoSummary {
        customers: created.len(),
        ..DemoSummary::default()
    };
    // The import keeps the order it was given: created[n] is customer n.
    for (round, chunk) in created.chunks(RECORDS_ROUND).enumerate() {
        let mut records = Records::default();
        for (i, customer) in chunk.iter().enumerate() {
            let n = (round * RECORDS_ROUND + i) as u64;
            records.add(customer.id, generator.story(n), &summary);
        }
        related::insert_invoices(&mut tx, &records.invoices).await?;
        related::insert_payments(&mut tx, &records.payments).await?;
        related::insert_tickets(&mut tx, &records.tickets).await?;
        summary.invoices += records.invoices.len();
        summary.payments += records.payments.len();
        summary.tickets += records.tickets.len();
    }
    tx.commit().await?;
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;
    use infora_domain::PhoneRegion;

    #[test]
    fn every_mobile_prefix_is_a_valid_kenyan_number() {
        for prefix in MOBILE_PREFIXES {
            let raw = format!("0{prefix}123456");
            assert!(
                Phone::parse(&raw, PhoneRegion::kenya()).is_ok(),
                "{raw} must be a valid Kenyan number"
            );
        }
    }

    #[test]
    fn statuses_follow_the_85_10_5_split() {
        let mut generator = Generator::new(7, Utc::now());
        let customers = generator.customers(10_000);
        let share = |s| customers.iter().filter(|c| c.status == s).count() as f64 / 100.0;
        assert!((82.0..88.0).contains(&share(CustomerStatus::Active)));
        assert!((8.0..12.0).contains(&share(CustomerStatus::Suspended)));
        assert!((3.5..6.5).contains(&share(CustomerStatus::Pending)));
        // At most four months of the dearest package and a boost; at most a month paid ahead.
        assert!(customers
            .iter()
            .all(|c| (-kes(12_000)..=kes(60_000)).contains(&c.balance.cents())));
    }

    #[test]
    fn a_customer_drawn_alone_is_the_one_drawn_in_sequence() {
        // `load` relies on this: it draws the rows in sequence, then each story again alone.
        let generator = Generator::new(3, Utc::now());
        let in_sequence = Generator::new(3, generator.now).customers(40);
        for n in [0, 17, 39] {
            let story = generator.story(n);
            assert_eq!(Generator::new_customer(n, &story), in_sequence[n as usize]);
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_customers() {
        let now = Utc::now();
        let a = Generator::new(1, now).customers(50);
        let b = Generator::new(1, now).customers(50);
        assert_eq!(a, b);
    }
}
