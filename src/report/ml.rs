//! The ML family's applicability facts and Papers-with-Code figure as plain lines, shared by the
//! text formats (human, Markdown, GitHub annotations) so they all say the same thing. Callers
//! escape the lines by their own format's rules: the evidence names repository files.

use crate::analysis::completeness::MlSummary;

/// One line of facts (`ML project: application, depends on torch (requirements.txt:1)`), then,
/// for an ML project, the figure and one line per checklist item.
pub fn lines(ml: &MlSummary) -> Vec<String> {
    if !ml.ml_project {
        return vec![format!(
            "ML project: no ({}); the ML rules do not apply",
            ml.ml_evidence
        )];
    }
    let mut lines = vec![format!(
        "ML project: {} ({}); {} ({})",
        "yes", ml.ml_evidence, ml.kind, ml.kind_evidence
    )];
    if let Some(figure) = ml.completeness {
        lines.push(format!(
            "Papers with Code completeness: {}/5",
            format_figure(figure)
        ));
        for item in &ml.items {
            let mark = match item.credit {
                c if c >= 1.0 => "yes",
                c if c > 0.0 => "partly",
                _ => "no",
            };
            lines.push(format!("  {:<12} {:<6} {}", item.id, mark, item.detail));
        }
    }
    lines
}

/// `3`, `3.5`: halves shown only when present.
pub fn format_figure(figure: f64) -> String {
    if figure.fract() == 0.0 {
        format!("{figure:.0}")
    } else {
        format!("{figure:.1}")
    }
}
