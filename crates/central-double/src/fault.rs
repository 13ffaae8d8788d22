//! Faults a test queues for the next requests that match a method and a path prefix.

use std::time::Duration;

/// What goes wrong with one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// The server does the work, then hangs up without answering: the change is stored but the
    /// client sees a network error, as when a response is lost on a bad line.
    ApplyThenDropResponse,
    /// The server answers this status with the service's `{"error": ...}` body and does
    /// nothing else (a crash, an overloaded proxy, a rate limit, a revoked session).
    Status(u16),
    /// The server does the work and answers normally, but only after this long. It applies
    /// before it waits, so a client that times out has still changed the server.
    Delay(Duration),
    /// The server hangs up as soon as the request has arrived and does nothing.
    DropConnection,
}

impl Fault {
    /// Aims this fault at the next request with `method` (e.g. `"POST"`) whose path starts with
    /// `path_prefix` (e.g. `"/api/customers"`, which also matches `/api/customers/7/status`).
    pub fn on(self, method: &str, path_prefix: &str) -> FaultRule {
        FaultRule {
            fault: self,
            method: method.to_ascii_uppercase(),
            path_prefix: path_prefix.to_owned(),
            remaining: 1,
        }
    }
}

/// A fault, the requests it is aimed at, and how many of them it still hits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FaultRule {
    fault: Fault,
    method: String,
    path_prefix: String,
    remaining: usize,
}

impl FaultRule {
    /// Hits the next `n` matching requests instead of only the next one.
    pub fn times(mut self, n: usize) -> Self {
        self.remaining = n;
        self
    }

    fn matches(&self, method: &str, path: &str) -> bool {
        self.remaining > 0 && self.method == method && path.starts_with(&self.path_prefix)
    }
}

/// The queue of rules, oldest first: a request takes the first rule that matches it.
#[derive(Debug, Default)]
pub(crate) struct Faults(Vec<FaultRule>);

impl Faults {
    pub(crate) fn push(&mut self, rule: FaultRule) {
        if rule.remaining > 0 {
            self.0.push(rule);
        }
    }

    /// The fault for this request, if any, using up one hit of its rule.
    pub(crate) fn take(&mut self, method: &str, path: &str) -> Option<Fault> {
        let index = self.0.iter().position(|r| r.matches(method, path))?;
        let rule = &mut self.0[index];
        rule.remaining -= 1;
        let fault = rule.fault.clone();
        if rule.remaining == 0 {
            self.0.remove(index);
        }
        Some(fault)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rule_hits_only_its_method_and_prefix_and_only_n_times() {
        let mut faults = Faults::default();
        faults.push(Fault::Status(503).on("post", "/api/customers").times(2));
        assert_eq!(
            faults.take("GET", "/api/customers"),
            None,
            "another method is spared"
        );
        assert_eq!(
            faults.take("POST", "/api/auth/login"),
            None,
            "another path is spared"
        );
        assert_eq!(
            faults.take("POST", "/api/customers/3/status"),
            Some(Fault::Status(503)),
            "a prefix match is hit, and the method is compared case-insensitively"
        );
        assert_eq!(
            faults.take("POST", "/api/customers"),
            Some(Fault::Status(503))
        );
        assert_eq!(
            faults.take("POST", "/api/customers"),
            None,
            "two hits, then spent"
        );
    }

    #[test]
    fn rules_are_used_oldest_first() {
        let mut faults = Faults::default();
        faults.push(Fault::DropConnection.on("PUT", "/api"));
        faults.push(Fault::Status(500).on("PUT", "/api"));
        assert_eq!(
            faults.take("PUT", "/api/customers/1"),
            Some(Fault::DropConnection)
        );
        assert_eq!(
            faults.take("PUT", "/api/customers/1"),
            Some(Fault::Status(500))
        );
    }

    #[test]
    fn a_rule_for_zero_requests_is_never_queued() {
        let mut faults = Faults::default();
        faults.push(Fault::Status(500).on("GET", "/").times(0));
        assert_eq!(faults.take("GET", "/api/customers"), None);
    }
}
