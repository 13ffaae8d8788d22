//! The store's one error type, in the words the UI and the sync engine act on.

use infora_domain::{CustomerId, Email, FieldError, Forbidden, Rule, ValidationErrors};
use serde::Serialize;
use ts_rs::TS;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input broke a rule; nothing was written.
    #[error("invalid input: {0}")]
    Validation(#[from] ValidationErrors),

    #[error("{what} {id} does not exist")]
    NotFound { what: &'static str, id: String },

    /// The input is valid but clashes with what is stored; nothing was written.
    #[error(transparent)]
    Clash(#[from] Clash),

    /// The operator's role does not allow it (a cashier voiding a payment); nothing was written.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),

    /// Sign-in refused: a wrong PIN, a wait after too many, or a deactivated operator. A wrong
    /// PIN is counted; nothing else is written.
    #[error(transparent)]
    SignIn(#[from] SignInRefused),

    /// Not the user's doing: a broken database, a failed migration, a bug. The details are for
    /// the log; the user is told something went wrong in the local store.
    #[error("local store failure: {0}")]
    Internal(String),
}

/// Why valid input cannot be applied to what is stored. (Not a sync conflict: that is
/// `sync::Conflict`, a field changed on the desk and on central.)
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Clash {
    #[error("the email {email} is already used by another customer")]
    EmailTaken {
        email: String,
        /// The customer who has it, so a person can open them; none when an import repeats
        /// the email within itself.
        taken_by: Option<CustomerId>,
    },

    #[error(
        "this customer has {invoices} invoice(s), {payments} payment(s) and {tickets} ticket(s); \
         a customer with records cannot be deleted (suspend them instead)"
    )]
    HasRecords {
        invoices: u64,
        payments: u64,
        tickets: u64,
    },

    /// An outbox entry cannot be sent until something else is settled; the reason says what.
    #[error("{reason}")]
    Waiting { reason: String },

    #[error("No shift is open. Open a shift, with the cash in the drawer, before taking or voiding payments.")]
    NoOpenShift,

    #[error("A shift is already open (opened by {by}). Close it before opening another.")]
    ShiftOpen { by: String },

    #[error("This shift was closed with report {z_number}; a closed shift cannot change.")]
    ShiftClosed { z_number: String },

    #[error("The M-Pesa code {code} is already on receipt {receipt}.")]
    MpesaCodeUsed { code: String, receipt: String },

    #[error("Receipt {receipt} was already voided (void receipt {void_receipt}).")]
    AlreadyVoided {
        receipt: String,
        void_receipt: String,
    },

    /// Tickets pulled from central are changed there; only this desk's are changed here.
    #[error("This ticket came from the central system; change it there.")]
    CentralTicket,

    /// Payments pulled from central are central's records; only this desk's can be voided here.
    #[error(
        "Only payments taken at a desk can be voided here; this one came from the central system."
    )]
    NotVoidable,

    /// Operators are told apart by name on the lock screen.
    #[error("an operator named {name} already exists")]
    OperatorNameTaken { name: String },

    /// The change would leave the desk without an active supervisor.
    #[error(
        "{name} is the desk's last active supervisor: make another operator a supervisor first"
    )]
    LastSupervisor { name: String },

    /// Saved views are told apart by name in the views menu.
    #[error("a saved view named {name} already exists")]
    ViewNameTaken { name: String },

    /// The first supervisor is made once, on a desk without operators.
    #[error("this desk is already set up: sign in with your PIN")]
    DeskSetUp,
}

/// Why an operator could not sign in.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignInRefused {
    #[error("{}", wrong_pin(*tries_left, *wait_seconds))]
    WrongPin {
        /// Wrong PINs left before sign-in makes them wait.
        tries_left: u32,
        /// This wrong PIN started a wait of so many seconds.
        wait_seconds: Option<u64>,
    },

    #[error("Too many wrong PINs: wait {}, then try again.", wait_text(*wait_seconds))]
    Waiting { wait_seconds: u64 },

    #[error("{name} can no longer sign in at this desk; a supervisor can turn them back on.")]
    Inactive { name: String },
}

impl SignInRefused {
    /// How long sign-in is refused, when it is.
    pub fn wait_seconds(&self) -> Option<u64> {
        match self {
            Self::WrongPin { wait_seconds, .. } => *wait_seconds,
            Self::Waiting { wait_seconds } => Some(*wait_seconds),
            Self::Inactive { .. } => None,
        }
    }
}

fn wrong_pin(tries_left: u32, wait_seconds: Option<u64>) -> String {
    match (wait_seconds, tries_left) {
        (Some(wait), _) => format!(
            "Wrong PIN. Too many wrong PINs: wait {}, then try again.",
            wait_text(wait)
        ),
        (None, 1) => "Wrong PIN. One more try before a wait.".to_owned(),
        (None, left) => format!("Wrong PIN. {left} more tries before a wait."),
    }
}

/// "30 seconds", "1 minute", "15 minutes": minutes once the wait is over a minute and a half.
fn wait_text(seconds: u64) -> String {
    match seconds {
        1 => "1 second".to_owned(),
        0..=90 => format!("{seconds} seconds"),
        _ => format!("{} minutes", seconds.div_ceil(60)),
    }
}

impl Clash {
    /// The fields at fault, in the words of their rules, for a form to show at each field.
    pub fn fields(&self) -> Vec<FieldError> {
        match self {
            Self::EmailTaken { .. } => vec![Email::already_used()],
            Self::MpesaCodeUsed { receipt, .. } => vec![FieldError::new(
                "code",
                Rule::Unique,
                format!("is already on receipt {receipt}"),
            )],
            Self::OperatorNameTaken { .. } => vec![FieldError::new(
                "name",
                Rule::Unique,
                "is already used by another operator",
            )],
            Self::ViewNameTaken { .. } => vec![FieldError::new(
                "name",
                Rule::Unique,
                "is already used by another saved view",
            )],
            _ => Vec::new(),
        }
    }

    /// The other customer the input clashes with, if there is one to open.
    pub fn other_customer(&self) -> Option<CustomerId> {
        match self {
            Self::EmailTaken { taken_by, .. } => *taken_by,
            _ => None,
        }
    }
}

/// The closed set of error codes the UI switches on (never on message text).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ErrorCode {
    Validation,
    Unauthorized,
    NotFound,
    /// Valid, but clashes with what is stored (a taken email, a customer with records, an
    /// outbox entry that waits for something else).
    Clash,
    /// The central system could not be reached, or its keychain entry could not be used.
    Unavailable,
    /// The operator signed in may not do this (only a supervisor may), or nobody is signed in.
    Forbidden,
    Internal,
}

impl Error {
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::Validation(_) => ErrorCode::Validation,
            Self::NotFound { .. } => ErrorCode::NotFound,
            Self::Clash(_) => ErrorCode::Clash,
            Self::Forbidden(_) => ErrorCode::Forbidden,
            Self::SignIn(_) => ErrorCode::Unauthorized,
            Self::Internal(_) => ErrorCode::Internal,
        }
    }

    /// For a refused sign-in: how long it is refused, so a lock screen can count it down.
    pub fn wait_seconds(&self) -> Option<u64> {
        match self {
            Self::SignIn(refused) => refused.wait_seconds(),
            _ => None,
        }
    }

    pub(crate) fn customer_not_found(id: impl ToString) -> Self {
        Self::NotFound {
            what: "customer",
            id: id.to_string(),
        }
    }
}

impl From<sqlx::Error> for Error {
    fn from(error: sqlx::Error) -> Self {
        tracing::error!(%error, "database error");
        Self::Internal(error.to_string())
    }
}

impl From<sqlx::migrate::MigrateError> for Error {
    fn from(error: sqlx::migrate::MigrateError) -> Self {
        tracing::error!(%error, "migration failed");
        Self::Internal(format!("migration failed: {error}"))
    }
}

impl From<infora_domain::FieldError> for Error {
    fn from(error: infora_domain::FieldError) -> Self {
        Self::Validation(error.into())
    }
}
