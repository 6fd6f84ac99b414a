//! `--format html`: one self-contained page people would rather read than a terminal dump.
//!
//! The page holds everything inline (CSS, an SVG chart of the categories, a few lines of script
//! for the filters) and loads nothing, so it opens offline and from a CI artifact. It shows the
//! score and verdict, the category chart, the fix-first list and the findings grouped by rule,
//! filterable by category and severity. The filters live in the URL fragment
//! (`report.html#category=docs&severity=error`), so a filtered view can be linked, and a browser
//! test can load one.
//!
//! Repository text (paths, messages) is untrusted: everything outside the fixed markup goes
//! through [`escape`], the shared escaping layer's HTML function.

use std::io::{self, Write};

use super::by_rule::rules_by_cost;
use super::escape::html as escape;
use super::fix_first::fix_first;
use super::{location_label, verdict, Reporter};
use crate::finding::ReportedFinding;
use crate::report::Report;

/// The HTML reporter.
pub struct Html;

/// Findings of a rule shown before the rest are folded into a `<details>`.
const SHOWN_PER_RULE: usize = 10;

const STYLE: &str = r#"
:root{--bg:#f6f7f9;--card:#fff;--ink:#1d2330;--mute:#5b6475;--line:#e2e5ea;--good:#1f9d55;--mid:#d69e2e;--bad:#d64545;--info:#3b6fd6}
*{box-sizing:border-box}body{margin:0;font:15px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;background:var(--bg);color:var(--ink)}
main{max-width:1040px;margin:0 auto;padding:28px 20px 60px}
header{display:flex;gap:28px;align-items:center;flex-wrap:wrap;background:var(--card);border:1px solid var(--line);border-radius:14px;padding:22px 26px}
.score{font-size:56px;font-weight:700;line-height:1}.score small{font-size:20px;color:var(--mute);font-weight:500}
.verdict{font-weight:600;margin-top:6px}.verdict.failed{color:var(--bad)}.verdict.passed{color:var(--good)}
.root{color:var(--mute);font-size:13px;overflow-wrap:anywhere}
section.card{background:var(--card);border:1px solid var(--line);border-radius:14px;padding:18px 24px;margin-top:18px}
h2{font-size:18px;margin:0 0 12px}h3{font-size:15px;margin:0}
ol.fix{margin:0;padding-left:22px}ol.fix li{margin:6px 0}.gain{font-weight:700;color:var(--good);margin-right:6px}
code,.place{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:13px}.place{color:#0b6e99;overflow-wrap:anywhere}
.filters{display:flex;gap:18px;flex-wrap:wrap;align-items:center;margin-bottom:8px}.filters label{color:var(--mute);font-size:13px}
select{font:inherit;padding:4px 8px;border-radius:8px;border:1px solid var(--line);background:#fff}
.rule{border-top:1px solid var(--line);padding:14px 0}.rule[hidden]{display:none}
.rule-head{display:flex;gap:10px;align-items:baseline;flex-wrap:wrap}.pts{margin-left:auto;color:var(--mute);font-variant-numeric:tabular-nums}
.sev{font-size:12px;font-weight:700;text-transform:uppercase;padding:1px 8px;border-radius:99px;color:#fff}
.sev-error{background:var(--bad)}.sev-warning{background:var(--mid)}.sev-info{background:var(--info)}
.fixtext{color:var(--mute);margin:6px 0}ul.findings{margin:6px 0 0;padding-left:20px}ul.findings li{margin:3px 0}
details summary{cursor:pointer;color:var(--info);margin:6px 0 0 20px;font-size:14px}.empty{color:var(--mute)}footer{color:var(--mute);font-size:13px;margin-top:24px}
"#;

const SCRIPT: &str = r#"
(function(){
  var cat=document.getElementById('f-category'), sev=document.getElementById('f-severity');
  var rules=document.querySelectorAll('.rule'), none=document.getElementById('no-match');
  function fromHash(){
    var p=new URLSearchParams(location.hash.slice(1));
    cat.value=p.get('category')||''; sev.value=p.get('severity')||'';
    if(cat.selectedIndex<0)cat.value=''; if(sev.selectedIndex<0)sev.value='';
  }
  function apply(){
    var shown=0;
    rules.forEach(function(r){
      var ok=(!cat.value||r.dataset.category===cat.value)&&(!sev.value||r.dataset.severity===sev.value);
      r.hidden=!ok; if(ok)shown++;
    });
    none.hidden=shown>0;
  }
  function toHash(){
    var p=new URLSearchParams();
    if(cat.value)p.set('category',cat.value); if(sev.value)p.set('severity',sev.value);
    history.replaceState(null,'','#'+p.toString()); apply();
  }
  cat.addEventListener('change',toHash); sev.addEventListener('change',toHash);
  window.addEventListener('hashchange',function(){fromHash();apply();});
  fromHash(); apply();
})();
"#;

/// Colour of a 0-100 score: green, amber, red, as in the terminal.
fn score_colour(score: f64) -> &'static str {
    if score >= 80.0 {
        "#1f9d55"
    } else if score >= 50.0 {
        "#d69e2e"
    } else {
        "#d64545"
    }
}

/// A horizontal bar chart of the categories as inline SVG.
fn category_chart(report: &Report) -> String {
    let row = 30;
    let height = row * report.score.categories.len().max(1) + 6;
    let mut svg = format!(
        r#"<svg role="img" aria-label="score per category" preserveAspectRatio="xMinYMin meet" width="100%" height="{height}" viewBox="0 0 640 {height}" xmlns="http://www.w3.org/2000/svg">"#
    );
    for (i, c) in report.score.categories.iter().enumerate() {
        let y = i * row + 4;
        svg.push_str(&format!(
            r##"<text x="0" y="{}" font-size="14" fill="#1d2330">{}</text><rect x="190" y="{y}" width="380" height="20" rx="6" fill="#e2e5ea"/>"##,
            y + 15,
            escape(&c.title)
        ));
        match c.score {
            Some(score) => svg.push_str(&format!(
                r##"<rect x="190" y="{y}" width="{:.1}" height="20" rx="6" fill="{}"/><text x="580" y="{}" font-size="14" font-weight="600" fill="#1d2330">{score:.1}</text>"##,
                3.8 * score.clamp(0.0, 100.0),
                score_colour(score),
                y + 15
            )),
            None => svg.push_str(&format!(
                r##"<text x="580" y="{}" font-size="14" fill="#5b6475">n/a</text>"##,
                y + 15
            )),
        }
    }
    svg.push_str("</svg>");
    svg
}

/// The findings grouped by rule, in category order, rules costing the most first.
fn rule_groups(report: &Report) -> Vec<Vec<&ReportedFinding>> {
    report
        .score
        .categories
        .iter()
        .flat_map(|c| rules_by_cost(report.findings.iter().filter(|f| f.category == c.id)))
        .collect()
}

/// One rule's card; `total` counts the findings the per-rule cap left out of `findings` too.
fn write_rule(out: &mut String, findings: &[&ReportedFinding], total: usize) {
    let first = findings[0];
    let lost: f64 = findings.iter().map(|f| f.points).sum();
    let severity = first.severity.as_str();
    out.push_str(&format!(
        r#"<div class="rule" data-category="{}" data-severity="{severity}"><div class="rule-head"><span class="sev sev-{severity}">{severity}</span><h3><code>{}</code> {}</h3><span class="pts">{} {}{}</span></div><p class="fixtext">Fix: {}</p><ul class="findings">"#,
        escape(&first.category),
        escape(&first.rule),
        escape(&first.name),
        total,
        if total == 1 { "finding" } else { "findings" },
        if lost >= 0.05 { format!(" · −{lost:.1} pts") } else { String::new() },
        escape(&first.help),
    ));
    let item = |f: &ReportedFinding| {
        format!(
            r#"<li><span class="place">{}</span> {}</li>"#,
            escape(&location_label(f.path.as_deref(), f.line, f.column)),
            escape(&f.message)
        )
    };
    for f in findings.iter().take(SHOWN_PER_RULE) {
        out.push_str(&item(f));
    }
    out.push_str("</ul>");
    // The rest folded, so a rule with a thousand findings does not bury the next one.
    if findings.len() > SHOWN_PER_RULE {
        out.push_str(&format!(
            r#"<details><summary>{} more</summary><ul class="findings">"#,
            findings.len() - SHOWN_PER_RULE
        ));
        for f in &findings[SHOWN_PER_RULE..] {
            out.push_str(&item(f));
        }
        out.push_str("</ul></details>");
    }
    if total > findings.len() {
        out.push_str(&format!(
            r#"<p class="fixtext">{} more not listed (claw-lint --max-findings-per-rule)</p>"#,
            total - findings.len()
        ));
    }
    out.push_str("</div>\n");
}

fn options(values: &[(String, String)]) -> String {
    values
        .iter()
        .map(|(value, label)| {
            format!(
                r#"<option value="{}">{}</option>"#,
                escape(value),
                escape(label)
            )
        })
        .collect()
}

impl Html {
    fn render(&self, report: &Report) -> String {
        let verdict = verdict::summary(report);
        let state = if report.passed { "passed" } else { "failed" };
        let mut page = format!(
            r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"><title>claw-lint: {:.1}/100 · {}</title><style>{STYLE}</style></head><body><main>"#,
            report.score.overall,
            escape(&report.root)
        );
        page.push_str(&format!(
            r#"<header><div><div class="score" style="color:{}">{:.1}<small>/100</small></div><div class="verdict {state}">{}</div></div><div><div><b>claw-lint</b> contributor-readiness report</div><div class="root">{}</div><div class="root">{} files scanned, {} skipped, {} findings</div></div></header>"#,
            score_colour(report.score.overall),
            report.score.overall,
            escape(&verdict),
            escape(&report.root),
            report.summary.files_scanned,
            report.summary.files_skipped,
            report.total_findings()
        ));
        page.push_str(&format!(
            r#"<section class="card"><h2>Categories</h2>{}</section>"#,
            category_chart(report)
        ));
        if let Some(ml) = &report.ml {
            let items: String = super::ml::lines(ml)
                .iter()
                .map(|line| format!("<li>{}</li>", escape(line.trim())))
                .collect();
            page.push_str(&format!(
                r#"<section class="card"><h2>ML readiness</h2><ul class="ml">{items}</ul></section>"#
            ));
        }
        let top = fix_first(report);
        if !top.is_empty() {
            page.push_str(r#"<section class="card"><h2>Fix these first</h2><ol class="fix">"#);
            for f in top {
                page.push_str(&format!(
                    r#"<li><span class="gain">+{:.1}</span><code>{}</code> {}: {} <span class="place">{}</span></li>"#,
                    f.points,
                    escape(&f.rule),
                    escape(&f.name),
                    escape(&f.message),
                    escape(&location_label(f.path.as_deref(), f.line, f.column))
                ));
            }
            page.push_str("</ol></section>");
        }
        let mut categories = vec![(String::new(), "all".to_string())];
        categories.extend(
            report
                .score
                .categories
                .iter()
                .filter(|c| report.findings.iter().any(|f| f.category == c.id))
                .map(|c| (c.id.clone(), c.title.clone())),
        );
        let severities: Vec<(String, String)> = ["", "error", "warning", "info"]
            .iter()
            .map(|s| {
                (
                    s.to_string(),
                    if s.is_empty() { "all" } else { s }.to_string(),
                )
            })
            .collect();
        page.push_str(&format!(
            r#"<section class="card"><h2>Findings by rule</h2><div class="filters"><label>Category <select id="f-category">{}</select></label><label>Severity <select id="f-severity">{}</select></label></div>"#,
            options(&categories),
            options(&severities)
        ));
        for group in rule_groups(report) {
            let total = report.rule_total(&group[0].rule, group.len());
            write_rule(&mut page, &group, total);
        }
        let empty = if report.findings.is_empty() {
            "No findings."
        } else {
            "No rule matches these filters."
        };
        page.push_str(&format!(
            r#"<p id="no-match" class="empty" hidden>{empty}</p></section><footer>claw-lint {} · score {:.1}/100 · {}</footer></main><script>{SCRIPT}</script></body></html>"#,
            env!("CARGO_PKG_VERSION"),
            report.score.overall,
            escape(&verdict)
        ));
        page.push('\n');
        page
    }
}

impl Reporter for Html {
    fn write(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(self.render(report).as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Severity;
    use crate::report::test_support::{finding, report};

    #[test]
    fn page_is_self_contained_and_escapes_repository_text() {
        let r = report(vec![ReportedFinding {
            message: "<script>alert(1)</script>".to_string(),
            path: Some("a\"b.py".to_string()),
            ..finding("bad", Severity::Error, 3.0)
        }]);
        let page = Html.render(&r);
        assert_eq!(page.matches("<script>").count(), 1, "only our own script");
        assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(page.contains("a&quot;b.py"));
        for remote in ["http://", "https://", "src=\"//"] {
            let outside_svg_ns = page.replace("http://www.w3.org/2000/svg", "");
            assert!(!outside_svg_ns.contains(remote), "loads {remote}");
        }
        assert!(page.contains(r#"data-category="tests" data-severity="error""#));
    }
}
