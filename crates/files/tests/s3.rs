//! The S3 implementation against a real S3-compatible server: moto's
//! server (`pip install 'moto[server]'`, `moto_server -p 9000`), at
//! `MATCHREADY_TEST_S3` (default `http://127.0.0.1:9000`). Ignored unless
//! asked for (`.ci/run` starts moto and runs it); then a missing server fails it.

use bytes::Bytes;

#[tokio::test]
#[ignore = "needs an S3-compatible server at MATCHREADY_TEST_S3; .ci/run starts moto and runs it"]
async fn s3_keeps_files_under_their_key() {
    let endpoint = std::env::var("MATCHREADY_TEST_S3").unwrap_or_else(|_| "http://127.0.0.1:9000".into());
    let bucket = format!("matchready-test-{}", std::process::id());
    // moto creates a bucket on a plain PUT.
    let created = reqwest::Client::new().put(format!("{endpoint}/{bucket}")).send().await;
    if let Err(e) = created {
        panic!("an S3-compatible server is needed at {endpoint}: {e}; start moto_server -p 9000 or set MATCHREADY_TEST_S3");
    }
    let s3 = matchready_files::S3 {
        bucket,
        endpoint,
        access_key_id: "test".into(),
        secret_access_key: "test".into(),
        region: "us-east-1".into(),
    };
    let store = matchready_files::open_s3(&s3).unwrap();
    let body = Bytes::from_static(b"%PDF-1.7 pretend");
    matchready_files::put(store.as_ref(), "0123abcd", body.clone()).await.unwrap();
    assert_eq!(matchready_files::get(store.as_ref(), "0123abcd").await.unwrap(), body);
    assert!(matchready_files::get(store.as_ref(), "missing").await.is_err());
}
