//! What every store bench shares: timing an operation many times, printing one line per
//! figure, `figure rows median_ms p95_ms note`, and (in `seed`) the seeded stores kept between
//! runs.
// Each bench uses its own part of this.
#![allow(dead_code)]

pub mod seed;

use std::time::{Duration, Instant};

pub fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1e3
}

pub struct Row<'a> {
    pub figure: &'a str,
    pub rows: usize,
}

impl Row<'_> {
    pub fn header() {
        println!(
            "{:<24} {:>8} {:>10} {:>10}  note",
            "figure", "rows", "median_ms", "p95_ms"
        );
    }

    pub fn print(&self, samples: &mut [Duration], note: &str) {
        samples.sort();
        println!(
            "{:<24} {:>8} {:>10.3} {:>10.3}  {}",
            self.figure,
            self.rows,
            percentile(samples, 0.5),
            percentile(samples, 0.95),
            note
        );
    }
}

/// Runs `op` `n` times (after 3 warm-ups) and returns the durations.
pub async fn time<F, Fut, T>(n: usize, mut op: F) -> (Vec<Duration>, T)
where
    F: FnMut(usize) -> Fut,
    Fut: std::future::Future<Output = T>,
{
    let mut last = None;
    for i in 0..3 {
        last = Some(op(i).await);
    }
    let mut samples = Vec::with_capacity(n);
    for i in 0..n {
        let start = Instant::now();
        let out = op(i + 3).await;
        samples.push(start.elapsed());
        last = Some(out);
    }
    (samples, last.expect("ran at least once"))
}
