//! The central API's double as a process, for end-to-end tests of the real app window:
//!
//! ```text
//! central-double --user agent@infora.ke:secret [--port 0] [--tokens FILE]
//! ```
//!
//! Prints `listening http://127.0.0.1:PORT` once it accepts connections, then serves until
//! killed. With `--tokens FILE` it keeps FILE listing every token it has handed out (one per
//! line), so a test can look for them where the app must not keep them.

use infora_central_double::CentralDouble;
use std::io::Write;
use std::time::Duration;

fn usage() -> ! {
    eprintln!("usage: central-double --user EMAIL:PASSWORD [--tokens FILE]");
    std::process::exit(2)
}

#[tokio::main]
async fn main() {
    let mut users = Vec::new();
    let mut tokens_file = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--user" => match args
                .next()
                .and_then(|u| u.split_once(':').map(|(e, p)| (e.to_owned(), p.to_owned())))
            {
                Some(user) => users.push(user),
                None => usage(),
            },
            "--tokens" => tokens_file = Some(args.next().unwrap_or_else(|| usage())),
            _ => usage(),
        }
    }
    let central = CentralDouble::start().await;
    for (email, password) in &users {
        central.add_user(email, password);
    }
    println!("listening {}", central.base_url());
    let _ = std::io::stdout().flush();
    let mut written = 0;
    loop {
        tokio::time::sleep(Duration::from_millis(100)).await;
        if let Some(path) = &tokens_file {
            let tokens = central.issued_tokens();
            if tokens.len() != written {
                written = tokens.len();
                if let Err(e) = std::fs::write(path, tokens.join("\n")) {
                    eprintln!("central-double: cannot write {path}: {e}");
                }
            }
        }
    }
}
