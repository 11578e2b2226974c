//! Delivery through a real SMTP conversation: a small SMTP server in the
//! test (over TCP, speaking the protocol lettre speaks) receives what the
//! outbox holds; a server that is down leaves the message unsent with the
//! error noted. On SQLite and PostgreSQL.

use matchready_core::account::mail::Message;
use matchready_mail::{Mailer, deliver_once};
use matchready_store::testing::TestDb;
use matchready_store::{Store, connect};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use tokio::sync::mpsc;

/// Accepts SMTP sessions and sends each message's DATA down the channel.
async fn smtp_sink(listener: TcpListener, got: mpsc::UnboundedSender<String>) {
    while let Ok((socket, _)) = listener.accept().await {
        let got = got.clone();
        tokio::spawn(async move {
            let (read, mut write) = socket.into_split();
            let mut lines = BufReader::new(read).lines();
            write.write_all(b"220 sink ESMTP\r\n").await.ok();
            let mut data: Option<String> = None;
            while let Ok(Some(line)) = lines.next_line().await {
                if let Some(body) = data.as_mut() {
                    if line == "." {
                        got.send(std::mem::take(body)).ok();
                        data = None;
                        write.write_all(b"250 queued\r\n").await.ok();
                    } else {
                        body.push_str(&line);
                        body.push('\n');
                    }
                    continue;
                }
                let verb = line.split_whitespace().next().unwrap_or_default().to_ascii_uppercase();
                let reply: &[u8] = match verb.as_str() {
                    "EHLO" | "HELO" => b"250 sink\r\n",
                    "DATA" => {
                        data = Some(String::new());
                        b"354 go ahead\r\n"
                    }
                    "QUIT" => {
                        write.write_all(b"221 bye\r\n").await.ok();
                        break;
                    }
                    _ => b"250 ok\r\n",
                };
                write.write_all(reply).await.ok();
            }
        });
    }
}

async fn story(store: &dyn Store) {
    let b = store.backend().name();
    store.migrate().await.unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let (tx, mut rx) = mpsc::unbounded_channel();
    let sink = tokio::spawn(smtp_sink(listener, tx));

    let m = Message {
        to: "ana@example.org".into(),
        subject: "Confirm your email".into(),
        body: "Open http://x/verify?token=abc\n".into(),
    };
    let id = store.enqueue_email(&m, 100).await.unwrap();
    let mailer = Mailer::new(&format!("smtp://127.0.0.1:{port}"), "MatchReady <noreply@example.org>").unwrap();
    assert_eq!(deliver_once(store, &mailer, || 200).await, 1, "{b}");
    let data = rx.recv().await.unwrap();
    assert!(
        data.contains("Subject: Confirm your email") && data.contains("To: ana@example.org") && data.contains("verify?token=abc"),
        "{b}: {data}"
    );
    let sent = store.outbox(10).await.unwrap().into_iter().find(|e| e.id == id).unwrap();
    assert_eq!((sent.sent_at, sent.attempts), (Some(200), 1), "{b}");
    // Nothing left: a second round sends nothing again.
    assert_eq!(deliver_once(store, &mailer, || 300).await, 0, "{b}");
    sink.abort();

    // A server that is down: the message stays, with the reason, and is retried later.
    let closed = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let dead = closed.local_addr().unwrap().port();
    drop(closed);
    let id = store.enqueue_email(&m, 400).await.unwrap();
    let mailer = Mailer::new(&format!("smtp://127.0.0.1:{dead}"), "noreply@example.org").unwrap();
    assert_eq!(deliver_once(store, &mailer, || 500).await, 0, "{b}");
    let failed = store.outbox(10).await.unwrap().into_iter().find(|e| e.id == id).unwrap();
    assert!(failed.sent_at.is_none() && failed.attempts == 1 && failed.last_error.is_some(), "{b}: {failed:?}");
    assert_eq!(store.unsent_emails(10, matchready_mail::MAX_ATTEMPTS).await.unwrap().len(), 1, "{b}");
}

async fn outbox_goes_out_through_smtp(db: TestDb) {
    {
        let store = connect(&db.url).await.unwrap();
        story(store.as_ref()).await;
        drop(store);
        db.drop_db().await;
    }
}

matchready_store::on_both_backends!(outbox_goes_out_through_smtp);

#[tokio::test]
async fn bad_settings_say_what_to_write() {
    let e = Mailer::new("ftp://x", "noreply@example.org").err().unwrap().to_string();
    assert!(e.contains("smtp://"), "{e}");
    let e = Mailer::new("smtp://127.0.0.1:25", "not an address").err().unwrap().to_string();
    assert!(e.contains("sender address"), "{e}");
}
