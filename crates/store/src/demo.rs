//! Realistic demo and test data: Kenyan customers of a WiFi/ISP business with their invoices,
//! payments and tickets. Deterministic for a seed, so tests and benchmarks are repeatable.

use crate::{related, Actor, ImportProgress, Result, Store};
use chrono::{DateTime, Duration, Utc};
use infora_domain::{
    Address, CustomerName, CustomerStatus, DeviceCount, Email, InvoiceStatus, Money, NewCustomer,
    NewInvoice, NewPayment, NewTicket, Package, PaymentStatus, Phone, TicketPriority, TicketStatus,
    UsagePercentage,
};
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};

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

const PACKAGES: &[&str] = &[
    "Basic WiFi",
    "Home 10 Mbps",
    "Home 20 Mbps",
    "Family 30 Mbps",
    "Business 50 Mbps",
    "Premium 100 Mbps",
    "Student 5 Mbps",
];

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

/// A deterministic generator: the same seed gives the same customers.
pub struct Generator {
    rng: SmallRng,
    next: u64,
    now: DateTime<Utc>,
}

impl Generator {
    pub fn new(seed: u64, now: DateTime<Utc>) -> Self {
        Self {
            rng: SmallRng::seed_from_u64(seed),
            next: 0,
            now,
        }
    }

    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.rng.random_range(0..from.len())]
    }

    fn past(&mut self, max_days: i64) -> DateTime<Utc> {
        self.now - Duration::seconds(self.rng.random_range(0..max_days * 86_400))
    }

    fn money(&mut self, max_units: i64) -> Money {
        Money::from_cents(self.rng.random_range(0..=max_units * 100)).unwrap_or(Money::ZERO)
    }

    /// The next customer: statuses about 85 % active, 10 % suspended, 5 % pending; 40 % owe a
    /// balance up to 20,000.00; emails unique within one generator.
    pub fn customer(&mut self) -> NewCustomer {
        let n = self.next;
        self.next += 1;
        let first = self.pick(FIRST_NAMES);
        let last = if n % RARE_EVERY == RARE_EVERY - 1 {
            RARE_SURNAME
        } else {
            self.pick(LAST_NAMES)
        };
        let domain = self.pick(DOMAINS);
        let prefix = self.pick(MOBILE_PREFIXES);
        let line: u32 = self.rng.random_range(0..1_000_000);
        let status = match self.rng.random_range(0..100) {
            0..85 => CustomerStatus::Active,
            85..95 => CustomerStatus::Suspended,
            _ => CustomerStatus::Pending,
        };
        let address = format!(
            "{} {}, {}",
            self.rng.random_range(1..400),
            self.pick(STREETS),
            self.pick(TOWNS)
        );
        let join_date = self.past(3 * 365);
        let paid_recently = self.rng.random_bool(0.7);
        let last_payment_date = paid_recently.then(|| self.past(60));
        let package = self.pick(PACKAGES);
        // Generated values are valid by construction; the parsers still check them.
        let mut new = NewCustomer::new(
            CustomerName::parse(&format!("{first} {last}")).expect("generated names are valid"),
            Email::parse(&format!(
                "{}.{}{n}@{domain}",
                first.to_lowercase(),
                last.to_lowercase()
            ))
            .expect("generated emails are valid"),
            Phone::from_e164(&format!("+254{prefix}{line:06}"))
                .expect("generated phones are E.164"),
        );
        new.address = Address::parse_optional(&address).expect("generated addresses are valid");
        new.status = status;
        new.package = Package::parse(package).expect("generated packages are valid");
        // Most customers are paid up; the rest owe up to 20,000.00.
        new.balance = if self.rng.random_bool(0.4) {
            self.money(20_000)
        } else {
            Money::ZERO
        };
        new.usage_percentage =
            UsagePercentage::new(self.rng.random_range(0..=100)).expect("0..=100");
        new.device_count = DeviceCount::new(self.rng.random_range(1..=8)).expect("1..=8");
        new.join_date = Some(join_date);
        new.last_payment_date = last_payment_date;
        new
    }

    pub fn customers(&mut self, count: usize) -> Vec<NewCustomer> {
        (0..count).map(|_| self.customer()).collect()
    }

    pub fn invoice(&mut self, number: u64) -> NewInvoice {
        let status = match self.rng.random_range(0..10) {
            0..6 => InvoiceStatus::Paid,
            6..8 => InvoiceStatus::Pending,
            8 => InvoiceStatus::Overdue,
            _ => InvoiceStatus::Cancelled,
        };
        let due_date = self.past(365);
        NewInvoice {
            number: format!("INV-{number:07}"),
            amount: self.money(10_000),
            status,
            due_date,
            paid_date: (status == InvoiceStatus::Paid).then(|| due_date - Duration::days(2)),
            notes: None,
        }
    }

    pub fn payment(&mut self, number: u64) -> NewPayment {
        let status = match self.rng.random_range(0..20) {
            0..17 => PaymentStatus::Completed,
            17 => PaymentStatus::Pending,
            18 => PaymentStatus::Failed,
            _ => PaymentStatus::Refunded,
        };
        NewPayment {
            invoice_id: None,
            amount: self.money(10_000),
            method: self.pick(METHODS).to_owned(),
            status,
            transaction_id: Some(format!("QX{number:08}")),
            payment_date: self.past(365),
        }
    }

    pub fn ticket(&mut self, number: u64) -> NewTicket {
        let (subject, category) = TICKET_SUBJECTS[self.rng.random_range(0..TICKET_SUBJECTS.len())];
        let status = *[
            TicketStatus::Open,
            TicketStatus::InProgress,
            TicketStatus::Resolved,
            TicketStatus::Closed,
        ]
        .get(self.rng.random_range(0..4))
        .unwrap_or(&TicketStatus::Open);
        let resolved = matches!(status, TicketStatus::Resolved | TicketStatus::Closed);
        NewTicket {
            number: format!("TKT-{number:07}"),
            subject: subject.to_owned(),
            description: format!("{subject}. Customer called the desk."),
            status,
            priority: *[
                TicketPriority::Low,
                TicketPriority::Medium,
                TicketPriority::High,
            ]
            .get(self.rng.random_range(0..3))
            .unwrap_or(&TicketPriority::Medium),
            category: category.to_owned(),
            resolved_at: resolved.then(|| self.past(30)),
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

/// Loads `count` demo customers, about a third of them with invoices, payments and tickets,
/// in one transaction.
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
    let mut summary = DemoSummary {
        customers: created.len(),
        ..DemoSummary::default()
    };
    let mut number = 0u64;
    for (i, customer) in created.iter().enumerate() {
        if i % 3 != 0 {
            continue;
        }
        for _ in 0..generator.rng.random_range(1..=3) {
            number += 1;
            let invoice =
                related::record_invoice(&mut tx, now, customer.id, &generator.invoice(number))
                    .await?;
            let mut payment = generator.payment(number);
            payment.invoice_id = Some(invoice.id);
            related::record_payment(&mut tx, now, customer.id, &payment).await?;
            summary.invoices += 1;
            summary.payments += 1;
        }
        if generator.rng.random_bool(0.4) {
            related::open_ticket(&mut tx, now, customer.id, &generator.ticket(number)).await?;
            summary.tickets += 1;
        }
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
        assert!(customers
            .iter()
            .all(|c| (0..=2_000_000).contains(&c.balance.cents())));
    }

    #[test]
    fn the_same_seed_gives_the_same_customers() {
        let now = Utc::now();
        let a = Generator::new(1, now).customers(50);
        let b = Generator::new(1, now).customers(50);
        assert_eq!(a, b);
    }
}
