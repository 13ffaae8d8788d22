//! What belongs to a whole round (one push, then one pull) rather than to either half: why a
//! round stops early, and the points where a test may stop it as a crash would.

use crate::central::ApiError;
use crate::session::{SessionError, StoreFailure};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

/// Why a push stopped before the queue was empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stop {
    /// No connection: everything waits for the next round.
    Offline(String),
    /// 402: the operator's subscription; nothing is sent until it is settled.
    Paused(String),
    /// The session ended.
    SignIn(String),
    /// Not signed in.
    SignedOut,
    /// The local store failed.
    Store(StoreFailure),
}

impl From<infora_store::Error> for Stop {
    fn from(e: infora_store::Error) -> Self {
        Self::Store(e.into())
    }
}

impl Stop {
    /// The stop a failed call means for the whole round (no connection, no session, paused,
    /// the store failing), or back the API error when it concerns this request only.
    pub(crate) fn of(error: SessionError) -> Result<Self, ApiError> {
        Ok(match error {
            SessionError::SignedOut => Self::SignedOut,
            SessionError::Vault(e) => Self::SignIn(e.to_string()),
            SessionError::Store(e) => Self::Store(e),
            SessionError::Api(api) => match api {
                ApiError::SignInAgain { message } => Self::SignIn(message),
                ApiError::WrongCredentials => Self::SignIn(api.to_string()),
                ApiError::Paused { message } => Self::Paused(message),
                ApiError::Network { .. } => Self::Offline(api.to_string()),
                other => return Err(other),
            },
        })
    }
}

/// A point in a round where a test may stop the engine, as a crash would.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Step {
    /// An outbox entry is about to be marked in flight and sent.
    PushBeforeRequest,
    /// A payment's write to central is aimed (committed) and about to be sent.
    PushAimed,
    /// Central answered (or the answer was lost), and nothing is committed yet.
    PushAfterAnswer,
    /// A pull is about to ask for its first page.
    PullBeforeRequest,
    /// A page arrived and is not yet written.
    PullAfterAnswer,
}

type Hook = dyn Fn(Step) -> Pin<Box<dyn Future<Output = ()> + Send>> + Send + Sync;

/// Where the engine reports each [`Step`]: nothing in the app, a test's hook in tests.
#[derive(Clone, Default)]
pub struct Probe(Option<Arc<Hook>>);

impl Probe {
    pub fn new(
        hook: impl Fn(Step) -> Pin<Box<dyn Future<Output = ()> + Send>> + Send + Sync + 'static,
    ) -> Self {
        Self(Some(Arc::new(hook)))
    }

    pub(crate) async fn reached(&self, step: Step) {
        if let Some(hook) = &self.0 {
            hook(step).await;
        }
    }
}
