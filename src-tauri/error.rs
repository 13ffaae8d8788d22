//! How an error crosses to the UI: `{code, message, fields}` with a closed set of codes.

use infora_domain::{FieldError, ValidationErrors};
use infora_store::{Error, ErrorCode};
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Serialize, TS)]
#[ts(export)]
pub struct CommandError {
    pub code: ErrorCode,
    pub message: String,
    /// For `validation`: each field at fault and why.
    pub fields: Vec<FieldError>,
}

impl From<Error> for CommandError {
    fn from(error: Error) -> Self {
        let fields = match &error {
            Error::Validation(errors) => errors.fields().to_vec(),
            _ => Vec::new(),
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
