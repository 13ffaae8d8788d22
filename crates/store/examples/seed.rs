//! Fills a store file with demo customers: `cargo run --release -p infora-store --example seed
//! -- PATH COUNT`. For trying the app, or queries, on a store of real size.

use infora_store::{demo, Store};
use std::time::Instant;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: seed PATH COUNT")?;
    let count: usize = args.next().ok_or("usage: seed PATH COUNT")?.parse()?;
    let store = Store::open(&path).await?;
    let start = Instant::now();
    let summary = demo::load(&store, 42, count, |p| {
        if p.done % 100_000 == 0 || p.done == p.total {
            eprintln!("{} / {}", p.done, p.total);
        }
    })
    .await?;
    eprintln!("{summary:?} in {:.1} s", start.elapsed().as_secs_f64());
    store.close().await;
    Ok(())
}
