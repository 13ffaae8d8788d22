//! How an error crosses to the UI: `{code, message, fields}` with a closed set of codes.

use infora_domain::FieldError;
use infora_store::{Error, ErrorCode};
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct CommandError {
    code: ErrorCode,
    message: String,
    fields: Vec<FieldError>,
}

impl From<Error> for CommandError {
    fn from(error: Error) -> Self {
        let fields = match &error {
            Error::Validation(errors) => errors.fields().to_vec(),
            _ => Vec::new(),
        };
        let message = match &error {
            // The details are in the log; the person at the counter gets what to do.
            Error::Internal(_) => "Something went wrong in the local store. Try again; if it keeps happening, restart Infora Desk.".to_owned(),
            other => other.to_string(),
        };
        Self {
            code: error.code(),
            message,
            fields,
        }
    }
}
