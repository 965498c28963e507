//! A plan carried out at one place, in the order that keeps the place consistent for
//! readers and the next deploy: the record is removed before the first change (so a deploy
//! killed part way leaves no record to trust, and the next one compares by listing), then
//! assets, pages and indexes go up, each stage a bounded set of concurrent uploads, then
//! leftovers are deleted, and the new record is written last, in one put.

use super::plan::{Tier, Upload, UploadPlan};
use super::progress::Progress;
use super::remote::MANIFEST_KEY;
use super::store::{Failure, Store};
use futures::TryStreamExt;
use std::path::Path;

/// Uploads or deletes in flight at once, per brand.
pub const CONCURRENCY: usize = 16;

/// Carries out `plan` for `brand` at `store`, reading files from `out`.
pub async fn apply(
    store: &Store,
    out: &Path,
    brand: &str,
    plan: &UploadPlan,
    progress: &Progress,
) -> Result<(), Failure> {
    if !plan.changes_anything() {
        return Ok(());
    }
    store.delete(MANIFEST_KEY).await.map_err(|e| format!("cannot remove {MANIFEST_KEY}: {e}"))?;
    for tier in [Tier::Asset, Tier::Page, Tier::Index] {
        let stage: Vec<&Upload> = plan.uploads.iter().filter(|u| u.tier == tier).collect();
        if stage.is_empty() {
            continue;
        }
        futures::stream::iter(stage.iter().map(Ok::<_, Failure>))
            .try_for_each_concurrent(CONCURRENCY, |u| async move {
                upload(store, out, u).await?;
                progress.step(brand, &u.key);
                Ok(())
            })
            .await?;
        progress.stage(&format!("{brand}: {} {} uploaded", stage.len(), tier.plural()));
    }
    delete_all(store, brand, &plan.deletes, progress).await?;
    let record = super::headers::Headers {
        content_type: "application/json; charset=utf-8".into(),
        cache_control: super::headers::NO_CACHE.into(),
    };
    store
        .put(MANIFEST_KEY, plan.record.clone(), &record)
        .await
        .map_err(|e| format!("cannot write {MANIFEST_KEY}: {e}"))
}

/// Reads one file, checks it is still the one the manifest names, and puts it.
async fn upload(store: &Store, out: &Path, u: &Upload) -> Result<(), Failure> {
    let bytes =
        tokio::fs::read(out.join(&u.local)).await.map_err(|e| format!("cannot read {}: {e}", u.local))?;
    if crate::output::digest::sha256_hex(&bytes) != u.sha256 {
        return Err(format!(
            "{} changed after it was checked against manifest.json; build again and deploy",
            u.local
        ));
    }
    store.put(&u.key, bytes, &u.headers).await.map_err(|e| format!("cannot upload {}: {e}", u.key))
}

async fn delete_all(store: &Store, brand: &str, keys: &[String], progress: &Progress) -> Result<(), Failure> {
    if keys.is_empty() {
        return Ok(());
    }
    futures::stream::iter(keys.iter().map(Ok::<_, Failure>))
        .try_for_each_concurrent(CONCURRENCY, |key| async move {
            store.delete(key).await.map_err(|e| format!("cannot delete {key}: {e}"))?;
            progress.step(brand, key);
            Ok(())
        })
        .await?;
    progress.stage(&format!("{brand}: {} deleted", keys.len()));
    Ok(())
}
