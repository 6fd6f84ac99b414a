//! The engine: walk once, run the active checks in parallel, attach catalog data to findings,
//! apply per-file ignores and suppression comments, and hand a [`Report`] to a reporter. The arithmetic (a rule's credit,
//! what suppressed findings give back, how a rule's lost points are shared by its findings) lives
//! in [`crate::score`].
//!
//! Determinism: checks may run in any order on any thread, but results are collected in catalog
//! order and findings sorted by (path, line, rule), so output is identical at any `--threads`.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Instant;

use globset::{Glob, GlobSet, GlobSetBuilder};
use rayon::prelude::*;

use crate::catalog::{activate, ActiveRule, Catalog, IgnoredRule, RuleSpec};
use crate::checks::{CheckCtx, Outcome};
use crate::config::Settings;
use crate::error::Error;
use crate::finding::{Finding, ReportedFinding};
use crate::index::{RepoIndex, ScanProblem};
use crate::report::{Report, Summary};
use crate::score::{self, RuleResult};
use crate::suppression::{RunRules, Suppressions};

/// Stack of each worker thread. Parsers and syntax trees recurse per nesting level; the nesting
/// guard before parsing bounds the depth, and this leaves a wide margin (only touched pages cost
/// memory).
const WORKER_STACK_BYTES: usize = 64 * 1024 * 1024;

/// Runs claw-lint over `settings.root` with the given catalog; `only_files` restricts file-level
/// rules to those repository-relative paths and skips repository-level rules (file mode).
pub fn run(
    settings: &Settings,
    catalog: Catalog,
    only_files: Option<BTreeSet<String>>,
) -> Result<Report, Error> {
    let (report, index) = run_keeping_index(settings, catalog, only_files)?;
    dispose(index);
    Ok(report)
}

/// [`run`], handing back the index too (for the tests of what a run read).
fn run_keeping_index(
    settings: &Settings,
    catalog: Catalog,
    only_files: Option<BTreeSet<String>>,
) -> Result<(Report, RepoIndex), Error> {
    let started = Instant::now();
    let titles: Vec<(String, String)> = catalog
        .categories
        .keys()
        .map(|id| (id.clone(), catalog.category_title(id)))
        .collect();
    let mut known = spellings(catalog.rules.iter().chain(&settings.user_rules));
    known.sort();
    let catalog_size = catalog.rules.len() + settings.user_rules.len();
    let (mut rules, ignored) = activate(catalog, settings)?;
    if only_files.is_some() {
        rules.retain(|r| r.check.file_level());
    }
    let run_rules = RunRules {
        known,
        ran: spellings(rules.iter().map(|r| &r.spec)),
        all_ran: only_files.is_none() && rules.len() == catalog_size,
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(settings.threads.unwrap_or(0))
        .stack_size(WORKER_STACK_BYTES)
        .build()
        .map_err(|e| Error::usage(format!("cannot start worker threads: {e}")))?;
    pool.install(|| {
        let index = crate::walk::walk(settings)?;
        let cx = CheckCtx {
            index: &index,
            settings,
            only_files: only_files.as_ref(),
        };
        let outcomes = run_checks(&rules, &cx);
        let settled = settle(&rules, &cx, outcomes, Suppressions::new(run_rules));
        let mut report = assemble(settings, rules, ignored, &index, settled, started);
        report.files_checked = only_files.as_ref().map(BTreeSet::len);
        for category in &mut report.score.categories {
            if let Some((_, title)) = titles.iter().find(|(id, _)| *id == category.id) {
                category.title.clone_from(title);
            }
        }
        if summarizes_ml(report.rules.iter(), only_files.as_ref()) {
            report.ml = Some(crate::analysis::completeness::summarize(&index));
        }
        Ok((report, index))
    })
}

/// Whether the report carries the ML project's summary: facts of the ML family are worth
/// computing only when one of its rules runs over the whole repository.
fn summarizes_ml<'a>(
    mut rules: impl Iterator<Item = &'a RuleSpec>,
    only_files: Option<&BTreeSet<String>>,
) -> bool {
    only_files.is_none() && rules.any(|r| r.category == "ml")
}

/// Frees the index on a thread of its own. Its millions of small allocations (file texts,
/// summaries, parsed docstrings) took some 40 ms to free on diffusers, on the critical path before
/// the report could be written; off it, the report is rendered meanwhile, and a CLI process that
/// exits first simply hands the memory back to the system.
fn dispose(index: RepoIndex) {
    // Should no thread start, the index is freed here, as the failed spawn drops the closure.
    let _ = std::thread::Builder::new().spawn(move || drop(index));
}

/// Every spelling a suppression comment may use for these rules: code, name and aliases.
fn spellings<'a>(specs: impl Iterator<Item = &'a RuleSpec>) -> Vec<String> {
    specs
        .flat_map(|s| [&s.code, &s.name].into_iter().chain(&s.aliases))
        .cloned()
        .collect()
}

/// Runs every rule's check in parallel, preparing shared parses first when some rule needs them;
/// a check that judges suppression comments runs later, in [`settle`].
fn run_checks(rules: &[ActiveRule], cx: &CheckCtx) -> Vec<Outcome> {
    let needs_python = rules.iter().any(|r| r.check.needs().python);
    if needs_python {
        let docstrings = rules.iter().any(|r| r.check.needs().docstrings);
        let ml_summary = summarizes_ml(rules.iter().map(|r| &r.spec), cx.only_files);
        crate::analysis::warm_python(cx.index, cx.only_files, docstrings, |pass| {
            if ml_summary {
                crate::analysis::ml_code::text_pass(pass);
                crate::analysis::ml_project::text_pass(pass);
            }
            // Every rule sees each file's text, so none may stop the others early.
            rules
                .iter()
                .fold(false, |keep, rule| rule.check.text_pass(pass) | keep)
        });
    }
    // Each check is a task of its own (`with_max_len(1)`): rayon otherwise splits a list only as
    // often as there are threads, and the long checks, which stand next to each other in the
    // catalog, ran one after another on one thread while the others helped only inside them. The
    // checks that read many Python files start first, so short ones fill in around them at the
    // end; the outcomes are put back in catalog order.
    let mut order: Vec<usize> = (0..rules.len()).collect();
    order.sort_by_key(|&i| !rules[i].check.needs().reads_python);
    let mut ran: Vec<(usize, Outcome)> = order
        .par_iter()
        .with_max_len(1)
        .map(|&i| {
            let rule = &rules[i];
            let outcome = if rule.check.judges_suppressions() {
                Outcome::NotApplicable
            } else {
                rule.check.run(cx)
            };
            (i, outcome)
        })
        .collect();
    ran.sort_by_key(|&(i, _)| i);
    ran.into_iter().map(|(_, outcome)| outcome).collect()
}

/// A rule's credit (`None`: not applicable) and the findings it keeps.
type Settled = (Option<f64>, Vec<Finding>);

/// Drops the findings that `per-file-ignores` and suppression comments remove, each giving back
/// its share of the lost credit; then runs the checks that judge the comments, on what the
/// others used.
fn settle(
    rules: &[ActiveRule],
    cx: &CheckCtx,
    outcomes: Vec<Outcome>,
    mut suppressions: Suppressions,
) -> Vec<Settled> {
    let per_file_ignores = PerFileIgnores::new(&cx.settings.per_file_ignores);
    let mut settled: Vec<Settled> = rules
        .iter()
        .zip(outcomes)
        .map(|(rule, outcome)| {
            credit_and_findings(outcome, |f| {
                per_file_ignores.drops(&rule.spec, f)
                    || suppressions.suppresses(cx.index, &rule.spec, f)
            })
        })
        .collect();
    if rules.iter().any(|r| r.check.judges_suppressions()) {
        let python = cx.index.files_with_ext(&["py"]).map(|f| f.path.as_str());
        suppressions.read_all(cx.index, python.filter(|p| cx.in_scope(p)));
        for (rule, settled) in rules.iter().zip(&mut settled) {
            if rule.check.judges_suppressions() {
                let outcome = rule.check.judge(cx, &suppressions);
                *settled = credit_and_findings(outcome, |f| per_file_ignores.drops(&rule.spec, f));
            }
        }
    }
    settled
}

/// The credit of an outcome and the findings `drops` leaves (dropped ones give back their share
/// of the lost credit).
fn credit_and_findings(outcome: Outcome, mut drops: impl FnMut(&Finding) -> bool) -> Settled {
    match outcome {
        Outcome::NotApplicable => (None, Vec::new()),
        Outcome::Scored {
            earned,
            possible,
            findings,
        } => {
            let reported = findings.len();
            let findings: Vec<Finding> = findings.into_iter().filter(|f| !drops(f)).collect();
            let credit = score::credit(earned, possible, reported, findings.len());
            (Some(credit), findings)
        }
    }
}

/// Turns the settled outcomes into the report: rule results, the score, the findings with their
/// points, and whether the run passed.
fn assemble(
    settings: &Settings,
    rules: Vec<ActiveRule>,
    ignored: Vec<IgnoredRule>,
    index: &RepoIndex,
    settled: Vec<Settled>,
    started: Instant,
) -> Report {
    let (results, kept) = rule_results(&rules, settled);
    let score = score::compute(&results);
    let findings = reported_findings(&rules, &results, kept);
    let passed = settings.fail_under.is_none_or(|t| score.overall >= t)
        && !findings.iter().any(|f| settings.fail_on.trips(f.severity));
    Report {
        root: settings.root.display().to_string(),
        score,
        findings,
        results,
        rules: rules.into_iter().map(|r| r.spec).collect(),
        ignored,
        problems: scan_problems(index),
        summary: Summary {
            files_scanned: index.files().len(),
            files_skipped: index.skipped_count(),
            elapsed_ms: started.elapsed().as_millis() as u64,
        },
        fail_under: settings.fail_under,
        fail_on: settings.fail_on,
        passed,
        anchor_file: anchor_file(index),
        files_checked: None,
        ml: None,
        omitted: BTreeMap::new(),
    }
}

/// Each rule's result and the findings it keeps, in catalog order.
fn rule_results(
    rules: &[ActiveRule],
    settled: Vec<Settled>,
) -> (Vec<RuleResult>, Vec<Vec<Finding>>) {
    let mut kept: Vec<Vec<Finding>> = Vec::with_capacity(rules.len());
    let mut results = Vec::with_capacity(rules.len());
    for (rule, (credit, findings)) in rules.iter().zip(settled) {
        let spec = &rule.spec;
        results.push(RuleResult {
            code: spec.code.clone(),
            name: spec.name.clone(),
            category: spec.category.clone(),
            weight: spec.weight,
            credit,
            findings: findings.len(),
        });
        kept.push(findings);
    }
    (results, kept)
}

/// The kept findings with their catalog data and the points each costs, sorted by (path, line,
/// rule) and then by everything else they carry, so the order never depends on the threads.
fn reported_findings(
    rules: &[ActiveRule],
    results: &[RuleResult],
    kept: Vec<Vec<Finding>>,
) -> Vec<ReportedFinding> {
    let total_weight = score::total_weight(results);
    let mut findings = Vec::new();
    for ((rule, result), rule_findings) in rules.iter().zip(results).zip(kept) {
        let lost = score::points_lost(result, total_weight);
        let weights: Vec<f64> = rule_findings.iter().map(|f| f.weight).collect();
        let points = score::share_points(lost, &weights);
        for (finding, points) in rule_findings.into_iter().zip(points) {
            findings.push(report_finding(&rule.spec, finding, points));
        }
    }
    findings.sort_by(|a, b| {
        (
            &a.path, a.line, &a.rule, a.column, &a.symbol, &a.param, &a.message,
        )
            .cmp(&(
                &b.path, b.line, &b.rule, b.column, &b.symbol, &b.param, &b.message,
            ))
    });
    findings
}

/// Files or folders the walk, the reads or the Python parser could not use, sorted and unique.
fn scan_problems(index: &RepoIndex) -> Vec<ScanProblem> {
    let mut problems = index.walk_problems().to_vec();
    problems.extend(index.read_problems());
    problems.extend(crate::analysis::python::unparsed_files(index));
    problems.extend(crate::analysis::toml_doc::unparsed_files(index));
    problems.sort();
    problems.dedup();
    problems
}

fn anchor_file(index: &RepoIndex) -> String {
    let mut root_files = index.files_in("");
    let first = root_files.next().map(|f| f.path.clone());
    index
        .files_in("")
        .find(|f| f.name().to_ascii_lowercase().starts_with("readme"))
        .map(|f| f.path.clone())
        .or(first)
        .unwrap_or_else(|| ".".to_string())
}

fn report_finding(spec: &RuleSpec, finding: Finding, points: f64) -> ReportedFinding {
    let (path, line, column) = match finding.location {
        Some(loc) => (Some(loc.path), loc.line, loc.column),
        None => (None, None, None),
    };
    ReportedFinding {
        rule: spec.code.clone(),
        name: spec.name.clone(),
        category: spec.category.clone(),
        severity: finding
            .max_severity
            .map_or(spec.severity, |cap| cap.min(spec.severity)),
        message: finding.message,
        path,
        line,
        column,
        symbol: finding.symbol,
        param: finding.param,
        points,
        help: spec.fix.clone(),
        weight: finding.weight,
        section: spec.section,
    }
}

/// `per-file-ignores`: glob → rule selectors whose findings are dropped in matching files.
struct PerFileIgnores {
    globs: GlobSet,
    selectors: Vec<Vec<String>>,
}

impl PerFileIgnores {
    fn new(entries: &[(String, Vec<String>)]) -> Self {
        let mut builder = GlobSetBuilder::new();
        let mut selectors = Vec::new();
        for (pattern, rules) in entries {
            // A bad glob was already rejected when settings were loaded; skip rather than panic.
            if let Ok(glob) = Glob::new(pattern) {
                builder.add(glob);
                selectors.push(rules.clone());
            }
        }
        PerFileIgnores {
            globs: builder.build().unwrap_or_else(|_| GlobSet::empty()),
            selectors,
        }
    }

    fn drops(&self, spec: &RuleSpec, finding: &Finding) -> bool {
        let Some(path) = finding.path() else {
            return false;
        };
        self.globs
            .matches(path)
            .into_iter()
            .any(|i| self.selectors[i].iter().any(|s| spec.matches(s)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::checks::{Check, CheckCtx};

    struct Fixed(Outcome);
    impl Check for Fixed {
        fn run(&self, _cx: &CheckCtx) -> Outcome {
            self.0.clone()
        }
    }

    fn rule(name: &str, outcome: Outcome) -> ActiveRule {
        let mut spec = Catalog::embedded().expect("catalog").rules[0].clone();
        spec.name = name.to_string();
        spec.code = name.to_uppercase();
        ActiveRule {
            spec,
            check: Box::new(Fixed(outcome)),
        }
    }

    fn assemble_with(rules: Vec<ActiveRule>, settings: &Settings) -> Report {
        let index = RepoIndex::from_files(&[("README.md", "# x")]);
        let cx = CheckCtx {
            index: &index,
            settings,
            only_files: None,
        };
        let outcomes = run_checks(&rules, &cx);
        let suppressions = Suppressions::new(RunRules {
            known: Vec::new(),
            ran: Vec::new(),
            all_ran: true,
        });
        let settled = settle(&rules, &cx, outcomes, suppressions);
        assemble(settings, rules, Vec::new(), &index, settled, Instant::now())
    }

    #[test]
    fn lost_points_are_shared_by_finding_weight_and_findings_sorted() {
        let findings = vec![
            Finding::new("small").at("b.py").weight(1.0),
            Finding::new("big").at("a.py").weight(3.0),
        ];
        let report = assemble_with(
            vec![rule("r", Outcome::partial(0.0, 1.0, findings))],
            &Settings::default(),
        );
        assert_eq!(report.score.overall, 0.0);
        let points: Vec<(&str, f64)> = report
            .findings
            .iter()
            .map(|f| (f.message.as_str(), f.points))
            .collect();
        assert_eq!(points, [("big", 75.0), ("small", 25.0)]);
        assert!(!report.passed);
        assert_eq!(report.anchor_file, "README.md");
    }

    #[test]
    fn per_file_ignores_drop_findings_and_give_back_their_credit() {
        let findings = vec![
            Finding::new("x").at("legacy/a.py"),
            Finding::new("y").at("src/b.py"),
        ];
        let settings = Settings {
            per_file_ignores: vec![("legacy/**".to_string(), vec!["r".to_string()])],
            ..Settings::default()
        };
        let report = assemble_with(
            vec![rule("r", Outcome::all_or_nothing(findings))],
            &settings,
        );
        assert_eq!(report.findings.len(), 1);
        assert_eq!(report.score.overall, 50.0);
    }

    #[test]
    fn the_catalog_reads_every_python_text_once() {
        let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/repos");
        let mut names: Vec<_> = std::fs::read_dir(&fixtures)
            .expect("fixtures")
            .map(|e| e.expect("entry").path())
            .collect();
        names.sort();
        for root in names {
            let settings = Settings {
                root: root.clone(),
                isolated: true,
                ..Settings::default()
            };
            let catalog = Catalog::embedded().expect("catalog");
            let (report, index) = run_keeping_index(&settings, catalog, None).expect("run");
            assert!(!report.rules.is_empty());
            assert_eq!(index.rereads(), 0, "{}", root.display());
        }
    }
}
