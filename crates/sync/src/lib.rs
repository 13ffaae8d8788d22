//! Sync between Infora Desk's local store and central, the central Infora API (CONTRACT.md
//! part 2). The store keeps what sync needs to remember (`infora_store::sync`: the outbox,
//! conflicts, rejects, the bookkeeping); this crate decides what to send and when.
//!
//! - [`central`]: central's address ([`central::url`]: https, except on loopback), its
//!   HTTP client (one method per route, every answer classified), and its customer JSON
//!   ([`central::customer`]) read into domain values and written back.
//! - [`vault`]: where the tokens live: the OS keychain, never the database or a file.
//! - [`session`]: sign-in, refresh, sign-out; every request on the user's behalf.
//! - [`push`] (desk → central) and [`pull`] (central → desk, with [`pull::related`]);
//!   [`round`] holds what belongs to a whole round (why it stops, where a test may stop it);
//!   [`engine`] runs rounds in the background and reports the status.

pub mod central;
pub mod engine;
pub mod pull;
pub mod push;
pub mod round;
pub mod session;
pub mod vault;

pub use engine::{Options, RoundReport, SignInError, SyncEngine, SyncStatus};
pub use round::{Probe, Step, Stop};
pub use session::{Session, SessionError, StoreFailure};
