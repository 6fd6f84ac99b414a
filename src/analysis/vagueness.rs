//! Whether a parameter description tells a reader anything beyond the name, type and default.
//!
//! A pure function over one parameter ([`classify`]) and the `ml-params` lexicon from the catalog
//! ([`Lexicon`], compiled once). It is deliberately conservative: a restatement of the name is
//! only vague when the parameter's correct use needs more (a rate's range, a tensor's shape, an
//! option's values, what `None` means…), because `num_classes: Number of classes.` is fine and a
//! maintainer who sees it flagged turns the rule off.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use regex::Regex;

use super::lazy_regex::LazyRegex;
use serde::Deserialize;

/// The `[lexicon.ml-params]` table as written in the catalog and extended by config.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LexiconSpec {
    /// Whole descriptions that are boilerplate for any parameter.
    pub boilerplate: Vec<String>,
    /// Words that add nothing to a name.
    pub filler: Vec<String>,
    /// Type words (restating the type adds nothing).
    pub type_words: Vec<String>,
    /// Abbreviation → expansion, applied to names and descriptions alike.
    pub abbreviations: BTreeMap<String, String>,
    /// Name regexes of string parameters that pick among fixed values.
    pub option_names: Vec<String>,
    /// Name regexes whose `None` default needs no explanation.
    pub obvious_none: Vec<String>,
    /// Names whose descriptions must state particular facts.
    pub entry: Vec<EntrySpec>,
}

/// One lexicon entry: a name pattern and what its description must say.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntrySpec {
    /// Case-insensitive regex on the parameter name.
    pub pattern: String,
    /// The facts a good description states (for reports and docs).
    pub facts: Vec<String>,
    /// The message asking for them; `{name}` is replaced by the parameter name.
    pub ask: String,
    /// Case-insensitive regexes; one match in description, type or default states a fact.
    pub evidence: Vec<String>,
    /// Whether a description that is not a restatement must still contain evidence.
    #[serde(default = "yes")]
    pub demand: bool,
    /// Words that add nothing for this name ("rate" after "dropout").
    #[serde(default)]
    pub restating: Vec<String>,
    /// Regex the annotation or documented type must match for the entry to apply.
    #[serde(default)]
    pub when_type: Option<String>,
}

fn yes() -> bool {
    true
}

/// A compiled lexicon entry.
#[derive(Debug)]
pub struct Entry {
    pattern: LazyRegex,
    /// The facts it needs.
    pub facts: Vec<String>,
    ask: String,
    evidence: Vec<LazyRegex>,
    demand: bool,
    restating: Vec<String>,
    when_type: Option<LazyRegex>,
}

impl Entry {
    fn ask(&self, name: &str) -> String {
        self.ask.replace("{name}", name)
    }

    fn stated(&self, text: &str) -> bool {
        self.evidence.iter().any(|re| re.is_match(text))
    }
}

/// The compiled lexicon, built once per rule in `checks::build`.
#[derive(Debug)]
pub struct Lexicon {
    boilerplate: BTreeSet<String>,
    filler: BTreeSet<String>,
    type_words: BTreeSet<String>,
    abbreviations: BTreeMap<String, Vec<String>>,
    option_names: Vec<LazyRegex>,
    obvious_none: Vec<LazyRegex>,
    entries: Vec<Entry>,
}

/// A case-insensitive lexicon regex, compiled on first use: the lexicon holds hundreds and a run
/// reaches few of them.
fn ci(pattern: &str) -> Result<LazyRegex, String> {
    LazyRegex::case_insensitive(pattern)
        .map_err(|e| format!("invalid regex {pattern:?} in lexicon ml-params: {e}"))
}

impl Lexicon {
    /// Compiles the lexicon; a bad regex is an error naming it.
    pub fn compile(spec: &LexiconSpec) -> Result<Lexicon, String> {
        let lower = |v: &[String]| v.iter().map(|s| s.to_lowercase()).collect::<BTreeSet<_>>();
        let entries = spec
            .entry
            .iter()
            .map(|e| {
                Ok(Entry {
                    pattern: ci(&e.pattern)?,
                    facts: e.facts.clone(),
                    ask: e.ask.clone(),
                    evidence: e.evidence.iter().map(|p| ci(p)).collect::<Result<_, _>>()?,
                    demand: e.demand,
                    restating: e.restating.iter().map(|w| w.to_lowercase()).collect(),
                    when_type: e.when_type.as_deref().map(ci).transpose()?,
                })
            })
            .collect::<Result<Vec<_>, String>>()?;
        Ok(Lexicon {
            boilerplate: spec.boilerplate.iter().map(|b| normalize(b)).collect(),
            filler: lower(&spec.filler),
            type_words: lower(&spec.type_words),
            abbreviations: spec
                .abbreviations
                .iter()
                .map(|(k, v)| {
                    (
                        k.to_lowercase(),
                        v.split_whitespace().map(str::to_lowercase).collect(),
                    )
                })
                .collect(),
            option_names: spec
                .option_names
                .iter()
                .map(|p| ci(p))
                .collect::<Result<_, _>>()?,
            obvious_none: spec
                .obvious_none
                .iter()
                .map(|p| ci(p))
                .collect::<Result<_, _>>()?,
            entries,
        })
    }

    /// The first entry whose pattern matches the name (and whose `when_type`, if any, matches
    /// the annotation or documented type). Booleans are switches: no entry applies to them.
    pub fn entry_for(&self, name: &str, types: &str) -> Option<&Entry> {
        if BOOL_TYPE.is_match(types.trim()) {
            return None;
        }
        self.entries.iter().find(|e| {
            e.pattern.is_match(name) && e.when_type.as_ref().is_none_or(|re| re.is_match(types))
        })
    }
}

/// Everything known about one parameter.
#[derive(Clone, Copy, Debug, Default)]
pub struct ParamFacts<'a> {
    /// Name without stars.
    pub name: &'a str,
    /// The signature annotation's source text (`""` when none).
    pub annotation: &'a str,
    /// The signature default's source text (`""` when none).
    pub default: &'a str,
    /// The documented type (markup stripped).
    pub type_text: &'a str,
    /// A default stated in the documented type (`defaults to 0.1`).
    pub doc_default: &'a str,
    /// The description (markup stripped).
    pub description: &'a str,
    /// The rest of the docstring (summary, formulas), which may define the name.
    pub context: &'a str,
}

/// What the description is worth.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Says something the name does not.
    Adequate,
    /// No description at all.
    Empty,
    /// Boilerplate or a restatement of the name, for a parameter that needs more; the text is
    /// the message.
    Vague(String),
    /// A lexicon name whose description lacks every fact it needs; the text is the message.
    MissingFacts(String),
}

static DEFAULT_PHRASE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\(\s*defaults?\b[^)]*\)|\b(?:defaults?\s+to|default(?:\s+value)?\s+(?:is|=)|defaults?\s*[:=]|by\s+default|if\s+not\s+(?:given|set|specified|provided)|when\s+not\s+(?:given|set|specified|provided))[^;]*?(?:\.(?:\s|$)|;|$)")
        .expect("static regex")
});
static TENSOR_TYPE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(tensor|ndarray|array[-_ ]?like|array|jax\.Array|KerasTensor)\b")
        .expect("static regex")
});
static SHAPE_STATED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)shape|\(\s*[\w.]+\s*,[^)]*\)|\[\s*[\w.]+\s*,[^\]]*\]|\bof (size|length)\b|\b\d-?d\b|batch|dimension")
        .expect("static regex")
});
static MAPPING_TYPE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(dict|mapping)\b").expect("static regex"));
static CALLABLE_TYPE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(callable|function)\b").expect("static regex"));
static CALLABLE_SIGNATURE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\[\s*\[|->|\(.*\)\s*->").expect("static regex"));
static STR_TYPE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(optional\[)?\s*(str|string)\s*\]?(\s*\|\s*none)?$").expect("static regex")
});
static LISTS_VALUES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)literal|\{|["']\w+["']|\bone of\b|\benum\b"#).expect("static regex")
});
static QUANTITY_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(num|n|max|min)_|_(size|dim|len|length|steps|count|ratio|rate|scale)$")
        .expect("static regex")
});
static VALUE_TYPE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(int|float|str|bool|tensor|ndarray|dtype|device|tuple)\b")
        .expect("static regex")
});
static BOOL_TYPE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(optional\[)?\s*(bool|boolean)\s*\]?(\s*\|\s*none)?$").expect("static regex")
});
static DTYPE_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(integer|floating|boolean|complex|u?int\d+|float\d+|bfloat16)\b")
        .expect("static regex")
});
static KWARGS_LIKE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(kwargs|config|cfg|options|state_dict)$").expect("static regex")
});

/// Lowercase words of a text, punctuation dropped, leading article removed, for boilerplate.
fn normalize(text: &str) -> String {
    let words: Vec<String> = words(text).collect();
    let start = usize::from(matches!(
        words.first().map(String::as_str),
        Some("the" | "a" | "an")
    ));
    words[start.min(words.len())..].join(" ")
}

/// Lowercase alphanumeric words, splitting snake_case, camelCase and dotted names.
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut prev_lower = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if c.is_uppercase() && prev_lower && !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            prev_lower = c.is_lowercase() || c.is_ascii_digit();
            current.extend(c.to_lowercase());
        } else {
            prev_lower = false;
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out.into_iter()
}

fn singular(word: &str) -> String {
    if let Some(stem) = word.strip_suffix("ies") {
        if stem.len() >= 2 {
            return format!("{stem}y");
        }
    }
    if word.len() > 3 && word.ends_with('s') && !word.ends_with("ss") && !word.ends_with("us") {
        return word[..word.len() - 1].to_string();
    }
    word.to_string()
}

impl Lexicon {
    /// The name's words with abbreviations expanded (`lr` → learning, rate).
    fn name_words(&self, name: &str) -> BTreeSet<String> {
        let mut set = BTreeSet::new();
        let parts = words(name).flat_map(|w| {
            // `x2` → x, 2; `beta1` → beta, 1 (and the whole word too).
            let split: Vec<String> = w
                .split(|c: char| c.is_ascii_digit())
                .chain(w.split(|c: char| !c.is_ascii_digit()))
                .filter(|p| !p.is_empty())
                .map(str::to_string)
                .collect();
            std::iter::once(w).chain(split)
        });
        for word in parts {
            let word = singular(&word);
            if let Some(expansion) = self.abbreviations.get(&word) {
                set.extend(expansion.iter().map(|w| singular(w)));
            }
            set.insert(word);
        }
        set
    }

    fn covered(&self, word: &str, name_words: &BTreeSet<String>) -> bool {
        let close = |w: &str| {
            name_words.iter().any(|t| {
                t == w
                    || (t.len() >= 3 && w.starts_with(t.as_str()))
                    || (w.len() >= 4 && t.starts_with(w))
            })
        };
        if close(word) {
            return true;
        }
        self.abbreviations.get(word).is_some_and(|exp| {
            exp.iter()
                .all(|w| close(&singular(w)) || self.filler.contains(w))
        })
    }

    /// Whether every content word of the description is the name's own, filler or a type word.
    pub fn restates(&self, name: &str, description: &str) -> bool {
        let mut name_words = self.name_words(name);
        if let Some(entry) = self.entries.iter().find(|e| e.pattern.is_match(name)) {
            name_words.extend(entry.restating.iter().map(|w| singular(w)));
        }
        words(description).all(|w| {
            let w = singular(&w);
            self.filler.contains(&w)
                || self.type_words.contains(&w)
                || self.covered(&w, &name_words)
        })
    }

    fn is_boilerplate(&self, description: &str) -> bool {
        let norm = normalize(description);
        norm.is_empty() || self.boilerplate.contains(&norm)
    }

    /// What a restatement of this parameter leaves out, or `None` if the name explains itself.
    fn needs(&self, p: &ParamFacts, entry: Option<&Entry>) -> Option<(String, bool)> {
        let name = p.name;
        let types = format!("{} {}", p.annotation, p.type_text);
        if BOOL_TYPE.is_match(p.annotation.trim()) || BOOL_TYPE.is_match(p.type_text.trim()) {
            return None;
        }
        // The bool says whether the documented type or default already states what is needed.
        if let Some(entry) = entry {
            // A dtype word in a restatement ("Input integer tensor.") is still a stated fact.
            let dtypes: Vec<&str> = DTYPE_WORD
                .find_iter(p.description)
                .map(|m| m.as_str())
                .collect();
            // The default does not count: a restatement plus "defaults to 1e-3" still says
            // nothing beyond the name, type and default.
            let in_type = entry.stated(&format!("{} {}", p.type_text, dtypes.join(" ")));
            return Some((entry.ask(name), in_type));
        }
        if TENSOR_TYPE.is_match(&types) {
            return Some((
                format!("say what {name} must hold: its shape, dtype or value range"),
                SHAPE_STATED.is_match(p.type_text),
            ));
        }
        if CALLABLE_TYPE.is_match(&types) && !KWARGS_LIKE.is_match(name) {
            return Some((
                format!("give the signature {name} is called with and what it must return"),
                CALLABLE_SIGNATURE.is_match(&types),
            ));
        }
        if MAPPING_TYPE.is_match(&types) && !KWARGS_LIKE.is_match(name) {
            return Some((format!("describe the keys and values of {name}"), false));
        }
        let annotation = p.annotation.trim().to_lowercase();
        let doc_type = p.type_text.trim().to_lowercase();
        let is_str = STR_TYPE.is_match(&annotation) || STR_TYPE.is_match(&doc_type);
        if is_str
            && self.option_names.iter().any(|re| re.is_match(name))
            && !LISTS_VALUES.is_match(&types)
        {
            return Some((format!("list the values {name} accepts"), false));
        }
        let none_default = p.default.trim() == "None" || p.doc_default.trim() == "None";
        let explains_default = DEFAULT_PHRASE.is_match(p.description)
            || (!p.doc_default.is_empty() && p.doc_default.trim() != "None");
        if none_default
            && !explains_default
            && !self.obvious_none.iter().any(|re| re.is_match(name))
            && (VALUE_TYPE.is_match(&types) || QUANTITY_NAME.is_match(name))
        {
            return Some((format!("say what happens when {name} is None"), false));
        }
        None
    }
}

/// Whether the docstring uses the name in a formula (`decay_rate ^ (step / decay_steps)`),
/// which defines it better than any adjective.
fn in_formula(context: &str, name: &str) -> bool {
    if name.len() < 2 {
        return false;
    }
    let is_op = |c: char| "*/^+-=<>×·".contains(c);
    let bytes = context.as_bytes();
    let mut from = 0;
    while let Some(pos) = context[from..].find(name) {
        let start = from + pos;
        let end = start + name.len();
        from = end;
        let word_char = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
        if (start > 0 && word_char(bytes[start - 1]))
            || bytes.get(end).is_some_and(|&b| word_char(b))
        {
            continue;
        }
        let before = context[..start].trim_end().chars().next_back();
        let after = context[end..].trim_start().chars().next();
        if before.is_some_and(is_op) || after.is_some_and(is_op) {
            return true;
        }
    }
    false
}

/// Classifies one parameter's description.
pub fn classify(p: &ParamFacts, lexicon: &Lexicon) -> Verdict {
    if p.description.trim().is_empty() {
        return Verdict::Empty;
    }
    let description = DEFAULT_PHRASE.replace_all(p.description, " ");
    let types = if p.annotation.trim().is_empty() {
        p.type_text
    } else {
        p.annotation
    };
    let entry = lexicon.entry_for(p.name, types);
    let boilerplate = lexicon.is_boilerplate(&description);
    let restates = boilerplate || lexicon.restates(p.name, &description);
    let defined = in_formula(p.context, p.name);
    if restates && !defined {
        let quoted = quote(p.description);
        match lexicon.needs(p, entry) {
            Some((_, true)) => {}
            Some((ask, false)) if boilerplate => {
                return Verdict::Vague(format!("{quoted} is boilerplate; {ask}"));
            }
            Some((ask, false)) => {
                return Verdict::Vague(format!("{quoted} only restates the name; {ask}"));
            }
            None if boilerplate => {
                return Verdict::Vague(format!(
                    "{quoted} is boilerplate; say what {} is for and which values it accepts",
                    p.name
                ));
            }
            None => {}
        }
    }
    if let Some(entry) = entry.filter(|e| e.demand) {
        let text = format!(
            "{} {} default {} {}",
            p.description, p.type_text, p.doc_default, p.default
        );
        if !entry.stated(&text) && !defined {
            return Verdict::MissingFacts(entry.ask(p.name));
        }
    }
    Verdict::Adequate
}

/// The description in quotes for a message, shortened to one line.
fn quote(description: &str) -> String {
    let one_line: String = description.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut short: String = one_line.chars().take(60).collect();
    if short.len() < one_line.len() {
        short.push('…');
    }
    format!("\"{short}\"")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;

    static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| {
        let catalog = Catalog::embedded().expect("catalog");
        let spec: LexiconSpec = catalog.lexicons.get("ml-params").expect("lexicon");
        Lexicon::compile(&spec).expect("compiles")
    });

    fn lexicon() -> &'static Lexicon {
        &LEXICON
    }

    fn verdict(name: &str, annotation: &str, default: &str, ty: &str, desc: &str) -> String {
        let p = ParamFacts {
            name,
            annotation,
            default,
            type_text: ty,
            description: desc,
            ..ParamFacts::default()
        };
        match classify(&p, lexicon()) {
            Verdict::Adequate => "ok".into(),
            Verdict::Empty => "empty".into(),
            Verdict::Vague(_) => "vague".into(),
            Verdict::MissingFacts(_) => "missing".into(),
        }
    }

    #[test]
    fn verdicts_on_real_phrasings() {
        let rows: &[(&str, &str, &str, &str, &str, &str)] = &[
            // name, annotation, default, doc type, description, verdict
            ("dropout_rate", "float", "0.5", "", "The dropout rate for regularization.", "vague"),
            ("dropout_rate", "float", "0.5", "", "Probability of zeroing an element during training, in [0, 1).", "ok"),
            ("dropout", "float", "0.0", "float", "The dropout probability to use.", "ok"),
            ("rate", "", "", "", "Float between 0 and 1. Fraction of the input units to drop.", "ok"),
            ("attention_dropout", "", "", "float", "Dropout applied after the attention softmax.", "ok"),
            ("dropout", "", "", "", "Dropout rate.", "vague"),
            ("dropout", "", "", "", "Applied after the attention block.", "ok"),
            ("dropout", "", "", "", "Dropout for the transformer encoder.", "missing"),
            ("lr", "float", "1e-3", "", "Learning rate.", "vague"),
            ("learning_rate", "float", "", "", "The learning rate.", "vague"),
            ("learning_rate", "", "", "float", "The learning rate. Typical values are 1e-4 to 1e-3.", "ok"),
            ("lr", "float", "1e-3", "float", "learning rate (default: 1e-3)", "vague"),
            ("eps", "float", "1e-5", "", "Epsilon value.", "vague"),
            ("eps", "float", "", "", "A small value added to the variance to avoid dividing by zero.", "ok"),
            ("momentum", "", "", "", "Momentum for the moving average.", "ok"),
            ("momentum", "", "", "", "Momentum factor.", "vague"),
            ("num_classes", "int", "", "", "Number of classes.", "ok"),
            ("batch_size", "int", "32", "", "Batch size.", "ok"),
            ("seed", "int", "", "", "Random seed.", "ok"),
            ("checkpoint_path", "str", "", "", "Path to the checkpoint.", "ok"),
            ("x", "Tensor", "", "", "Input tensor.", "vague"),
            ("x", "Tensor", "", "", "Input of shape (batch, features).", "ok"),
            ("hidden_states", "", "", "torch.Tensor of shape (batch, seq, dim)", "The hidden states.", "ok"),
            ("hidden_states", "torch.Tensor", "", "torch.Tensor", "The hidden states.", "vague"),
            ("reduction", "str", "'mean'", "", "The reduction to use.", "vague"),
            ("reduction", "str", "'mean'", "", "The reduction: 'mean', 'sum' or 'none'.", "ok"),
            ("reduction", "Literal['mean', 'sum']", "'mean'", "", "The reduction to use.", "ok"),
            ("num_frames", "Optional[int]", "None", "", "The number of frames.", "vague"),
            ("num_frames", "Optional[int]", "None", "", "The number of frames. If None, uses all frames.", "ok"),
            ("callbacks", "", "None", "", "List of callbacks.", "ok"),
            ("name", "str", "None", "", "Name of the layer.", "ok"),
            ("value", "", "", "", "The value.", "vague"),
            ("anything", "", "", "", "Optional.", "vague"),
            ("units", "int", "", "", "Positive integer, dimensionality of the output space.", "ok"),
            ("use_bias", "bool", "True", "", "Whether to use a bias.", "ok"),
            ("a", "int", "", "int", "", "empty"),
            ("temperature", "float", "1.0", "", "Sampling temperature.", "vague"),
            ("temperature", "float", "1.0", "", "Divides the logits; higher values give flatter distributions.", "ok"),
            ("guidance_scale", "float", "7.5", "float, optional, defaults to 7.5", "A higher guidance scale value encourages the model to generate images closely linked to the text prompt at the expense of lower image quality.", "ok"),
            ("attention_mask", "", "", "", "The attention mask.", "vague"),
            ("attention_mask", "", "", "", "Mask to avoid performing attention on padding token indices: 1 for tokens that are not masked.", "ok"),
            ("timeout", "float", "", "", "The timeout value.", "vague"),
            ("timeout", "float", "", "", "Timeout for the request.", "ok"),
            ("timeout", "float", "", "", "Seconds to wait before giving up.", "ok"),
            ("callback", "Callable", "None", "", "The callback function.", "vague"),
            ("callback", "Callable[[int, int], None]", "None", "", "The callback.", "ok"),
            ("model_kwargs", "Dict[str, Any]", "None", "", "Keyword arguments for the model.", "ok"),
            ("in_channels", "int", "3", "", "Number of input channels.", "ok"),
            ("alpha", "float", "", "", "The alpha parameter.", "vague"),
            ("alpha", "float", "", "", "Negative slope coefficient.", "ok"),
            ("sample", "torch.Tensor", "", "torch.Tensor", "The input sample.", "vague"),
            ("x2", "", "", "", "Second input tensor.", "vague"),
            ("x", "", "", "", "Input integer tensor.", "ok"),
            ("interpolation_scale", "", "", "float", "The scale of the interpolation.", "vague"),
            ("axis", "int", "-1", "int", "The axis.", "vague"),
            ("axis", "int", "-1", "int", "Axis along which the softmax is applied.", "ok"),
            ("embed_dim", "int", "", "int", "The embedding dimension.", "vague"),
            ("norm_layer", "Optional[LayerType]", "None", "", "Normalization layer.", "vague"),
            ("norm_layer", "Optional[LayerType]", "None", "", "Normalization layer class, e.g. nn.LayerNorm.", "ok"),
            ("num_layers", "int", "", "", "Number of layers.", "ok"),
            ("upscale_factor", "int", "2", "int", "The upscale factor.", "ok"),
            ("lora_scale", "float", "", "float", "A lora scale applied to all LoRA layers of the text encoder.", "ok"),
            ("in_channels", "int", "", "int", "Number of input channels.", "ok"),
            ("z", "torch.Tensor", "", "torch.Tensor", "Input batch of latent vectors.", "ok"),
            ("out_channels", "int | None", "None", "", "Number of output channels. Defaults to channels.", "ok"),
            ("enable_progress_bar", "Optional[bool]", "None", "", "Whether to enable the progress bar. Default: True.", "ok"),
            ("default_size", "", "", "", "Default input image size.", "ok"),
            ("default", "", "None", "", "The default value to return if not found", "ok"),
            ("steps", "int", "", "", "The default number of inference steps used to generate a schedule.", "ok"),
            ("prepare_unconditional_embeds", "bool", "True", "", "Whether to use prepare unconditional embeddings or not.", "ok"),
            ("act_fn", "str | None", "None", "str", "The activation function to use.", "vague"),
            ("dropout", "float", "0.1", "float, defaults to 0.1", "Defaults to 0.1.", "vague"),
        ];
        for (name, annotation, default, ty, desc, want) in rows {
            assert_eq!(
                verdict(name, annotation, default, ty, desc),
                *want,
                "{name}: {desc}"
            );
        }
    }

    #[test]
    fn formula_in_the_docstring_defines_the_name() {
        let p = ParamFacts {
            name: "decay_rate",
            annotation: "float",
            description: "The decay rate.",
            context: "decayed = initial_learning_rate * decay_rate ^ (step / decay_steps)",
            ..ParamFacts::default()
        };
        assert_eq!(classify(&p, lexicon()), Verdict::Adequate);
        let alone = ParamFacts { context: "", ..p };
        assert!(matches!(classify(&alone, lexicon()), Verdict::Vague(_)));
    }

    #[test]
    fn the_message_names_the_missing_fact() {
        let p = ParamFacts {
            name: "dropout_rate",
            description: "The dropout rate for regularization.",
            ..ParamFacts::default()
        };
        assert_eq!(
            classify(&p, lexicon()),
            Verdict::Vague("\"The dropout rate for regularization.\" only restates the name; say whether dropout_rate is the probability of dropping or of keeping an element, and its range".into())
        );
    }

    #[test]
    fn words_split_names_and_prose() {
        let got: Vec<String> = words("hiddenSize of dropout_rate, 0.5").collect();
        assert_eq!(got, ["hidden", "size", "of", "dropout", "rate", "0", "5"]);
        assert_eq!(singular("probabilities"), "probability");
        assert_eq!(singular("class"), "class");
    }
}
