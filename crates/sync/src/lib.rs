//! Sync between Infora Desk's local store and the central Infora API (CONTRACT.md part 2).
//!
//! - [`server`]: the central API's address, checked (https, except on loopback).
//! - [`vault`]: where the tokens live: the OS keychain, never the database or a file.
//! - [`central`]: the HTTP client, one method per route, every answer classified.
//! - [`remote`]: the server's customer JSON to domain values and back, never failing a page.
//! - [`session`]: sign-in, refresh, sign-out; every request on the user's behalf.
//! - [`push`] and [`pull`]: one direction each; [`engine`] runs them in rounds and reports.
//!
//! The store keeps the outbox, the conflicts and the bookkeeping (`infora_store::outbox`,
//! `infora_store::mirror`); this crate decides what to send and when.

pub mod central;
pub mod engine;
pub mod json;
pub mod pull;
pub mod push;
pub mod related;
pub mod remote;
pub mod server;
pub mod session;
pub mod vault;

pub use engine::{Options, Probe, RoundReport, SignInError, Step, SyncEngine, SyncStatus};
pub use session::{Account, Session, SessionError, StoreFailure};
