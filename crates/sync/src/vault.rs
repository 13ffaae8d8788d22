//! Where the central system's tokens live between runs: the OS keychain (macOS Keychain,
//! Windows Credential Manager, the Secret Service on Linux), never the database, a file or a
//! log. [`MemoryVault`] stands in for tests and for a machine without a keychain (the user
//! then signs in at every start).
//!
//! The keychain's calls block (on Linux they wait on D-Bus), and on Linux they must not run on
//! an async task's thread: the Secret Service client (zbus) blocks on a tokio runtime of its
//! own, which tokio refuses to start inside another runtime's task. Run every [`TokenVault`]
//! call inside `tokio::task::spawn_blocking` (or on a thread of its own). Without a Secret
//! Service (a bare Linux box, CI), every call fails at once with [`VaultError::Unavailable`].

use crate::central::CentralUrl;
use crate::central::Tokens;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::Mutex;

/// The keychain service name Infora Desk's entries are filed under.
pub const SERVICE: &str = "ke.infora.desk";

/// Somewhere to keep one pair of tokens per account. Calls may block: see the module docs.
pub trait TokenVault: Send + Sync + 'static {
    /// The tokens saved for `account`, or `None` when there are none.
    fn load(&self, account: &str) -> Result<Option<Tokens>, VaultError>;
    /// Saves the tokens for `account`, replacing any saved before.
    fn save(&self, account: &str, tokens: &Tokens) -> Result<(), VaultError>;
    /// Forgets the tokens for `account`; forgetting what is not there is fine.
    fn clear(&self, account: &str) -> Result<(), VaultError>;
}

/// The vault account for a user on a server: `email@server`, e.g.
/// `agent@infora.ke@https://billing.example.co.ke`. The email is trimmed and lower-cased,
/// so the same user typed twice finds the same entry; central is part of the key because
/// one person may sign in to two servers (a test one and the real one).
pub fn account(email: &str, server: &CentralUrl) -> String {
    format!("{}@{server}", email.trim().to_lowercase())
}

/// What went wrong with the vault, in words a person can act on. Never holds a token.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VaultError {
    /// No keychain on this machine, or it could not be reached.
    #[error("the OS keychain is not available: {0}")]
    Unavailable(String),
    /// The keychain is there but refused access (locked, or access denied).
    #[error("the OS keychain refused access (is it locked?): {0}")]
    Refused(String),
    /// Something is saved but it is not tokens Infora Desk saved; signing in again replaces it.
    #[error("the sign-in saved in the OS keychain cannot be read: {0}")]
    Unreadable(String),
}

/// The two tokens as one secret, so they are saved and replaced together.
#[derive(Serialize, Deserialize)]
struct Secret {
    access: String,
    refresh: String,
}

fn encode(tokens: &Tokens) -> String {
    let secret = Secret {
        access: tokens.access.clone(),
        refresh: tokens.refresh.clone(),
    };
    // Two strings always serialise.
    serde_json::to_string(&secret).unwrap_or_default()
}

fn decode(text: &str) -> Result<Tokens, VaultError> {
    // serde_json's message could quote the secret, so it is not passed on.
    let secret: Secret = serde_json::from_str(text).map_err(|_| {
        VaultError::Unreadable("it is not in the form Infora Desk saves".to_owned())
    })?;
    Ok(Tokens {
        access: secret.access,
        refresh: secret.refresh,
    })
}

/// The OS keychain, through the `keyring` crate: one entry per account under [`SERVICE`],
/// holding both tokens as one JSON secret.
#[derive(Debug, Clone)]
pub struct Keychain {
    service: String,
}

impl Keychain {
    pub fn new() -> Self {
        Self::with_service(SERVICE)
    }

    /// Entries under another service name (for a test that must not touch the real ones).
    pub fn with_service(service: impl Into<String>) -> Self {
        Self {
            service: service.into(),
        }
    }

    fn entry(&self, account: &str) -> Result<keyring::Entry, VaultError> {
        keyring::Entry::new(&self.service, account).map_err(keychain_error)
    }
}

impl Default for Keychain {
    fn default() -> Self {
        Self::new()
    }
}

impl TokenVault for Keychain {
    fn load(&self, account: &str) -> Result<Option<Tokens>, VaultError> {
        match self.entry(account)?.get_password() {
            Ok(text) => decode(&text).map(Some),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(error) => Err(keychain_error(error)),
        }
    }

    fn save(&self, account: &str, tokens: &Tokens) -> Result<(), VaultError> {
        self.entry(account)?
            .set_password(&encode(tokens))
            .map_err(keychain_error)
    }

    fn clear(&self, account: &str) -> Result<(), VaultError> {
        match self.entry(account)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(error) => Err(keychain_error(error)),
        }
    }
}

/// keyring's error in our words. Its payloads are platform errors (no secrets), except
/// `BadEncoding`, whose bytes are the secret and are dropped here.
fn keychain_error(error: keyring::Error) -> VaultError {
    match error {
        keyring::Error::PlatformFailure(e) => VaultError::Unavailable(e.to_string()),
        keyring::Error::NoStorageAccess(e) => VaultError::Refused(e.to_string()),
        keyring::Error::BadEncoding(_) => {
            VaultError::Unreadable("the saved secret is not text".to_owned())
        }
        keyring::Error::Ambiguous(items) => VaultError::Unreadable(format!(
            "{} entries match this account; remove the extra ones in the keychain",
            items.len()
        )),
        keyring::Error::TooLong(name, limit) => VaultError::Unavailable(format!(
            "the keychain takes at most {limit} characters for {name}"
        )),
        keyring::Error::Invalid(name, reason) => {
            VaultError::Unavailable(format!("the keychain refused {name}: {reason}"))
        }
        keyring::Error::NoEntry => VaultError::Unreadable("nothing is saved".to_owned()),
        other => VaultError::Unavailable(other.to_string()),
    }
}

/// Tokens in memory only, gone when the app closes.
#[derive(Debug, Default)]
pub struct MemoryVault {
    entries: Mutex<HashMap<String, String>>,
}

impl MemoryVault {
    pub fn new() -> Self {
        Self::default()
    }

    fn entries(&self) -> std::sync::MutexGuard<'_, HashMap<String, String>> {
        // A panic elsewhere while holding the lock leaves a map that is still whole.
        self.entries.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl TokenVault for MemoryVault {
    fn load(&self, account: &str) -> Result<Option<Tokens>, VaultError> {
        self.entries()
            .get(account)
            .map(|text| decode(text))
            .transpose()
    }

    fn save(&self, account: &str, tokens: &Tokens) -> Result<(), VaultError> {
        self.entries().insert(account.to_owned(), encode(tokens));
        Ok(())
    }

    fn clear(&self, account: &str) -> Result<(), VaultError> {
        self.entries().remove(account);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn tokens(n: u8) -> Tokens {
        Tokens {
            access: format!("access-{n}"),
            refresh: format!("refresh-{n}"),
        }
    }

    #[test]
    fn memory_vault_saves_replaces_and_clears_per_account() {
        let vault = MemoryVault::new();
        assert_eq!(vault.load("a").unwrap(), None);
        vault.save("a", &tokens(1)).unwrap();
        vault.save("b", &tokens(2)).unwrap();
        vault.save("a", &tokens(3)).unwrap();
        assert_eq!(vault.load("a").unwrap(), Some(tokens(3)), "replaced");
        assert_eq!(vault.load("b").unwrap(), Some(tokens(2)), "kept apart");
        vault.clear("a").unwrap();
        vault.clear("a").unwrap();
        assert_eq!(vault.load("a").unwrap(), None, "cleared, twice is fine");
    }

    #[test]
    fn the_account_names_user_and_server() {
        let server = CentralUrl::parse("https://billing.example.co.ke/api/").unwrap();
        assert_eq!(
            account(" Agent@Infora.KE ", &server),
            "agent@infora.ke@https://billing.example.co.ke"
        );
    }

    #[test]
    fn an_unreadable_secret_is_reported_without_its_text() {
        let error = decode(r#""access-token-text""#).unwrap_err();
        assert!(matches!(error, VaultError::Unreadable(_)));
        assert!(!error.to_string().contains("access-token-text"), "{error}");
    }

    #[test]
    fn keyring_errors_never_carry_the_secret() {
        let error = keychain_error(keyring::Error::BadEncoding(b"secret-bytes".to_vec()));
        assert!(!error.to_string().contains("secret-bytes"), "{error}");
    }
}
