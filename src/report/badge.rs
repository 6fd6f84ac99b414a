//! `--format badge`: a shields.io-style "flat" SVG badge of the score, for a README
//! (`claw-lint --format badge -o .github/claw-lint.svg`), rendered locally so no badge service
//! has to be trusted or reached.
//!
//! Only the fixed label and the number appear in it, never repository text, so there is nothing
//! to escape. Text widths follow Verdana 11px (the shields font) closely enough that the text
//! fits its box; `textLength` makes renderers stretch it to exactly that width.

use std::io::{self, Write};

use super::Reporter;
use crate::report::Report;

/// The badge reporter.
pub struct Badge;

/// The label on the left half.
pub const LABEL: &str = "contributor readiness";

/// Horizontal padding on each side of a text, in pixels.
const PADDING: f64 = 6.0;

/// Shields' colour steps, best first: the badge should read at a glance.
const COLOURS: [(f64, &str); 5] = [
    (90.0, "#4c1"),    // brightgreen
    (80.0, "#97ca00"), // green
    (70.0, "#a4a61d"), // yellowgreen
    (60.0, "#dfb317"), // yellow
    (40.0, "#fe7d37"), // orange
];
const RED: &str = "#e05d44";

/// The fill colour for a score (0-100).
pub fn colour(score: f64) -> &'static str {
    COLOURS
        .iter()
        .find(|(min, _)| score >= *min)
        .map_or(RED, |(_, colour)| colour)
}

/// Approximate advance width of a character in Verdana 11px.
fn char_width(c: char) -> f64 {
    match c {
        '0'..='9' => 7.0,
        'i' | 'l' => 3.0,
        'j' => 3.8,
        'f' => 3.9,
        't' => 4.3,
        'r' => 4.7,
        's' => 5.7,
        'c' | 'z' => 5.8,
        'k' | 'v' | 'x' | 'y' => 6.5,
        'e' => 6.6,
        'o' => 6.7,
        'a' => 6.8,
        'b' | 'd' | 'g' | 'p' | 'q' => 6.9,
        'h' | 'n' | 'u' => 7.0,
        'w' => 8.9,
        'm' => 10.7,
        ' ' | '.' => 3.9,
        '-' => 4.6,
        '%' => 11.9,
        _ => 7.5,
    }
}

fn text_width(text: &str) -> f64 {
    text.chars().map(char_width).sum::<f64>().ceil()
}

/// The badge for a score (0-100).
pub fn svg(score: f64) -> String {
    let value = format!("{}%", score.clamp(0.0, 100.0).floor());
    let label_text = text_width(LABEL);
    let value_text = text_width(&value);
    let label_box = label_text + 2.0 * PADDING;
    let value_box = value_text + 2.0 * PADDING;
    let total = label_box + value_box;
    // Text is drawn at scale(.1) for sub-pixel positioning, as shields does.
    let label_x = label_box * 5.0;
    let value_x = (label_box + value_box / 2.0) * 10.0;
    let colour = colour(score);
    let title = format!("{LABEL}: {value}");
    let label_len = label_text * 10.0;
    let value_len = value_text * 10.0;
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{total}" height="20" role="img" aria-label="{title}">
  <title>{title}</title>
  <linearGradient id="s" x2="0" y2="100%">
    <stop offset="0" stop-color="#bbb" stop-opacity=".1"/>
    <stop offset="1" stop-opacity=".1"/>
  </linearGradient>
  <clipPath id="r">
    <rect width="{total}" height="20" rx="3" fill="#fff"/>
  </clipPath>
  <g clip-path="url(#r)">
    <rect width="{label_box}" height="20" fill="#555"/>
    <rect x="{label_box}" width="{value_box}" height="20" fill="{colour}"/>
    <rect width="{total}" height="20" fill="url(#s)"/>
  </g>
  <g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" text-rendering="geometricPrecision" font-size="110">
    <text aria-hidden="true" x="{label_x}" y="150" fill="#010101" fill-opacity=".3" transform="scale(.1)" textLength="{label_len}">{LABEL}</text>
    <text x="{label_x}" y="140" transform="scale(.1)" fill="#fff" textLength="{label_len}">{LABEL}</text>
    <text aria-hidden="true" x="{value_x}" y="150" fill="#010101" fill-opacity=".3" transform="scale(.1)" textLength="{value_len}">{value}</text>
    <text x="{value_x}" y="140" transform="scale(.1)" fill="#fff" textLength="{value_len}">{value}</text>
  </g>
</svg>
"##
    )
}

impl Reporter for Badge {
    fn write(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(svg(report.score.overall).as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_steps_follow_shields() {
        for (score, expected) in [
            (100.0, "#4c1"),
            (90.0, "#4c1"),
            (89.9, "#97ca00"),
            (75.0, "#a4a61d"),
            (60.0, "#dfb317"),
            (45.5, "#fe7d37"),
            (39.9, "#e05d44"),
            (0.0, "#e05d44"),
        ] {
            assert_eq!(colour(score), expected, "score {score}");
        }
    }

    #[test]
    fn the_score_is_floored_so_the_badge_never_rounds_up_to_a_threshold() {
        assert!(svg(89.96).contains(">89%</text>"));
        assert!(svg(100.0).contains(">100%</text>"));
        assert!(svg(-3.0).contains(">0%</text>"));
    }

    #[test]
    fn boxes_add_up_to_the_width() {
        let badge = svg(87.0);
        // label 118 + 12 padding, value "87%" 26 + 12 padding.
        assert!(badge
            .starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"168\" height=\"20\""));
        assert!(badge.contains("<rect x=\"130\" width=\"38\" height=\"20\" fill=\"#97ca00\"/>"));
    }
}
