//! Email delivery. Everything the product sends is first written to the
//! outbox table (in the same request that caused it), then this crate's
//! [`deliver`] loop hands unsent messages to an SMTP server and notes the
//! outcome. With no SMTP server configured nothing runs: messages wait in
//! the outbox, where admins read them in the pages and tests read them
//! through the API.

use std::sync::Arc;
use std::time::Duration;

use lettre::message::{Mailbox, header::ContentType};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use matchready_core::account::mail::OutboxEntry;
use matchready_store::Store;

/// A message is tried this many times, then left for an admin to see.
pub const MAX_ATTEMPTS: i64 = 5;

/// Why the mailer could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// The SMTP URL could not be used.
    #[error(
        "the SMTP URL cannot be used ({0}); write smtp://HOST:PORT, smtp://USER:PASSWORD@HOST:587?tls=required or smtps://HOST"
    )]
    Url(String),
    /// The sender address could not be used.
    #[error("'{0}' is not a sender address; write it as MatchReady <noreply@example.org> or noreply@example.org")]
    From(String),
}

/// Sends outbox messages through one SMTP server.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl Mailer {
    /// A mailer for `url` (`smtp://` plain or STARTTLS with `?tls=required`, `smtps://` TLS), sending as `from`.
    /// Call it inside the Tokio runtime (its connection pool lives there).
    pub fn new(url: &str, from: &str) -> Result<Self, MailError> {
        let from = from.parse::<Mailbox>().map_err(|_| MailError::From(from.to_string()))?;
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| MailError::Url(e.to_string()))?
            .timeout(Some(Duration::from_secs(20)))
            .build();
        Ok(Self { transport, from })
    }

    /// Sends one message; the error says why not.
    pub async fn send(&self, entry: &OutboxEntry) -> Result<(), String> {
        let to = entry.to.parse::<Mailbox>().map_err(|e| format!("bad recipient: {e}"))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(entry.subject.clone())
            .header(ContentType::TEXT_PLAIN)
            .body(entry.body.clone())
            .map_err(|e| format!("could not build the message: {e}"))?;
        self.transport.send(message).await.map(|_| ()).map_err(|e| e.to_string())
    }
}

/// Sends what is waiting in the outbox once; returns how many were sent.
pub async fn deliver_once(store: &dyn Store, mailer: &Mailer, now: impl Fn() -> i64) -> usize {
    let pending = match store.unsent_emails(50, MAX_ATTEMPTS).await {
        Ok(p) => p,
        Err(e) => {
            tracing::error!(error = %e, "could not read the outbox");
            return 0;
        }
    };
    let mut sent = 0;
    for entry in pending {
        let outcome = mailer.send(&entry).await.map(|()| now());
        match &outcome {
            Ok(_) => sent += 1,
            Err(e) => tracing::warn!(id = entry.id, error = %e, "email not sent"),
        }
        if let Err(e) = store.mark_email(entry.id, outcome).await {
            tracing::error!(id = entry.id, error = %e, "could not note an email's delivery");
        }
    }
    sent
}

/// Delivers the outbox every `every`, until the task is dropped.
pub async fn deliver(store: Arc<dyn Store>, mailer: Mailer, every: Duration) {
    let mut tick = tokio::time::interval(every);
    loop {
        tick.tick().await;
        deliver_once(store.as_ref(), &mailer, || {
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
        })
        .await;
    }
}
