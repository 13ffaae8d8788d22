//! How an error crosses to the UI: `{code, message, fields}` with a closed set of codes, and for a
//! clash with another customer, which one.

use infora_domain::{CustomerId, FieldError, ValidationErrors};
use infora_store::{Error, ErrorCode};
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Serialize, TS)]
#[ts(export)]
pub struct CommandError {
    pub code: ErrorCode,
    pub message: String,
    /// For `validation`: each field at fault and why. For a `clash` about one field (a taken
    /// email): that field, so a form shows it there.
    pub fields: Vec<FieldError>,
    /// For a `clash` with another customer (a taken email): that customer, so the window can
    /// offer to open them. Left out of every other error.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub other_customer: Option<CustomerId>,
    /// For a refused sign-in (`unauthorized`) after too many wrong PINs: the seconds to wait,
    /// so the lock screen can count them down. Left out of every other error.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub wait_seconds: Option<u64>,
}

impl CommandError {
    /// A write asked for while nobody is signed in.
    pub fn locked() -> Self {
        Self {
            code: ErrorCode::Forbidden,
            message: "The desk is locked: sign in with your PIN.".to_owned(),
            fields: Vec::new(),
            other_customer: None,
            wait_seconds: None,
        }
    }
}

impl From<Error> for CommandError {
    fn from(error: Error) -> Self {
        let wait_seconds = error.wait_seconds();
        let (fields, other_customer) = match &error {
            Error::Validation(errors) => (errors.fields().to_vec(), None),
            Error::Clash(clash) => (clash.fields(), clash.other_customer()),
            _ => (Vec::new(), None),
        };
        let message = match &error {
            // The details are in the log; the person at the counter gets what to do.
            Error::Internal(details) => {
                log::error!("internal error: {details}");
                "Something went wrong in the local store. Try again; if it keeps happening, restart Infora Desk."
                    .to_owned()
            }
            Error::Validation(_) => "Some fields need attention.".to_owned(),
            other => other.to_string(),
        };
        Self {
            code: error.code(),
            message,
            fields,
            other_customer,
            wait_seconds,
        }
    }
}

/// Input parsed at the edge of a command fails as a validation error, like the store's own.
impl From<ValidationErrors> for CommandError {
    fn from(errors: ValidationErrors) -> Self {
        Error::from(errors).into()
    }
}

impl From<FieldError> for CommandError {
    fn from(error: FieldError) -> Self {
        Error::from(error).into()
    }
}

/// A PDF that could not be made: the fonts built into the app are broken, which no retry
/// fixes. Not the store's doing, so it says so rather than blaming the local store.
impl From<infora_print::PrintError> for CommandError {
    fn from(error: infora_print::PrintError) -> Self {
        log::error!("could not make a PDF: {error}");
        Self {
            code: ErrorCode::Internal,
            message: "The PDF could not be made: the app's receipt font is damaged. Reinstall Infora Desk."
                .to_owned(),
            fields: Vec::new(),
            other_customer: None,
            wait_seconds: None,
        }
    }
}
