//! Secrets: random tokens (only their SHA-256 is stored) and password
//! hashing with argon2id. Hashing is slow on purpose, so it runs on the
//! blocking pool with at most one hash per core at a time: a flood of
//! logins queues there instead of starving every other request.

use std::sync::{Arc, LazyLock};

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use tokio::sync::Semaphore;

/// argon2id with OWASP's recommended cost: 19 MiB, two passes, one lane.
pub const ARGON2_MEMORY_KIB: u32 = 19 * 1024;
/// Passes over memory.
pub const ARGON2_PASSES: u32 = 2;

fn argon2() -> Argon2<'static> {
    let params = Params::new(ARGON2_MEMORY_KIB, ARGON2_PASSES, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// A hash of a password nobody has, checked against when the account is
/// unknown, so that an unknown email takes as long as a wrong password.
static DECOY: LazyLock<String> = LazyLock::new(|| {
    let salt = SaltString::generate(&mut OsRng);
    argon2().hash_password(b"decoy password, never matches", &salt).map(|h| h.to_string()).unwrap_or_default()
});

/// A new random token (256 bits, URL-safe) and the hash to store for it;
/// `None` if the operating system's random source failed (logged).
pub fn new_token() -> Option<(String, String)> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| tracing::error!(error = %e, "no randomness for a token")).ok()?;
    let token = URL_SAFE_NO_PAD.encode(bytes);
    let hash = token_hash(&token);
    Some((token, hash))
}

/// What is stored for a token: its SHA-256, hex.
pub fn token_hash(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Compares two secrets in time that does not depend on where they differ.
pub fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

/// Hashes and checks passwords, one per core at a time.
#[derive(Clone)]
pub struct Hasher {
    permits: Arc<Semaphore>,
}

impl Default for Hasher {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
        // Made now, so the first unknown-email login takes no longer than the others.
        LazyLock::force(&DECOY);
        Self { permits: Arc::new(Semaphore::new(cores)) }
    }
}

impl Hasher {
    async fn run<T: Send + 'static>(&self, f: impl FnOnce() -> T + Send + 'static) -> Option<T> {
        let _permit = self.permits.acquire().await.ok()?;
        tokio::task::spawn_blocking(f).await.ok()
    }

    /// A PHC string for a new password, or `None` if hashing failed (logged).
    pub async fn hash(&self, password: String) -> Option<String> {
        let out = self
            .run(move || {
                let salt = SaltString::generate(&mut OsRng);
                argon2().hash_password(password.as_bytes(), &salt).map(|h| h.to_string())
            })
            .await?;
        out.map_err(|e| tracing::error!(error = %e, "password hashing failed")).ok()
    }

    /// Whether `password` matches `stored`; with no stored hash, checks a decoy (same time) and says no.
    pub async fn verify(&self, password: String, stored: Option<String>) -> bool {
        self.run(move || {
            let (phc, real) = match stored {
                Some(s) => (s, true),
                None => (DECOY.clone(), false),
            };
            let ok = PasswordHash::new(&phc).is_ok_and(|h| argon2().verify_password(password.as_bytes(), &h).is_ok());
            ok && real
        })
        .await
        .unwrap_or(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_verify_and_decoys_never_match() {
        let h = Hasher::default();
        let phc = h.hash("plum orbit lantern nine".into()).await.unwrap();
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
        assert!(h.verify("plum orbit lantern nine".into(), Some(phc.clone())).await);
        assert!(!h.verify("plum orbit lantern ten".into(), Some(phc)).await);
        assert!(!h.verify("decoy password, never matches".into(), None).await);
        assert!(!h.verify("x".into(), Some("not a hash".into())).await);
    }

    #[test]
    fn tokens_are_random_and_stored_hashed() {
        let (a, ha) = new_token().unwrap();
        let (b, _) = new_token().unwrap();
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert_eq!(ha, token_hash(&a));
        assert_eq!(ha.len(), 64);
        assert!(same(&a, &a.clone()) && !same(&a, &b) && !same("a", "ab"));
    }
}
