//! Serving connections by hand, so a fault can hang up without answering.
//!
//! `axum::serve` always answers a request it has read. To drop a connection after (or instead
//! of) handling a request, each connection is served by hyper in a task that also waits on a
//! "hang up" signal; when a fault fires it, the task drops the connection and the socket closes
//! with no response written. Faults and recording live here, around the router, so the routes
//! stay the service's behaviour only.

use crate::fault::Fault;
use crate::record::Recorded;
use crate::reply;
use crate::routes;
use crate::state::Shared;
use axum::body::Body;
use axum::http::{header, Request, Response};
use axum::Router;
use http_body_util::BodyExt;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use std::convert::Infallible;
use std::sync::Arc;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{oneshot, Notify};
use tokio::task::JoinSet;
use tower::ServiceExt;

/// Accepts connections until `stop` fires (or its sender is dropped); then every open
/// connection is dropped with the task set.
pub(crate) async fn serve(
    listener: TcpListener,
    router: Router,
    shared: Shared,
    mut stop: oneshot::Receiver<()>,
) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            _ = &mut stop => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    connections.spawn(connection(stream, router.clone(), shared.clone()));
                }
                // A refused or reset accept concerns one client; keep serving the others.
                Err(error) => tracing::debug!(%error, "central double: accept failed"),
            },
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
}

async fn connection(stream: TcpStream, router: Router, shared: Shared) {
    let hang_up = Arc::new(Notify::new());
    let service = {
        let hang_up = hang_up.clone();
        service_fn(move |request| answer(request, router.clone(), shared.clone(), hang_up.clone()))
    };
    let served = http1::Builder::new().serve_connection(TokioIo::new(stream), service);
    tokio::select! {
        // A client that goes away mid-request is its own business, not the double's.
        _ = served => {}
        // Dropping the connection here closes the socket without writing a response.
        () = hang_up.notified() => {}
    }
}

async fn answer(
    request: Request<Incoming>,
    router: Router,
    shared: Shared,
    hang_up: Arc<Notify>,
) -> Result<Response<Body>, Infallible> {
    let (parts, body) = request.into_parts();
    // A body cut short by the client is recorded as what arrived.
    let body = body
        .collect()
        .await
        .map(|collected| collected.to_bytes())
        .unwrap_or_default();
    let fault = shared.with(|c| c.faults.take(parts.method.as_str(), parts.uri.path()));
    if let Some(fault) = &fault {
        tracing::debug!(?fault, method = %parts.method, path = parts.uri.path(), "central double: injecting fault");
    }
    let mut record = Recorded {
        method: parts.method.to_string(),
        path: parts.uri.path().to_owned(),
        query: parts.uri.query().map(str::to_owned),
        body: String::from_utf8_lossy(&body).into_owned(),
        authorization: parts
            .headers
            .get(header::AUTHORIZATION)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned()),
        fault: fault.clone(),
        status: None,
    };
    let request = Request::from_parts(parts, Body::from(body));
    let response = match fault {
        None => Some(route(router, request).await),
        Some(Fault::Status(code)) => Some(reply::injected_status(code)),
        Some(Fault::Delay(pause)) => {
            let response = route(router, request).await;
            tokio::time::sleep(pause).await;
            Some(response)
        }
        Some(Fault::ApplyThenDropResponse) => {
            // The change is made; the answer is thrown away with the connection.
            let _unsent = route(router, request).await;
            None
        }
        Some(Fault::DropConnection) => None,
    };
    record.status = response.as_ref().map(|r| r.status().as_u16());
    // Recorded before the answer leaves (or the line drops), so a test that has seen the
    // client's result always finds the request here.
    shared.with(|c| c.requests.push(record));
    match response {
        Some(response) => Ok(response),
        None => {
            hang_up.notify_one();
            std::future::pending().await
        }
    }
}

async fn route(router: Router, mut request: Request<Body>) -> Response<Body> {
    routes::without_trailing_slash(&mut request);
    match router.oneshot(request).await {
        Ok(response) => response,
        Err(never) => match never {},
    }
}
