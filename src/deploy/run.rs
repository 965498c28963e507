//! One deploy, start to end. Everything that can be refused is refused before any place is
//! changed: site.toml's `[deploy]`, the brands asked for, each brand's place, the output
//! against its manifest, then (over the network) each place's record and listing, and the
//! delete guard. Only then are the plans carried out, a few brands at a time; a brand that fails
//! is reported with its place and the others still go.

use super::local::Output;
use super::places::{self, DeploySettings, Place};
use super::plan::{self, UploadPlan};
use super::progress::Progress;
use super::remote::{Known, MANIFEST_KEY};
use super::store::Store;
use super::{report, sync, DeployError, DeployOptions};
use crate::config::settings::{Config, CONFIG_FILE};
use crate::diag::{Diagnostic, Kind};
use crate::site::selection::check_brand_ids;
use futures::StreamExt;
use std::time::Instant;

/// A brand to deploy and where.
struct Target {
    brand: String,
    place: Place,
    /// The path of the brand's `base_url`, for `--changed-paths`.
    base_path: String,
}

/// A brand planned: its place opened and what to do there.
struct Planned {
    target: Target,
    store: Store,
    plan: UploadPlan,
}

/// Runs `clause deploy`. Prints a summary line per brand; returns every error otherwise.
pub fn deploy(opts: &DeployOptions) -> Result<(), DeployError> {
    let start = Instant::now();
    let config = Config::load(&opts.root).map_err(DeployError::Failed)?;
    let settings = places::resolve(&config).map_err(DeployError::Failed)?;
    let out = opts.out.clone().unwrap_or_else(|| opts.root.join(&config.output_dir));
    let output = Output::read(&out).map_err(|d| DeployError::Failed(vec![d]))?;
    let targets = targets(opts, &config, &settings, &output)?;
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().map_err(|e| {
        DeployError::Failed(vec![Diagnostic::error(Kind::DeployFailed, format!("cannot start: {e}"))])
    })?;
    let planned = runtime.block_on(plan_all(targets, &settings, &output, opts.force))?;
    refuse_mass_deletes(&planned, opts.max_deletes.unwrap_or(settings.max_deletes))?;
    if opts.dry_run {
        print_dry_run(&planned);
        return Ok(());
    }
    runtime.block_on(apply_all(opts, &output, &planned))?;
    println!("deployed {} brands in {} ms", planned.len(), start.elapsed().as_millis());
    Ok(())
}

/// The brands to deploy, each with its place, checked: known to site.toml, in the output,
/// with a place, and with files that match the manifest.
fn targets(
    opts: &DeployOptions,
    config: &Config,
    settings: &DeploySettings,
    output: &Output,
) -> Result<Vec<Target>, DeployError> {
    check_brand_ids(config, &opts.brands).map_err(DeployError::Usage)?;
    let mut ids: Vec<String> =
        if opts.brands.is_empty() { output.brands.keys().cloned().collect() } else { opts.brands.clone() };
    ids.sort();
    ids.dedup();
    let mut errors = Vec::new();
    if ids.is_empty() {
        errors.push(
            Diagnostic::error(Kind::NotBuilt, format!("the output {} holds no brand", output.dir.display()))
                .help("run `clause build` first (or name its output with --out)"),
        );
    }
    let targets: Vec<Target> =
        ids.iter().filter_map(|id| target(id, config, settings, output, &mut errors)).collect();
    errors.extend(targets.iter().filter_map(|t| output.verify(&t.brand)));
    if errors.is_empty() {
        Ok(targets)
    } else {
        Err(DeployError::Failed(errors))
    }
}

fn target(
    id: &str,
    config: &Config,
    settings: &DeploySettings,
    output: &Output,
    errors: &mut Vec<Diagnostic>,
) -> Option<Target> {
    let Some(brand) = config.brand(id) else {
        errors.push(
            Diagnostic::error(
                Kind::UnknownBrand,
                format!(
                    "the output {} holds brand `{id}`, which site.toml does not have",
                    output.dir.display()
                ),
            )
            .brand(id)
            .help("build again (a stale output?), or deploy the other brands with --brand"),
        );
        return None;
    };
    if !output.brands.contains_key(id) {
        errors.push(
            Diagnostic::error(
                Kind::NotBuilt,
                format!("brand `{id}` is not in the output {}", output.dir.display()),
            )
            .brand(id)
            .help(format!("build it first: clause build --brand {id}")),
        );
        return None;
    }
    let Some(place) = settings.places.get(id) else {
        errors.push(
            Diagnostic::error(Kind::NoDeployPlace, format!("brand `{id}` has no place to deploy to"))
                .in_file(CONFIG_FILE)
                .at(config.pos_of(&format!("brands.{id}")))
                .brand(id)
                .help("set `url = \"s3://BUCKET/{brand}\"` under [deploy], or `deploy_url` in this brand's table"),
        );
        return None;
    };
    Some(Target {
        brand: id.to_string(),
        place: place.clone(),
        base_path: report::base_path(&brand.base_url),
    })
}

/// Reads every place's record and listing (concurrently) and plans each brand.
async fn plan_all(
    targets: Vec<Target>,
    settings: &DeploySettings,
    output: &Output,
    force: bool,
) -> Result<Vec<Planned>, DeployError> {
    let results =
        futures::future::join_all(targets.into_iter().map(|t| plan_one(t, settings, output, force))).await;
    let (planned, errors): (Vec<_>, Vec<_>) = results.into_iter().partition(Result::is_ok);
    if !errors.is_empty() {
        return Err(DeployError::Failed(errors.into_iter().filter_map(Result::err).collect()));
    }
    Ok(planned.into_iter().filter_map(Result::ok).collect())
}

async fn plan_one(
    target: Target,
    settings: &DeploySettings,
    output: &Output,
    force: bool,
) -> Result<Planned, Diagnostic> {
    let store =
        Store::open(&target.place).map_err(|e| failure(&target, &format!("cannot open the store: {e}")))?;
    let (record, listing) = futures::try_join!(
        async { store.read(MANIFEST_KEY).await.map_err(|e| format!("cannot read {MANIFEST_KEY}: {e}")) },
        async { store.list().await.map_err(|e| format!("cannot list the place: {e}")) },
    )
    .map_err(|e| failure(&target, &e))?;
    let known = record.map_or(Known::Nothing, |bytes| Known::from_bytes(&bytes));
    let files = output.brands.get(&target.brand).map_or(&[][..], Vec::as_slice);
    let plan = plan::plan(files, &settings.rules, &known, &listing, force);
    if let Some(why) = &plan.unknown {
        eprintln!(
            "note: {} at {}: {why}; the place is treated as unknown: every file is uploaded and leftovers are found by listing",
            target.brand, target.place
        );
    }
    Ok(Planned { target, store, plan })
}

/// A network, permission or store error of one brand, naming the brand and the place.
fn failure(target: &Target, what: &str) -> Diagnostic {
    Diagnostic::error(Kind::DeployFailed, format!("brand `{}` at {}: {what}", target.brand, target.place))
        .brand(&target.brand)
        .help("check the store's endpoint, network and credentials (environment variables such as AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID); a deploy that stopped part way is repaired by running it again")
}

/// Refuses, before anything changes, a brand that would delete more than `max` objects.
fn refuse_mass_deletes(planned: &[Planned], max: u64) -> Result<(), DeployError> {
    let errors: Vec<Diagnostic> = planned
        .iter()
        .filter(|p| p.plan.deletes.len() as u64 > max)
        .map(|p| {
            let n = p.plan.deletes.len();
            let some: Vec<&str> = p.plan.deletes.iter().take(5).map(String::as_str).collect();
            Diagnostic::error(
                Kind::TooManyDeletes,
                format!(
                    "brand `{}` at {}: this deploy would delete {n} objects (such as {}), more than max_deletes = {max}; nothing was changed",
                    p.target.brand,
                    p.target.place,
                    some.join(", ")
                ),
            )
            .brand(&p.target.brand)
            .help(format!("if these deletes are meant, run again with --max-deletes {n} (or raise deploy.max_deletes); --dry-run lists them"))
        })
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(DeployError::Failed(errors))
    }
}

fn print_dry_run(planned: &[Planned]) {
    for p in planned {
        for line in report::dry_run_lines(&p.target.brand, &p.plan) {
            println!("{line}");
        }
        println!("{}", report::summary(&p.target.brand, &p.plan, &p.target.place, true));
    }
}

/// Brands whose plans are carried out at the same time (each with its own bounded uploads).
const BRANDS_AT_ONCE: usize = 4;

/// Carries out every plan, a few brands at a time; then writes `--changed-paths`.
async fn apply_all(opts: &DeployOptions, output: &Output, planned: &[Planned]) -> Result<(), DeployError> {
    let total = planned.iter().map(|p| (p.plan.uploads.len() + p.plan.deletes.len()) as u64).sum();
    let progress = Progress::new(total);
    let mut errors = Vec::new();
    let mut changed = Vec::new();
    let progress = &progress;
    let applied =
        futures::stream::iter(planned)
            .map(|p| async move {
                (p, sync::apply(&p.store, &output.dir, &p.target.brand, &p.plan, progress).await)
            })
            .buffered(BRANDS_AT_ONCE)
            .collect::<Vec<_>>()
            .await;
    for (p, result) in applied {
        match result {
            Ok(()) => {
                progress.println(&report::summary(&p.target.brand, &p.plan, &p.target.place, false));
                changed.push((p.target.brand.clone(), report::changed_paths(&p.target.base_path, &p.plan)));
            }
            Err(e) => errors.push(failure(&p.target, &e)),
        }
    }
    progress.finish();
    if let Some(file) = &opts.changed_paths {
        if let Err(e) = report::write_changed_paths(file, &changed) {
            errors.push(Diagnostic::error(Kind::IoError, format!("cannot write {}: {e}", file.display())));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(DeployError::Failed(errors))
    }
}
