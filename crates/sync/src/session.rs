//! Who is signed in to which central system, and every request made on their behalf.
//!
//! The account (central's address and the email, not secret) is kept in the store's sync bookkeeping; the
//! tokens only in the [`TokenVault`] (the OS keychain) and in memory. A request that meets an
//! expired access token refreshes it once with the refresh token and tries again; when both
//! are refused the session ends and the user is asked to sign in again.

use crate::central::{ApiError, Central, CentralUrl, Tokens};
use crate::vault::{self, TokenVault, VaultError};
use infora_store::sync::Account;
use infora_store::Store;
use std::future::Future;
use std::sync::Arc;
use tokio::sync::Mutex;

/// Why a session call did not happen.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SessionError {
    #[error("Not signed in to the central system")]
    SignedOut,
    #[error(transparent)]
    Api(#[from] ApiError),
    #[error(transparent)]
    Vault(#[from] VaultError),
    #[error(transparent)]
    Store(#[from] StoreFailure),
}

/// The local store failed during sync: its error code kept (the window words a `not_found`
/// or a `clash` differently from an `internal`), with its message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct StoreFailure {
    pub code: infora_store::ErrorCode,
    pub message: String,
}

impl From<infora_store::Error> for StoreFailure {
    fn from(e: infora_store::Error) -> Self {
        Self {
            code: e.code(),
            message: e.to_string(),
        }
    }
}

impl From<infora_store::Error> for SessionError {
    fn from(e: infora_store::Error) -> Self {
        Self::Store(e.into())
    }
}

struct Live {
    account: Account,
    vault_account: String,
    central: Central,
    tokens: Tokens,
}

/// The signed-in session, shared by the engine and the app's commands.
#[derive(Clone)]
pub struct Session {
    store: Store,
    vault: Arc<dyn TokenVault>,
    live: Arc<Mutex<Option<Live>>>,
}

async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, VaultError> + Send + 'static,
) -> Result<T, VaultError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| VaultError::Unavailable(e.to_string()))?
}

impl Session {
    /// The session as it was left: signed in when the account is remembered and the vault
    /// still has its tokens.
    pub async fn restore(store: Store, vault: Arc<dyn TokenVault>) -> Result<Self, SessionError> {
        let session = Self {
            store,
            vault,
            live: Arc::new(Mutex::new(None)),
        };
        if let Some(account) = session.account().await? {
            if let Ok(server) = CentralUrl::parse(&account.central_url) {
                let key = vault::account(&account.email, &server);
                let vault = session.vault.clone();
                let lookup = key.clone();
                match blocking(move || vault.load(&lookup)).await {
                    Ok(Some(tokens)) => {
                        *session.live.lock().await = Some(Live {
                            central: Central::new(server).with_phone_region(session.store.region()),
                            account,
                            vault_account: key,
                            tokens,
                        });
                    }
                    Ok(None) => {}
                    // The app works without sync: the user is asked to sign in again.
                    Err(error) => tracing::warn!(%error, "the saved sign-in could not be read"),
                }
            }
        }
        Ok(session)
    }

    /// The account last signed in, even when its session has ended.
    pub async fn account(&self) -> Result<Option<Account>, SessionError> {
        Ok(self.store.sync_state().await?.account)
    }

    pub async fn is_signed_in(&self) -> bool {
        self.live.lock().await.is_some()
    }

    /// Signs in and keeps the tokens in the vault. Central address must be https (plain
    /// http only on this machine's loopback).
    pub async fn sign_in(
        &self,
        server: &CentralUrl,
        email: &str,
        password: &str,
    ) -> Result<Account, SessionError> {
        let central = Central::new(server.clone()).with_phone_region(self.store.region());
        let signed = central.login(email.trim(), password).await?;
        let name = format!("{} {}", signed.user.first_name, signed.user.last_name)
            .trim()
            .to_owned();
        let account = Account {
            central_url: server.to_string(),
            email: email.trim().to_lowercase(),
            name: if name.is_empty() {
                email.trim().to_owned()
            } else {
                name
            },
        };
        let key = vault::account(&account.email, server);
        let (vault, save_key, tokens) = (self.vault.clone(), key.clone(), signed.tokens.clone());
        blocking(move || vault.save(&save_key, &tokens)).await?;
        let signed_in = account.clone();
        self.store
            .update_sync_state(|state| state.account = Some(signed_in))
            .await?;
        *self.live.lock().await = Some(Live {
            account: account.clone(),
            vault_account: key,
            central,
            tokens: signed.tokens,
        });
        Ok(account)
    }

    /// Signs out: the tokens leave memory and the vault; the account is forgotten.
    pub async fn sign_out(&self) -> Result<(), SessionError> {
        let live = self.live.lock().await.take();
        let key = match live {
            Some(live) => Some(live.vault_account),
            None => self.account().await?.and_then(|a| {
                CentralUrl::parse(&a.central_url)
                    .ok()
                    .map(|s| vault::account(&a.email, &s))
            }),
        };
        if let Some(key) = key {
            let vault = self.vault.clone();
            blocking(move || vault.clear(&key)).await?;
        }
        self.store
            .update_sync_state(|state| state.account = None)
            .await?;
        Ok(())
    }

    /// Ends the session without forgetting who it was (the user is asked to sign in again).
    async fn expire(&self) {
        // Taken out first: the lock is not held across the keychain call.
        let live = self.live.lock().await.take();
        if let Some(live) = live {
            let vault = self.vault.clone();
            // Best effort: tokens central refuses are worth nothing to keep.
            let _ = blocking(move || vault.clear(&live.vault_account)).await;
        }
    }

    /// Runs `call` with the client and the access token. An expired token is refreshed once
    /// and the call repeated; if the refresh is refused too, the session ends.
    pub async fn call<T, F, Fut>(&self, call: F) -> Result<T, SessionError>
    where
        F: Fn(Central, String) -> Fut,
        Fut: Future<Output = Result<T, ApiError>>,
    {
        let (central, access, refresh) = {
            let live = self.live.lock().await;
            let live = live.as_ref().ok_or(SessionError::SignedOut)?;
            (
                live.central.clone(),
                live.tokens.access.clone(),
                live.tokens.refresh.clone(),
            )
        };
        match call(central.clone(), access).await {
            Err(ApiError::SignInAgain { .. }) => {}
            other => return Ok(other?),
        }
        let access = match central.refresh(&refresh).await {
            Ok(access) => access,
            Err(e @ ApiError::SignInAgain { .. }) => {
                self.expire().await;
                return Err(e.into());
            }
            Err(e) => return Err(e.into()),
        };
        // The keychain can be slow (a D-Bus round trip, an unlock prompt): no lock is held
        // across it. The new token is saved first, then taken into the session if that is
        // still the one it was refreshed for; a sign-out meanwhile wins, and what was just
        // saved is cleared again.
        let (key, tokens) = {
            let live = self.live.lock().await;
            let live = live.as_ref().ok_or(SessionError::SignedOut)?;
            let mut tokens = live.tokens.clone();
            tokens.access = access.clone();
            (live.vault_account.clone(), tokens)
        };
        let (vault, saved_key, saved) = (self.vault.clone(), key.clone(), tokens.clone());
        blocking(move || vault.save(&saved_key, &saved)).await?;
        let taken = match self.live.lock().await.as_mut() {
            Some(live) if live.vault_account == key => {
                live.tokens = tokens;
                true
            }
            _ => false,
        };
        if !taken {
            let vault = self.vault.clone();
            let _ = blocking(move || vault.clear(&key)).await;
            return Err(SessionError::SignedOut);
        }
        match call(central, access).await {
            Err(e @ ApiError::SignInAgain { .. }) => {
                self.expire().await;
                Err(e.into())
            }
            other => Ok(other?),
        }
    }

    /// The signed-in account, if the session is live.
    pub async fn live_account(&self) -> Option<Account> {
        self.live.lock().await.as_ref().map(|l| l.account.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_store_error_keeps_its_code_when_it_crosses_into_sync() {
        let missing = infora_store::Error::NotFound {
            what: "customer",
            id: "7".into(),
        };
        let SessionError::Store(failure) = SessionError::from(missing) else {
            panic!("a store error is a store failure");
        };
        assert_eq!(
            failure.code,
            infora_store::ErrorCode::NotFound,
            "not flattened to internal"
        );
        assert_eq!(failure.message, "customer 7 does not exist");
    }
}
