//! The certificate as a signed credential a residency program checks
//! without calling us: an Open Badges 3.0 `OpenBadgeCredential`, secured as
//! a JSON Web Token (`typ: vc+jwt`) signed with the organisation's Ed25519
//! key (`alg: EdDSA`). The public key is in the token's header (`jwk`) and
//! published at `/.well-known/jwks.json`; the README says how to check one. The key is made on first use and kept in the database.

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use ed25519_dalek::{Signer, SigningKey};
use matchready_core::dates;
use matchready_core::rotation::certificate::Certificate;
use serde_json::{Value, json};

use super::certificate::{certificate, counts_as, hours_words};
use crate::{App, AppError, AppResult, Caller};

/// The organisation's signing key, made and stored on first use, then kept in memory.
pub(crate) async fn signing_key(app: &App) -> AppResult<SigningKey> {
    if let Some(key) = app.signing.get() {
        return Ok(key.clone());
    }
    let mut fresh = [0u8; 32];
    getrandom::fill(&mut fresh).map_err(|e| {
        tracing::error!(error = %e, "no randomness for the signing key");
        AppError::internal()
    })?;
    let kept = app.store.signing_key(&STANDARD.encode(fresh), app.now()).await?;
    let bytes: [u8; 32] = STANDARD.decode(kept.trim()).ok().and_then(|b| b.try_into().ok()).ok_or_else(|| {
        tracing::error!("the stored signing key is not 32 bytes of base64");
        AppError::internal()
    })?;
    let key = SigningKey::from_bytes(&bytes);
    // Two first calls at once both read the one stored key: either may keep it.
    let _ = app.signing.set(key.clone());
    Ok(key)
}

/// The key's id: its RFC 7638 thumbprint, so a new key is a new id.
fn key_id(key: &SigningKey) -> String {
    use sha2::Digest;
    let x = URL_SAFE_NO_PAD.encode(key.verifying_key().to_bytes());
    let canonical = format!(r#"{{"crv":"Ed25519","kty":"OKP","x":"{x}"}}"#);
    URL_SAFE_NO_PAD.encode(sha2::Sha256::digest(canonical.as_bytes()))
}

/// The public key as a JSON Web Key (OKP, Ed25519).
fn jwk(key: &SigningKey) -> Value {
    json!({
        "kty": "OKP",
        "crv": "Ed25519",
        "x": URL_SAFE_NO_PAD.encode(key.verifying_key().to_bytes()),
        "kid": key_id(key),
        "use": "sig",
        "alg": "EdDSA",
    })
}

/// The key set that `/.well-known/jwks.json` publishes.
pub async fn key_set(app: &App) -> AppResult<Value> {
    Ok(json!({ "keys": [jwk(&signing_key(app).await?)] }))
}

fn rfc3339(at: i64) -> String {
    chrono::DateTime::from_timestamp(at, 0).map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string()).unwrap_or_default()
}

/// The Open Badges 3.0 credential a certificate stands for.
pub fn credential_of(c: &Certificate, issuer_url: &str, verify_url: &str, urls: (&str, &str)) -> Value {
    let (experience_url, site_url) = urls;
    let f = &c.facts;
    let day = |d: chrono::NaiveDate| format!("{d}T00:00:00Z");
    json!({
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
        ],
        "id": verify_url,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": { "id": issuer_url, "type": ["Profile"], "name": "MatchReady", "url": issuer_url },
        "validFrom": rfc3339(c.issued_at),
        "name": format!("Certificate of completion: {}", f.experience),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [{
                "type": "IdentityObject",
                "identityType": "name",
                "hashed": false,
                "identityHash": f.trainee,
            }],
            "activityStartDate": day(f.start_date),
            "activityEndDate": day(f.end_date),
            "narrative": format!(
                "{} completed {} ({}) at {}, {}, from {} to {}, supervised by {}. Hours signed by the preceptor: {}. {}.",
                f.trainee, f.experience, f.specialty, f.site, f.place, dates::day(f.start_date), dates::day(f.end_date),
                f.preceptor, hours_words(f), counts_as(f)
            ),
            "achievement": {
                "id": experience_url,
                "type": ["Achievement"],
                "achievementType": "Course",
                "name": f.experience,
                "description": format!("{} in {} at {}, {}.", f.kind, f.specialty, f.site, f.place),
                "criteria": { "narrative": "Completed the rotation's dates, with hours signed off by its preceptor and a final evaluation." },
                "fieldOfStudy": f.specialty,
                "creator": { "id": site_url, "type": ["Profile"], "name": f.site },
            },
            "matchready": {
                "code": c.code,
                "kind": f.kind,
                "handsOnUsce": f.hands_on_usce,
                "site": f.site,
                "place": f.place,
                "preceptor": f.preceptor,
                "handsOnMinutes": f.hands_on_minutes,
                "observingMinutes": f.observing_minutes,
                "signedDays": f.signed_days,
            },
        },
    })
}

/// Signs `payload` as a compact JWS (EdDSA), the public key in its header.
pub fn sign(key: &SigningKey, payload: &Value) -> String {
    let header = json!({ "alg": "EdDSA", "typ": "vc+jwt", "kid": key_id(key), "jwk": jwk(key) });
    let part = |v: &Value| URL_SAFE_NO_PAD.encode(v.to_string());
    let input = format!("{}.{}", part(&header), part(payload));
    let signature = key.sign(input.as_bytes());
    format!("{input}.{}", URL_SAFE_NO_PAD.encode(signature.to_bytes()))
}

/// The rotation's certificate as a signed credential (a JWT), and a name for the file.
pub async fn credential(app: &App, caller: &Caller, raw: &str) -> AppResult<(String, String)> {
    let view = certificate(app, caller, raw).await?;
    let c = &view.certificate;
    let a = app.store.application(c.application_id).await?.ok_or_else(AppError::internal)?;
    let issuer = app.link("");
    let urls = (app.link(&format!("/experiences/{}", a.experience_id)), app.link(&format!("/sites/{}", a.site_id)));
    let mut payload = credential_of(c, &issuer, &view.verify_url, (&urls.0, &urls.1));
    // The JWT's own claims, beside the credential's.
    payload["iss"] = json!(issuer);
    payload["jti"] = json!(view.verify_url);
    payload["nbf"] = json!(c.issued_at);
    let key = signing_key(app).await?;
    Ok((sign(&key, &payload), format!("certificate-{}.jwt", c.code)))
}
