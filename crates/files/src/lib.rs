//! Uploaded files. [`inspect`] decides what a file is from its bytes (a
//! PDF, PNG or JPEG that actually parses) and refuses the rest; [`open_folder`] and [`open_s3`]
//! gives the place files are kept: a local folder by default, or
//! S3-compatible object storage, both behind `object_store`'s `ObjectStore`
//! trait. Files are stored under random names, outside any served folder.

mod letter;

use std::sync::Arc;

use bytes::Bytes;
use matchready_core::document::FileType;
use object_store::aws::AmazonS3Builder;
use object_store::local::LocalFileSystem;
use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt};
use sha2::{Digest, Sha256};

pub use letter::{LetterProblem, MAX_LETTER_BYTES, inspect_letter, letter_pdf};

/// The largest file the vault takes.
pub const MAX_BYTES: usize = 10 * 1024 * 1024;

/// Why a file was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FileProblem {
    /// Empty.
    #[error("the file is empty")]
    Empty,
    /// Not a PDF, PNG or JPEG by its first bytes.
    #[error("only PDF, PNG and JPEG files are taken, and this is none of them (whatever its name says)")]
    NotAllowed,
    /// Its first bytes say PDF, PNG or JPEG but it does not parse as one.
    #[error("this file claims to be {0} but is not a readable one; export it again and upload that")]
    Broken(&'static str),
}

/// What a file is, judged by its bytes and a parse.
pub fn inspect(bytes: &[u8]) -> Result<FileType, FileProblem> {
    if bytes.is_empty() {
        return Err(FileProblem::Empty);
    }
    let kind = FileType::sniff(bytes).ok_or(FileProblem::NotAllowed)?;
    let ok = match kind {
        FileType::Pdf => lopdf::Document::load_mem(bytes).is_ok_and(|d| !d.get_pages().is_empty()),
        FileType::Png | FileType::Jpeg => imagesize::blob_size(bytes).is_ok_and(|s| s.width > 0 && s.height > 0),
    };
    if ok {
        Ok(kind)
    } else {
        Err(FileProblem::Broken(match kind {
            FileType::Pdf => "a PDF",
            FileType::Png => "a PNG image",
            FileType::Jpeg => "a JPEG image",
        }))
    }
}

/// SHA-256 of a file, hex.
pub fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Why file storage could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// The folder could not be made or used.
    #[error("cannot use the folder {0}: {1}")]
    Folder(String, String),
    /// The S3 settings could not be used.
    #[error("cannot use S3 storage: {0}")]
    S3(String),
}

/// S3-compatible object storage.
#[derive(Debug, Clone)]
pub struct S3 {
    /// The bucket.
    pub bucket: String,
    /// The server, e.g. `https://s3.us-east-1.amazonaws.com` or `http://127.0.0.1:9000`.
    pub endpoint: String,
    /// Access key id.
    pub access_key_id: String,
    /// Secret access key.
    pub secret_access_key: String,
    /// Region.
    pub region: String,
}

/// Files in S3-compatible object storage (path-style requests, so any S3-compatible server works).
pub fn open_s3(s3: &S3) -> Result<Arc<dyn ObjectStore>, OpenError> {
    let store = AmazonS3Builder::new()
        .with_bucket_name(&s3.bucket)
        .with_endpoint(&s3.endpoint)
        .with_access_key_id(&s3.access_key_id)
        .with_secret_access_key(&s3.secret_access_key)
        .with_region(&s3.region)
        .with_allow_http(s3.endpoint.starts_with("http://"))
        .with_virtual_hosted_style_request(false)
        .build()
        .map_err(|e| OpenError::S3(e.to_string()))?;
    Ok(Arc::new(store))
}

/// Files in a local folder (made if missing).
pub fn open_folder(location: &str) -> Result<Arc<dyn ObjectStore>, OpenError> {
    std::fs::create_dir_all(location).map_err(|e| OpenError::Folder(location.into(), e.to_string()))?;
    let store = LocalFileSystem::new_with_prefix(location).map_err(|e| OpenError::Folder(location.into(), e.to_string()))?;
    Ok(Arc::new(store))
}

/// Where a stored file lives: a random name in a folder of its own first two characters.
pub fn path(key: &str) -> Path {
    Path::from(format!("documents/{}/{key}", key.get(..2).unwrap_or("00")))
}

/// Stores bytes under `key`.
pub async fn put(store: &dyn ObjectStore, key: &str, bytes: Bytes) -> object_store::Result<()> {
    store.put(&path(key), bytes.into()).await.map(|_| ())
}

/// Reads the bytes stored under `key`.
pub async fn get(store: &dyn ObjectStore, key: &str) -> object_store::Result<Bytes> {
    store.get(&path(key)).await?.bytes().await
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A real one-page PDF.
    pub fn pdf() -> Vec<u8> {
        let mut doc = lopdf::Document::with_version("1.5");
        let pages_id = doc.new_object_id();
        let page = doc.add_object(lopdf::dictionary! { "Type" => "Page", "Parent" => pages_id, "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()] });
        doc.objects.insert(
            pages_id,
            lopdf::Object::Dictionary(lopdf::dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 }),
        );
        let catalog = doc.add_object(lopdf::dictionary! { "Type" => "Catalog", "Pages" => pages_id });
        doc.trailer.set("Root", catalog);
        let mut out = Vec::new();
        doc.save_to(&mut out).unwrap();
        out
    }

    #[test]
    fn files_must_be_what_they_say() {
        assert_eq!(inspect(&pdf()), Ok(FileType::Pdf));
        assert_eq!(inspect(b""), Err(FileProblem::Empty));
        assert_eq!(inspect(b"MZ\x90\x00"), Err(FileProblem::NotAllowed));
        assert_eq!(inspect(b"%PDF-1.7\nnot really a pdf"), Err(FileProblem::Broken("a PDF")));
        assert_eq!(inspect(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), Err(FileProblem::Broken("a PNG image")));
        // A minimal valid PNG header with a 1x1 size.
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0".to_vec();
        png.extend_from_slice(&[0x90, 0x77, 0x53, 0xDE]);
        assert_eq!(inspect(&png), Ok(FileType::Png));
        assert_eq!(sha256(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    #[tokio::test]
    async fn a_local_folder_keeps_files_under_their_key() {
        let dir = std::env::temp_dir().join(format!("matchready_files_{}", std::process::id()));
        let store = open_folder(dir.to_str().unwrap()).unwrap();
        put(store.as_ref(), "abcdef", Bytes::from_static(b"hello")).await.unwrap();
        assert_eq!(get(store.as_ref(), "abcdef").await.unwrap(), Bytes::from_static(b"hello"));
        assert!(dir.join("documents/ab/abcdef").exists());
        assert!(get(store.as_ref(), "missing").await.is_err());
        let _ = std::fs::remove_dir_all(dir);
    }
}
