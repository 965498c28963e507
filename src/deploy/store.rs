//! The object store behind a place, through the `object_store` crate: S3, Google Cloud
//! Storage, Azure Blob Storage or a local folder, one API for all. Credentials, regions and
//! endpoints come from each store's usual environment variables (`AWS_*`, `GOOGLE_*`,
//! `AZURE_*`) and never from site.toml; nothing here prints them, and every error message
//! that leaves this file has their values struck out. Transient errors (connection
//! failures, timeouts, 5xx, 429) are retried by `object_store` with backoff, a few times.

use super::headers::Headers;
use super::places::{Place, Scheme};
use futures::TryStreamExt;
use object_store::path::Path as Key;
use object_store::{Attribute, Attributes, ObjectStore, ObjectStoreExt, PutOptions, PutPayload};
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

/// One brand's place, opened.
pub struct Store {
    inner: Arc<dyn ObjectStore>,
    /// Local folders keep no headers (the server that serves them decides).
    keeps_headers: bool,
}

/// A failure, already worded for people and cleared of secrets.
pub type Failure = String;

impl Store {
    /// Opens the store of `place`; nothing is sent until the first request.
    pub fn open(place: &Place) -> Result<Store, Failure> {
        let base: Arc<dyn ObjectStore> = match place.scheme {
            Scheme::File => Arc::new(object_store::local::LocalFileSystem::new()),
            Scheme::S3 => Arc::new(
                object_store::aws::AmazonS3Builder::from_env()
                    .with_url(format!("s3://{}", place.bucket))
                    .with_retry(retry())
                    .build()
                    .map_err(|e| describe(&e))?,
            ),
            Scheme::Gcs => Arc::new(
                object_store::gcp::GoogleCloudStorageBuilder::from_env()
                    .with_url(format!("gs://{}", place.bucket))
                    .with_retry(retry())
                    .build()
                    .map_err(|e| describe(&e))?,
            ),
            Scheme::Azure => Arc::new(
                object_store::azure::MicrosoftAzureBuilder::from_env()
                    .with_url(format!("az://{}", place.bucket))
                    .with_retry(retry())
                    .build()
                    .map_err(|e| describe(&e))?,
            ),
        };
        let inner: Arc<dyn ObjectStore> = if place.prefix.is_empty() {
            base
        } else {
            Arc::new(object_store::prefix::PrefixStore::new(base, place.prefix.as_str()))
        };
        Ok(Store { inner, keeps_headers: place.scheme != Scheme::File })
    }

    /// The bytes at `key`, or `None` when there is no object.
    pub async fn read(&self, key: &str) -> Result<Option<Vec<u8>>, Failure> {
        match self.inner.get(&Key::from(key)).await {
            Ok(got) => got.bytes().await.map(|b| Some(b.to_vec())).map_err(|e| describe(&e)),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(describe(&e)),
        }
    }

    /// Every object below the place: key → size.
    pub async fn list(&self) -> Result<BTreeMap<String, u64>, Failure> {
        let found: Vec<_> = self.inner.list(None).try_collect().await.map_err(|e| describe(&e))?;
        Ok(found.into_iter().map(|m| (m.location.to_string(), m.size)).collect())
    }

    /// Puts `bytes` at `key` with `headers`, replacing the object whole.
    pub async fn put(&self, key: &str, bytes: Vec<u8>, headers: &Headers) -> Result<(), Failure> {
        let mut attributes = Attributes::new();
        if self.keeps_headers {
            attributes.insert(Attribute::ContentType, headers.content_type.clone().into());
            attributes.insert(Attribute::CacheControl, headers.cache_control.clone().into());
        }
        let opts = PutOptions { attributes, ..PutOptions::default() };
        self.inner
            .put_opts(&Key::from(key), PutPayload::from(bytes), opts)
            .await
            .map(drop)
            .map_err(|e| describe(&e))
    }

    /// Deletes the object at `key`; one already gone is no error.
    pub async fn delete(&self, key: &str) -> Result<(), Failure> {
        match self.inner.delete(&Key::from(key)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(describe(&e)),
        }
    }
}

/// A few retries, soon given up: a dead endpoint is reported in seconds, not minutes. (The
/// client's own options, such as `AWS_ALLOW_HTTP` and its timeouts, stay those of the environment.)
fn retry() -> object_store::RetryConfig {
    object_store::RetryConfig {
        backoff: object_store::BackoffConfig {
            init_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(2),
            base: 2.0,
        },
        max_retries: 3,
        retry_timeout: Duration::from_secs(30),
    }
}

/// An error for people: what failed, with a hint at the usual cause, secrets struck out.
fn describe(e: &object_store::Error) -> Failure {
    let hint = match e {
        object_store::Error::PermissionDenied { .. } | object_store::Error::Unauthenticated { .. } => {
            " (the credentials were refused: check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or your store's, and that they may write here)"
        }
        _ => "",
    };
    redact(&format!("{}{hint}", chain(e)))
}

/// `e` and its sources, one sentence each.
fn chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let more = s.to_string();
        if !text.contains(&more) {
            text.push_str(": ");
            text.push_str(&more);
        }
        source = s.source();
    }
    text
}

/// Environment variables whose values must never be shown.
const SECRETS: &[&str] = &[
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_ACCESS_KEY_ID",
    "AZURE_STORAGE_ACCOUNT_KEY",
    "AZURE_STORAGE_ACCESS_KEY",
    "AZURE_STORAGE_SAS_KEY",
    "AZURE_STORAGE_TOKEN",
    "AZURE_CLIENT_SECRET",
    "GOOGLE_SERVICE_ACCOUNT_KEY",
];

/// `text` with the value of every secret variable replaced by `[redacted]`.
pub fn redact(text: &str) -> String {
    SECRETS
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .filter(|v| v.len() >= 4)
        .fold(text.to_string(), |t, secret| t.replace(&secret, "[redacted]"))
}
