//! Whether a parameter description tells a reader anything beyond the name, type and default.
//!
//! A pure function over one parameter ([`classify`]) and the `ml-params` lexicon from the catalog
//! ([`Lexicon`], compiled once). It is deliberately conservative: a restatement of the name is
//! only vague when the parameter's correct use needs more (a rate's range, a tensor's shape, an
//! option's values, what `None` means…), because `num_classes: Number of classes.` is fine and a
//! maintainer who sees it flagged turns the rule off.

use std::cell::OnceCell;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use regex::Regex;

use super::ascii_words::builtin_regex;
use super::lazy_regex::{ShortInputRegex, ShortInputSet};
use serde::Deserialize;

/// The `[lexicon.ml-params]` table as written in the catalog and extended by config.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LexiconSpec {
    /// Whole descriptions that are placeholders for a description ("TODO", "...").
    pub placeholders: Vec<String>,
    /// Name regexes of plumbing values that need nothing beyond their name (`device`, `dtype`,
    /// `seed`), even with a `None` default: `None` there means the usual default.
    pub plumbing: Vec<String>,
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
    /// Whether a numeric default (in the signature or the type part) states the fact: a reader
    /// sees `lr=1e-3` and knows the magnitude.
    #[serde(default)]
    pub default_states: bool,
}

fn yes() -> bool {
    true
}

/// A compiled lexicon entry (its name pattern is in [`Lexicon`]'s set of them).
#[derive(Debug)]
pub struct Entry {
    /// The facts it needs.
    pub facts: Vec<String>,
    ask: String,
    /// One set for all the evidence patterns: a single search asks whether any matches.
    evidence: ShortInputSet,
    demand: bool,
    restating: Vec<String>,
    when_type: Option<ShortInputRegex>,
    default_states: bool,
}

impl Entry {
    fn ask(&self, name: &str) -> String {
        self.ask.replace("{name}", name)
    }

    fn stated(&self, text: &str) -> bool {
        self.evidence.is_match(text)
    }

    /// Whether the parameter's default states the fact, for entries where a number does.
    fn stated_by_default(&self, p: &ParamFacts) -> bool {
        self.default_states
            && [p.default, p.doc_default]
                .iter()
                .any(|d| NUMERIC_DEFAULT.is_match(d.trim().trim_matches('`')))
    }
}

/// The compiled lexicon, built once per rule in `checks::build`.
#[derive(Debug)]
pub struct Lexicon {
    placeholders: BTreeSet<String>,
    /// The most letters and digits a placeholder has, so longer descriptions skip the lookup.
    placeholder_letters: usize,
    plumbing: Vec<ShortInputRegex>,
    filler: BTreeSet<String>,
    type_words: BTreeSet<String>,
    abbreviations: BTreeMap<String, Vec<String>>,
    option_names: Vec<ShortInputRegex>,
    obvious_none: Vec<ShortInputRegex>,
    entries: Vec<Entry>,
    /// The entries' name patterns, in order: one search of a name finds every entry it
    /// matches, where trying each entry's pattern in turn searched it two dozen times.
    entry_names: ShortInputSet,
}

/// A case-insensitive lexicon regex, compiled on first use: the lexicon holds hundreds and a run
/// reaches few of them. It only ever reads a name, a type or one entry's text.
fn ci(pattern: &str) -> Result<ShortInputRegex, String> {
    ShortInputRegex::case_insensitive(pattern).map_err(|e| invalid(pattern, &e))
}

/// Case-insensitive lexicon regexes matched together (see [`ci`]), checked in order.
fn ci_set(patterns: &[String]) -> Result<ShortInputSet, String> {
    ShortInputSet::case_insensitive(patterns.to_vec()).map_err(|(pattern, e)| invalid(&pattern, &e))
}

/// The config error for a lexicon regex that does not parse.
fn invalid(pattern: &str, e: &regex::Error) -> String {
    format!("invalid regex {pattern:?} in lexicon ml-params: {e}")
}

impl Lexicon {
    /// Compiles the lexicon; a bad regex is an error naming it.
    pub fn compile(spec: &LexiconSpec) -> Result<Lexicon, String> {
        let lower = |v: &[String]| v.iter().map(|s| s.to_lowercase()).collect::<BTreeSet<_>>();
        let entries = spec
            .entry
            .iter()
            .map(|e| {
                // Checked here, in the order of the entry's fields, so that a config with
                // several bad patterns names the same first one; compiled in `entry_names`.
                ci(&e.pattern)?;
                Ok(Entry {
                    facts: e.facts.clone(),
                    ask: e.ask.clone(),
                    evidence: ci_set(&e.evidence)?,
                    demand: e.demand,
                    restating: e.restating.iter().map(|w| w.to_lowercase()).collect(),
                    when_type: e.when_type.as_deref().map(ci).transpose()?,
                    default_states: e.default_states,
                })
            })
            .collect::<Result<Vec<_>, String>>()?;
        let entry_names: Vec<String> = spec.entry.iter().map(|e| e.pattern.clone()).collect();
        let placeholders: BTreeSet<String> =
            spec.placeholders.iter().map(|b| normalize(b)).collect();
        Ok(Lexicon {
            placeholder_letters: placeholders.iter().map(|p| letters(p)).max().unwrap_or(0),
            placeholders,
            plumbing: spec
                .plumbing
                .iter()
                .map(|p| ci(p))
                .collect::<Result<_, _>>()?,
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
            entry_names: ci_set(&entry_names)?,
        })
    }

    /// The first entry whose pattern matches the name (and whose `when_type`, if any, matches
    /// the annotation or documented type). Booleans are switches: no entry applies to them.
    pub fn entry_for(&self, name: &str, types: &str) -> Option<&Entry> {
        if BOOL_TYPE.is_match(types.trim()) {
            return None;
        }
        let named = self.entry_names.matches(name);
        // Bound before it is returned: the search borrows `named`, which must outlive it.
        let found = named
            .iter()
            .map(|i| &self.entries[i])
            .find(|e| e.when_type.as_ref().is_none_or(|re| re.is_match(types)));
        found
    }

    /// The first entry whose pattern matches the name, whatever the types.
    fn entry_named(&self, name: &str) -> Option<&Entry> {
        let first = self.entry_names.matches(name).iter().next();
        first.map(|i| &self.entries[i])
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
    /// The function's qualified name (`Attention.forward`, `log2`), which sets its role.
    pub function: &'a str,
}

/// What the description is worth.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// States what the parameter needs (or it needs nothing beyond its name).
    Adequate,
    /// No description at all.
    Empty,
    /// A need the entry leaves unstated (a shape, what `None` means, the allowed values, a
    /// structure), or a placeholder; the text is the message.
    Vague(String),
    /// A lexicon hyperparameter whose range or meaning is unstated; the text is the message.
    MissingFacts(String),
}

/// What a newcomer must know to pass a correct value, beyond the name.
#[derive(Clone, Copy, Debug)]
pub enum Need<'l> {
    /// A tensor entering a layout-sensitive function: its shape or layout.
    Shape,
    /// A `None` default whose meaning is not obvious.
    NoneMeaning,
    /// A string option: the values it accepts.
    AllowedValues,
    /// A mapping: its keys and values.
    Keys,
    /// A callable the user writes: its signature.
    Signature,
    /// A bare position (`begin_index`, `end`, `offset`): what it indexes into.
    Index,
    /// A lexicon hyperparameter: its range and meaning (the lexicon says which facts).
    RangeAndMeaning(&'l Entry),
}

/// What the function is, as far as its parameters' needs go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// `forward`, `__call__`, `call`, an encoder or decoder: tensors arrive in a layout the
    /// function expects.
    Forward,
    /// A loss or metric (`update`, `compute`, a `*loss*` function): predictions and targets.
    LossOrMetric,
    /// A framework hook (`on_*`, `training_step`, `*_epoch_end`): the framework passes the values.
    Hook,
    /// Scheduler or sampler arithmetic on latents, where any shape works.
    SchedulerArithmetic,
    /// Anything else.
    Other,
}

impl Role {
    /// The role of a function from its qualified name.
    pub fn of(function: &str) -> Role {
        let (class, name) = function.rsplit_once('.').unwrap_or(("", function));
        let class = class.rsplit('.').next().unwrap_or("").to_lowercase();
        let name = name.to_lowercase();
        if HOOK_NAME.is_match(&name) {
            Role::Hook
        } else if matches!(name.as_str(), "forward" | "__call__" | "call" | "_forward")
            || CODEC_NAME.is_match(&name)
        {
            if LOSS_OR_METRIC.is_match(&class) {
                Role::LossOrMetric
            } else {
                Role::Forward
            }
        } else if LOSS_OR_METRIC.is_match(&name)
            || (LOSS_OR_METRIC.is_match(&class) && matches!(name.as_str(), "update" | "compute"))
        {
            Role::LossOrMetric
        } else if SCHEDULER_CLASS.is_match(&class) {
            Role::SchedulerArithmetic
        } else {
            Role::Other
        }
    }
}

static HOOK_NAME: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(
        r"^on_|^(training|validation|test|predict)_step(_end)?$|_(epoch|batch)_(start|end)$|^configure_",
    )
});
/// Encoders and decoders take a layout as much as a `forward` does.
static CODEC_NAME: LazyLock<Regex> = LazyLock::new(|| builtin_regex(r"(^|_)(de|en)code($|_)"));
static LOSS_OR_METRIC: LazyLock<Regex> = LazyLock::new(|| builtin_regex(r"loss|metric|criterion"));
static SCHEDULER_CLASS: LazyLock<Regex> =
    LazyLock::new(|| builtin_regex(r"(scheduler|sampler|solver)$"));
/// A plain number: `1e-3`, `0.01`, `5`.
static NUMERIC_DEFAULT: LazyLock<Regex> =
    LazyLock::new(|| builtin_regex(r"^-?\d+(\.\d*)?([eE]-?\d+)?$"));
static DEFAULT_PHRASE: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(
        r"(?i)\(\s*defaults?\b[^)]*\)|\b(?:defaults?\s+to|default(?:\s+value)?\s+(?:is|=)|defaults?\s*[:=]|by\s+default|if\s+not\s+(?:given|set|specified|provided)|when\s+not\s+(?:given|set|specified|provided))[^;]*?(?:\.(?:\s|$)|;|$)",
    )
});
/// Only repeats the default: "Defaults to None.", "Default: 0.0", "default None".
static BARE_DEFAULT: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(
        r"(?i)\(?\s*\bdefaults?(\s+value)?(\s+(to|is|=))?\s*[:=]?\s*`*[\w.'\x22-]+`*\s*\)?\s*[.;]?",
    )
});
static TENSOR_TYPE: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(
        r"(?i)\b(tensor|\w+Tensor|ndarray|array[-_ ]?like|array|jax\.Array|KerasTensor)\b",
    )
});
/// Untyped names that hold tensors where the role says so (a forward, a loss or metric).
static TENSOR_NAME: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(
        r"(?i)^(x|x\d|y|inputs?|hidden_states?|.*_hidden_states|logits|preds?|predictions?|targets?|y_true|y_pred|labels|latents?|pixel_values|input_ids|.*_embeds|features|query|key|value|mask|attention_mask)$",
    )
});
/// A mapping as the outer type (`dict[str, X]`, `Optional[Mapping]`), not a list of dicts.
static MAPPING_TYPE: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(r"(?i)^`?\s*(optional\[\s*)?(typing\.)?(dict|mapping|dictionary)\b")
});
/// A callable as the outer type.
static CALLABLE_TYPE: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(r"(?i)^`?\s*(optional\[\s*)?(typing\.|collections\.abc\.)?callable\b")
});
static STR_TYPE: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(r"^(optional\[)?\s*(str|string)\s*\]?(\s*\|\s*none)?(\s*,\s*optional)?$")
});
static LITERAL_TYPE: LazyLock<Regex> =
    LazyLock::new(|| builtin_regex(r"(?i)literal\[|\benum\b|\{"));
/// Outer types whose `None` simply means "absent" or "empty": a string, a container.
static ABSENT_MEANS_EMPTY: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(
        r"(?i)^`?\s*(optional\[\s*)?(typing\.)?(str|string|list|tuple|set|dict|sequence|iterable|mapping|bool|boolean)\b",
    )
});
/// Outer types whose `None` default has no obvious meaning: numbers and `Any`.
static AMBIGUOUS_NONE_TYPE: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(r"(?i)^`?\s*(optional\[\s*)?(typing\.)?(int|float|number|numeric|scalar|any)\b")
});
static INT_TYPE: LazyLock<Regex> =
    LazyLock::new(|| builtin_regex(r"(?i)^`?\s*(optional\[\s*)?(int|integer)\b"));
/// Bare positions, with no noun saying what they index (`begin_index`, `end`; not
/// `epoch_idx`, whose noun says it).
static INDEX_NAME: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(
        r"(?i)^((begin|start|end|stop|first|last)(_(index|idx|pos|position))?|index|idx)$",
    )
});
/// Untyped values whose name says they are a quantity (a count, a size, an index, a knob; the
/// head noun decides, so `alpha_constraint` is a constraint):
/// `None` there is ambiguous, where for an untyped object (a regulariser, a callback) it
/// plainly means "not given".
static QUANTITY_NAME: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(
        r"(?i)^(n|num|nb|max|min)_|^(start|end|stop|offset)$|(^|_)(size|sizes|dim|dims|ndim|height|width|depth|length|len|count|steps?|stride|strides|index|idx|rate|ratio|factor|scale|eps|epsilon|threshold|thresh|thickness|cropping|padding|limit|units|channels|alpha|beta|gamma|temperature|momentum|decay|axis|axes|level|order)$",
    )
});
/// An untyped entry whose first words say it is a quantity ("Number of columns…",
/// "Integer, expected rank…", "The stride length…").
static QUANTITY_LEAD: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(
        r"(?i)^\W*((an?|the)\s+)?(optional\s+)?(\w+\s+)?(number|size|count|length|width|height|depth|dimension|dimensionality|rank|index|stride|rate|ratio|factor|scale|epsilon|threshold|thickness|integer|int|float|positive|non-negative|amount|fraction|probability|maximum|minimum|scalar)\b",
    )
});
/// An entry opening with "Optional" ("Optional scaling factor for…", keras's way of saying the
/// value may be left out).
static OPTIONAL_LEAD: LazyLock<Regex> =
    LazyLock::new(|| builtin_regex(r"(?i)^\W*(an?\s+)?optional\b"));
/// Timestep tensors: in a scheduler's arithmetic the latents take any shape, but a tensor of
/// timesteps must line up with them (one per sample? one for all?). The singular `timestep` is
/// the current step, a scalar.
static TIMESTEP_NAME: LazyLock<Regex> = LazyLock::new(|| builtin_regex(r"(?i)^timesteps$"));
/// A type that admits a string (a prompt, a path): such a value is not a tensor whose layout
/// matters, even when a tensor is among its types.
static STR_ADMITTED: LazyLock<Regex> = LazyLock::new(|| builtin_regex(r"(?i)\bstr\b|\bstring\b"));
/// Tensor names of shape-agnostic operations: element-wise math and axis shuffles take any
/// tensor (`log2(x)`, `rearrange(tensor)`).
static GENERIC_OPERAND: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(r"(?i)^(x|x\d|x_\d|y|a|b|arr|array|tensor|input|inputs|values?|t)$")
});
static BOOL_TYPE: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(r"(?i)^(optional\[)?\s*(bool|boolean)\s*\]?(\s*\|\s*none)?(\s*,\s*optional)?$")
});
static DTYPE_WORD: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(r"(?i)\b(integer|floating|boolean|complex|u?int\d+|float\d+|bfloat16)\b")
});
static KWARGS_LIKE: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(r"(?i)(kwargs|config|cfg|options|state_dict|metadata|meta|extras?|tags)$")
});
/// Evidence that the entry gives a shape or layout: `of shape`, `(batch, seq_len)`,
/// `[B, T, C]`, `2-D`, "same shape as", a dtype ("integer tensor"), a per-sample count.
static SHAPE_STATED: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(
        r"(?i)shape|\[\s*\w+\s*(x|×|\*)\s*\w+|\(\s*[\w.*`]+\s*,[^)]*\)|\[\s*[\w.*`]+\s*,[^\]]*\]|\bof (size|length)\b|\b\d-?d\b|\bbatch|dimension|\bdims?\b|\bscalar\b|\brank\b|channels?[ _-](first|last)|\bone per\b|\bper (sample|token|element|batch|image|frame|head)\b|\b(integer|floating|boolean|complex|u?int\d+|float\d+|bfloat16)\b|\bsequence of\b|\bflattened\b",
    )
});
/// Evidence that the entry says what `None` (or leaving it out) means.
static NONE_STATED: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(
        r"(?i)\bif\b[^.]{0,30}\bnone\b|\bnone\b[^.]{0,12}\b(means?|uses?|disables?|to\b|for\b|will|implies|indicates|selects|skips|turns)|\bwhen\b[^.]{0,20}\bnone\b|\b(not|isn't|is not|are not)\s+(given|set|specified|provided|passed|supplied)\b|\bif\s+(omitted|unset|empty|absent|missing|not\b|no\b)|\botherwise\b|\bfalls?\s+back|\bby default\b|\bautomatically\b|\binferred\b|\bwill be (generated|computed|created|used|set|derived|taken|determined)|\bderived from\b|\bleave (it )?(as )?none|\bnone (is|=) \w+|\bunless\b|\bnone\b,?\s+(disabling|meaning|using|so|which|i\.e)|\bdefault (is|behaviou?r is) to\b",
    )
});
/// Evidence that the entry lists the values a string option takes.
static VALUES_STATED: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(
        r#"(?i)["'“‘][\w.:/+-]+["'”’]|`[^`\s]+`|\bone of\b|\beither\b|\{[^}]*\}|\be\.g\.|\bsuch as\b|\bfor example\b|\bsupported\b|\bavailable\b|\bchoices?\b|\boptions?\b\s*(are|:)|\bliteral\b"#,
    )
});
/// Evidence that the entry gives a mapping's keys (and values).
static KEYS_STATED: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(
        r"(?i)\bkeys?\b|\bmaps?\b|\bmapping (from|of|between)\b|->|→|\bindexed by\b|\bkeyed\b|\bnames? to\b|\bmapping\s+\w+[^.]{0,80}\bto\b|\bfrom \w+ (names? )?to\b|\{[^}]*:[^}]*\}|\bentries\b|\bkeyword arguments\b|\bkwargs\b|\bstate[ _-]?dicts?\b|\blook(ed|s)? (the \w+ )?up\b|\bby (name|key)\b|\bwith [`'\x22]?\w+[`'\x22]?,\s*[`'\x22]?\w+|\b(contain(s|ing)?|with|has|having)\b[^.]{0,20}[`'\x22]\w+[`'\x22]|\b(contain(s|ing)?|with)\s+\w+(\s+\w+)?\s*(,|\band\b)\s*\w+|\b(dict(ionary)?|mapping)\W+\w+\W+to\b|\banything\b|\barbitrary\b|\b(such as|e\.g\.|for example)\s*[`'\x22]\w+",
    )
});
/// Evidence that the entry gives a callable's signature or contract.
static SIGNATURE_STATED: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(
        r"(?i)->|\w\s*\([^)]*\)|\btakes?\b|\bcalled (with|on|for|after|before|at|once|every)\b|\breceives?\b|\breturns?\b|\bsignature\b|\baccepts?\b|\bappl(y|ied|ies) to\b|\bmaps?\b|\bgiven (the|a|an)\b|\bmust\b|\bas (its|the) (first|only|single) argument\b|callable\[|\b(sub)?class(es)?\b",
    )
});

/// Evidence that the entry says what a bare position indexes: "index into the timesteps",
/// "position of the first token", "inclusive", "0-based".
static INDEX_STATED: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(
        r"(?i)\binto\b|\b(in|ex)clusive\b|\b(zero|one|0|1)-based\b|\bcounting from\b|\b(index|position|offset) (of|in|within) (the|a|an|each) \w+|\bof the (first|last)\b|\bfrom the (start|end|beginning)\b",
    )
});
/// A mask that names what it masks ("Attention mask for `prompt_embeds`", "mask of the text
/// embeddings"): it has that tensor's layout, as an entry "applied to `hidden_states`" does.
static MASK_TARGET: LazyLock<Regex> =
    LazyLock::new(|| builtin_regex(r"(?i)\bmasks?\b[^.]{0,20}?\b(for|of|over|on)\s+\S"));
/// "Defaults to `channels`." under a `None` default: the entry says what `None` resolves to.
static DEFAULT_RESOLVES_TO: LazyLock<Regex> =
    LazyLock::new(|| builtin_regex(r"(?i)\bdefaults?\s+(?:to|is)\s*:?\s*[`'\x22]*(\w+(?:\.\w+)*)"));

/// Whether the description says what a `None` default resolves to ("Defaults to
/// `backend.epsilon()`"), rather than repeating that it is `None`.
fn resolves_default(raw: &str) -> bool {
    DEFAULT_RESOLVES_TO
        .captures_iter(raw)
        .any(|caps| !caps[1].eq_ignore_ascii_case("none"))
}

/// Phrases that state a fact of their own (a constraint, a behaviour, a relation to something
/// else): an entry with one is informative even when it leaves a need unstated.
static FACT_STATED: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(
        r"(?i)\bif\b|\bwhen\b|\bmust\b|\bshould\b|\bonly\b|\bappl(y|ied|ies) (to|as|on|after|before)\b|\bsummed\b|\badded to\b|\bgenerated (with|by|from)\b|\breturned by\b|\boutput of\b|\bindicat|\bwhere\b|\bcontains?\b|\bduring\b|\be\.g\.|\bsuch as\b|\bin-place\b|\bignored\b|\bunused\b|\bpasse[sd]? (to|on|through)\b|\bmultipl|\bfed to\b|\bcomputed (by|from|with)\b",
    )
});

impl Need<'_> {
    /// Whether the entry's own text (description and type part) states what this need asks.
    /// `raw` is the description as written: "Default is None, disabling truncation" says what
    /// `None` does although its first words only repeat the default.
    pub fn stated(&self, own_text: &str, raw: &str) -> bool {
        match self {
            Need::Shape => SHAPE_STATED.is_match(own_text) || MASK_TARGET.is_match(own_text),
            Need::NoneMeaning => {
                NONE_STATED.is_match(own_text) || NONE_STATED.is_match(raw) || resolves_default(raw)
            }
            Need::AllowedValues => VALUES_STATED.is_match(own_text),
            Need::Keys => KEYS_STATED.is_match(own_text),
            Need::Signature => SIGNATURE_STATED.is_match(own_text),
            Need::Index => INDEX_STATED.is_match(own_text),
            Need::RangeAndMeaning(entry) => entry.stated(own_text),
        }
    }

    /// What a good entry adds, for the message.
    pub fn ask(&self, name: &str) -> String {
        match self {
            Need::Shape => format!("say its shape (e.g. (batch, channels, height, width) or the same shape as another input) so callers can pass {name} correctly"),
            Need::NoneMeaning => format!("say what happens when {name} is None"),
            Need::AllowedValues => format!("list the values {name} accepts"),
            Need::Keys => format!("describe the keys and values of {name}"),
            Need::Signature => format!("give the signature {name} is called with and what it must return"),
            Need::Index => format!("say what {name} indexes into (which sequence or axis) and whether it counts from 0"),
            Need::RangeAndMeaning(entry) => entry.ask(name),
        }
    }
}

/// How many letters and digits a text has.
fn letters(text: &str) -> usize {
    text.chars().filter(|c| c.is_alphanumeric()).count()
}

/// Whether `text` has more than `limit` letters and digits: counting stops at the first one
/// past the limit, where a long description's count ran to its end.
fn has_more_letters(text: &str, limit: usize) -> bool {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .nth(limit)
        .is_some()
}

/// Lowercase words of a text, punctuation dropped, leading article removed, for placeholders.
fn normalize(text: &str) -> String {
    let words: Vec<String> = words(text).collect();
    let start = usize::from(matches!(
        words.first().map(String::as_str),
        Some("the" | "a" | "an")
    ));
    words[start.min(words.len())..].join(" ")
}

/// Lowercase alphanumeric words, splitting snake_case, camelCase and dotted names.
///
/// Lazy: a caller that stops early (`all`, `any`) does not split the rest of a long description.
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    let mut chars = text.chars().peekable();
    let mut prev_lower = false;
    std::iter::from_fn(move || {
        let mut current = String::new();
        while let Some(&c) = chars.peek() {
            if c.is_alphanumeric() {
                if c.is_uppercase() && prev_lower && !current.is_empty() {
                    // camelCase: the capital starts the next word, read on the next call.
                    return Some(current);
                }
                prev_lower = c.is_lowercase() || c.is_ascii_digit();
                current.extend(c.to_lowercase());
                chars.next();
            } else {
                prev_lower = false;
                chars.next();
                if !current.is_empty() {
                    return Some(current);
                }
            }
        }
        (!current.is_empty()).then_some(current)
    })
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

    /// Whether every content word of the description is the name's own, the function's own
    /// ("Tensor to be decoded." in `remote_decode`), filler or a type word.
    pub fn restates(&self, name: &str, function: &str, description: &str) -> bool {
        let mut name_words = self.name_words(name);
        let last = function.rsplit('.').next().unwrap_or(function);
        name_words.extend(self.name_words(last));
        if let Some(entry) = self.entry_named(name) {
            name_words.extend(entry.restating.iter().map(|w| singular(w)));
        }
        words(description).all(|w| {
            let w = singular(&w);
            self.filler.contains(&w)
                || self.type_words.contains(&w)
                || self.covered(&w, &name_words)
        })
    }

    /// The facts this parameter needs, from its name, annotation, default, documented type and
    /// the function's role, most specific first. Many parameters need nothing (paths, seeds,
    /// counts, flags, `device`, values a framework hook receives).
    pub fn needs<'l>(&'l self, p: &ParamFacts) -> Vec<Need<'l>> {
        let role = Role::of(p.function);
        let described = described_type_of(p);
        let types = types_of(p, described);
        let annotation = p.annotation.trim().to_lowercase();
        let doc_type = format!("{}{described}", p.type_text.trim()).to_lowercase();
        if role == Role::Hook
            || BOOL_TYPE.is_match(&annotation)
            || BOOL_TYPE.is_match(&doc_type)
            || self.plumbing.iter().any(|re| re.is_match(p.name))
        {
            return Vec::new();
        }
        let mut needs = Vec::new();
        if let Some(entry) = self.entry_for(p.name, &types) {
            needs.push(Need::RangeAndMeaning(entry));
        }
        let typed_tensor = TENSOR_TYPE.is_match(&types);
        let untyped = types.trim().is_empty();
        let class_based = p.function.contains('.');
        let shape_role = match role {
            Role::Forward => typed_tensor || (untyped && TENSOR_NAME.is_match(p.name)),
            Role::LossOrMetric => {
                typed_tensor || (untyped && class_based && TENSOR_NAME.is_match(p.name))
            }
            Role::Other => typed_tensor && !GENERIC_OPERAND.is_match(p.name),
            Role::SchedulerArithmetic => typed_tensor && TIMESTEP_NAME.is_match(p.name),
            Role::Hook => false,
        } && !STR_ADMITTED.is_match(&types);
        if shape_role {
            needs.push(Need::Shape);
        }
        if INDEX_NAME.is_match(p.name) && (untyped || INT_TYPE.is_match(types.trim())) {
            needs.push(Need::Index);
        }
        if !KWARGS_LIKE.is_match(p.name) {
            let outer = if annotation.is_empty() {
                &doc_type
            } else {
                &annotation
            };
            if CALLABLE_TYPE.is_match(outer) {
                needs.push(Need::Signature);
            } else if MAPPING_TYPE.is_match(outer) {
                needs.push(Need::Keys);
            }
        }
        let is_str = STR_TYPE.is_match(&annotation) || STR_TYPE.is_match(&doc_type);
        if is_str
            && self.option_names.iter().any(|re| re.is_match(p.name))
            && !LITERAL_TYPE.is_match(&types)
        {
            needs.push(Need::AllowedValues);
        }
        let none_default = p.default.trim() == "None" || p.doc_default.trim() == "None";
        let doc_default_differs =
            !p.doc_default.trim().is_empty() && p.doc_default.trim() != "None";
        let outer = if annotation.is_empty() {
            &doc_type
        } else {
            &annotation
        };
        // `None` is ambiguous for a number or a tensor (auto? disabled? computed?) and for an
        // untyped value; for an optional object (an image, a model, a regulariser) it plainly
        // means "not given", and a scheduler's arithmetic helpers compute what is missing.
        // An untyped entry that opens with "Optional" says the value may be left out: its
        // `None` means "not applied".
        let untyped_quantity = outer.trim().is_empty()
            && !OPTIONAL_LEAD.is_match(p.description)
            && (QUANTITY_NAME.is_match(p.name) || QUANTITY_LEAD.is_match(p.description));
        let none_is_ambiguous = role != Role::SchedulerArithmetic
            && (untyped_quantity
                || AMBIGUOUS_NONE_TYPE.is_match(outer)
                || TENSOR_TYPE.is_match(outer));
        if none_default
            && none_is_ambiguous
            && !doc_default_differs
            && !self.obvious_none.iter().any(|re| re.is_match(p.name))
            && !ABSENT_MEANS_EMPTY.is_match(if annotation.is_empty() {
                &doc_type
            } else {
                &annotation
            })
        {
            needs.push(Need::NoneMeaning);
        }
        needs
    }

    /// Whether the description states a fact of its own (LABELING's "informative"): a phrase of
    /// constraint or behaviour, the expansion of a cryptic one- or two-letter name, or at least
    /// [`NEW_WORDS_FOR_A_FACT`] content words that are neither the name's, the function's,
    /// filler nor type words. `without_defaults` is the description with its default phrases
    /// blanked out.
    fn states_a_fact(&self, p: &ParamFacts, without_defaults: &str) -> bool {
        if FACT_STATED.is_match(p.description) || p.name.chars().count() <= 2 {
            return true;
        }
        let mut known = self.name_words(p.name);
        for part in p.function.split('.') {
            known.extend(self.name_words(part));
        }
        let mut new_words = BTreeSet::new();
        // Reading stops at the last new word needed (the words come lazily).
        words(without_defaults)
            .map(|w| singular(&w))
            .filter(|w| {
                !self.filler.contains(w) && !self.type_words.contains(w) && !self.covered(w, &known)
            })
            .any(|w| {
                new_words.insert(w);
                new_words.len() >= NEW_WORDS_FOR_A_FACT
            })
    }

    fn is_placeholder(&self, description: &str) -> bool {
        // Normalising keeps every letter and digit (lowercasing never drops one) but a leading
        // article: a description with more cannot be a placeholder.
        if has_more_letters(description, self.placeholder_letters + "the".len()) {
            return false;
        }
        let norm = normalize(description);
        norm.is_empty() || self.placeholders.contains(&norm)
    }
}

/// How many new content words make a description say something of its own: "The hidden states
/// of the encoder." adds one and still leaves the shape unsaid; a clause of three new words
/// ("conditioning rows first", "summed with the timestep embeddings") carries a fact.
const NEW_WORDS_FOR_A_FACT: usize = 3;

/// The type an untyped entry states in its first words (typed entries: `""`).
fn described_type_of(p: &ParamFacts) -> &'static str {
    if p.annotation.trim().is_empty() && p.type_text.trim().is_empty() {
        described_type(p.description)
    } else {
        ""
    }
}

/// Every type the reader sees, for matching: annotation, documented type, described type.
fn types_of(p: &ParamFacts, described: &str) -> String {
    format!("{} {} {described}", p.annotation, p.type_text)
}

/// Whether [`classify`] could find this entry missing a lexicon hyperparameter's facts: only a
/// name with a demanding lexicon entry can. A cheap test, so the range rule classifies only
/// the few entries that can matter to it.
pub fn may_miss_facts(p: &ParamFacts, lexicon: &Lexicon) -> bool {
    lexicon
        .entry_for(p.name, &types_of(p, described_type_of(p)))
        .is_some_and(|entry| entry.demand)
}

/// The type an untyped entry states in its first words, as keras writes it ("Boolean, whether
/// to…", "A dictionary describing…", "Tensor to dequantize."); `""` when none.
fn described_type(description: &str) -> &'static str {
    static LEADING_TYPE: LazyLock<Regex> = LazyLock::new(|| {
        builtin_regex(
            r"(?i)^\s*(an?\s+)?(optional\s+)?(bool|boolean|int|integer|float|str|string|dict|dictionary|mapping|list|tuple|tensor|callable)\b(\s+(layout|spec|specs|name|names|type|types|format|shape|index|indices|id|ids)\b)?",
        )
    });
    let Some(caps) = LEADING_TYPE.captures(description) else {
        return "";
    };
    // "Optional tensor layout", "Tensor spec of…": the type word modifies another noun.
    if caps.get(4).is_some() && caps[3].eq_ignore_ascii_case("tensor") {
        return "";
    }
    match caps[3].to_lowercase().as_str() {
        "bool" | "boolean" => "bool",
        "int" | "integer" => "int",
        "float" => "float",
        "str" | "string" => "str",
        "dict" | "dictionary" | "mapping" => "dict",
        "list" => "list",
        "tuple" => "tuple",
        "tensor" => "tensor",
        _ => "callable",
    }
}

/// The entry's own text, as the evidence detectors read it: the description and the type part,
/// with bare repetitions of the default removed ("Defaults to None." explains nothing).
fn own_text(p: &ParamFacts) -> String {
    let description = BARE_DEFAULT.replace_all(p.description, " ");
    let type_text = BARE_DEFAULT.replace_all(p.type_text, " ");
    let dtypes: Vec<&str> = DTYPE_WORD
        .find_iter(p.description)
        .map(|m| m.as_str())
        .collect();
    format!("{description} {type_text} {}", dtypes.join(" "))
}

/// Classifies one parameter's entry, judged alone: which facts the parameter needs, and whether
/// its own text states each of them.
pub fn classify(p: &ParamFacts, lexicon: &Lexicon) -> Verdict {
    if p.description.trim().is_empty() {
        return Verdict::Empty;
    }
    let needs = lexicon.needs(p);
    if lexicon.is_placeholder(p.description) {
        let ask = needs.first().map_or_else(
            || format!("say what {} is for and which values it accepts", p.name),
            |need| need.ask(p.name),
        );
        return Verdict::Vague(format!("{} is a placeholder; {ask}", quote(p.description)));
    }
    if needs.is_empty() {
        return Verdict::Adequate;
    }
    let text = own_text(p);
    // Computed only when a need is unstated (most entries state theirs or need nothing), and
    // the description without its default phrases once for both questions.
    let without_defaults = OnceCell::new();
    let without_defaults =
        || without_defaults.get_or_init(|| DEFAULT_PHRASE.replace_all(p.description, " "));
    let restates = OnceCell::new();
    let restates =
        || *restates.get_or_init(|| lexicon.restates(p.name, p.function, without_defaults()));
    let states_other_fact = OnceCell::new();
    let states_other_fact = || {
        *states_other_fact
            .get_or_init(|| !restates() && lexicon.states_a_fact(p, without_defaults()))
    };
    for need in &needs {
        if need.stated(&text, p.description)
            || matches!(need, Need::RangeAndMeaning(entry) if entry.stated_by_default(p))
        {
            continue;
        }
        return match need {
            // A restatement says nothing at all: vague. An entry that says something else but
            // not the range is missing facts, where the lexicon demands them.
            Need::RangeAndMeaning(entry) if restates() => Verdict::Vague(format!(
                "{} only restates the name; {}",
                quote(p.description),
                entry.ask(p.name)
            )),
            Need::RangeAndMeaning(entry) if entry.demand => {
                Verdict::MissingFacts(entry.ask(p.name))
            }
            Need::RangeAndMeaning(_) => continue,
            // A structure or a signature is a contract no other fact replaces.
            Need::Shape | Need::NoneMeaning | Need::AllowedValues | Need::Index
                if states_other_fact() =>
            {
                continue
            }
            _ => Verdict::Vague(format!("{}: {}", quote(p.description), need.ask(p.name))),
        };
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

    fn verdict_in(
        function: &str,
        name: &str,
        annotation: &str,
        default: &str,
        ty: &str,
        desc: &str,
    ) -> String {
        let p = ParamFacts {
            name,
            annotation,
            default,
            type_text: ty,
            description: desc,
            function,
            ..ParamFacts::default()
        };
        match classify(&p, lexicon()) {
            Verdict::Adequate => "ok".into(),
            Verdict::Empty => "empty".into(),
            Verdict::Vague(_) => "vague".into(),
            Verdict::MissingFacts(_) => "missing".into(),
        }
    }

    fn verdict(name: &str, annotation: &str, default: &str, ty: &str, desc: &str) -> String {
        verdict_in("configure", name, annotation, default, ty, desc)
    }

    #[test]
    fn verdicts_on_real_phrasings() {
        let rows: &[(&str, &str, &str, &str, &str, &str)] = &[
            // name, annotation, default, doc type, description, verdict
            ("dropout_rate", "float", "0.5", "", "The dropout rate for regularization.", "vague"),
            ("dropout_rate", "float", "0.5", "", "The probability of setting an element to zero during training. Commonly between 0.0 and 1.0.", "ok"),
            ("dropout", "float", "0.0", "float", "The dropout probability to use.", "missing"),
            ("lora_dropout", "float", "0.0", "float", "dropout probability for the low-rank approximation. Default: 0.0", "missing"),
            ("rate", "", "", "", "Float between 0 and 1. Fraction of the input units to drop.", "ok"),
            ("attention_dropout", "", "", "float", "Dropout applied after the attention softmax.", "ok"),
            ("dropout", "", "", "", "Dropout rate.", "vague"),
            // A numeric default gives a learning rate's magnitude; without one it is unstated.
            ("lr", "float", "1e-3", "", "Learning rate.", "ok"),
            ("lr", "float", "", "", "Learning rate.", "vague"),
            ("max_lr", "", "", "", "maximum learning rate to investigate", "missing"),
            ("learning_rate", "", "", "float", "The learning rate. Typical values are 1e-4 to 1e-3.", "ok"),
            ("lr", "float", "1e-3", "float", "learning rate (default: 1e-3)", "ok"),
            ("lr", "", "", "float", "learning rate (default: 1e-3)", "vague"),
            ("eps", "float", "1e-5", "", "Epsilon value.", "vague"),
            ("eps", "float", "", "", "A small value added to the variance to avoid dividing by zero.", "ok"),
            ("momentum", "", "", "", "Momentum for the moving average.", "ok"),
            ("momentum", "", "", "", "Momentum factor.", "vague"),
            ("num_classes", "int", "", "", "Number of classes.", "ok"),
            ("batch_size", "int", "32", "", "Batch size.", "ok"),
            ("seed", "int", "None", "", "Random seed.", "ok"),
            ("device", "Optional[torch.device]", "None", "", "torch device", "ok"),
            ("dtype", "", "None", "", "dtype for the caches.", "ok"),
            ("checkpoint_path", "str", "", "", "Path to the checkpoint.", "ok"),
            ("reduction", "str", "'mean'", "", "The reduction to use.", "vague"),
            ("reduction", "str", "'mean'", "", "The reduction: 'mean', 'sum' or 'none'.", "ok"),
            ("reduction", "Literal['mean', 'sum']", "'mean'", "", "The reduction to use.", "ok"),
            ("artifact_type", "Optional[str]", "None", "", "The type of artifact to download.", "vague"),
            ("num_frames", "Optional[int]", "None", "", "The number of frames.", "vague"),
            ("num_frames", "Optional[int]", "None", "", "The number of frames. If None, uses all frames.", "ok"),
            ("num_embeddings", "Optional[int]", "None", "", "The size of the embeddings dictionary.", "vague"),
            ("max_len", "Optional[int]", "None", "", "Maximum length. Defaults to None.", "vague"),
            ("decoder_max_seq_len", "Optional[int]", "None", "", "maximum decoder cache sequence length.", "vague"),
            ("max_seq_len", "Optional[int]", "None", "", "Maximum number of tokens. Default is None, disabling truncation.", "ok"),
            ("callbacks", "", "None", "", "List of callbacks.", "ok"),
            ("version", "Optional[str]", "None", "", "Optional version string for the model.", "ok"),
            ("expected_configs", "list[ConfigSpec]", "None", "", "list of expected configurations", "ok"),
            ("name", "str", "None", "", "Name of the layer.", "ok"),
            ("anything", "", "", "", "TODO", "vague"),
            ("units", "int", "", "", "Positive integer, dimensionality of the output space.", "ok"),
            ("use_bias", "bool", "True", "", "Whether to use a bias.", "ok"),
            ("a", "int", "", "int", "", "empty"),
            ("temperature", "float", "1.0", "", "Sampling temperature.", "vague"),
            ("temperature", "float", "1.0", "", "The temperature to scale the logits. Default 1.0", "missing"),
            ("temperature", "float", "1.0", "", "Divides the logits; higher values give flatter distributions.", "ok"),
            ("guidance_scale", "float", "7.5", "float, optional, defaults to 7.5", "A higher guidance scale value encourages the model to generate images closely linked to the text prompt at the expense of lower image quality.", "ok"),
            ("guidance_rescale", "float", "0.0", "float", "A rescale factor applied to the noise predictions.", "missing"),
            ("cfg", "DictConfig", "", "", "The config to validate", "ok"),
            ("timeout", "float", "", "", "The timeout value.", "vague"),
            ("timeout", "float", "", "", "Seconds to wait before giving up.", "ok"),
            ("callback", "Callable", "None", "", "The callback function.", "vague"),
            ("callback", "Callable[[int, int], None]", "None", "", "Called with the step and the epoch after each step.", "ok"),
            ("lambda_func", "Callable", "", "", "Scheduling function for the learning rate.", "vague"),
            ("datasets", "dict[str, DatasetType]", "", "", "dictionary of datasets", "vague"),
            ("datasets", "dict[str, DatasetType]", "", "", "maps each dataset name to its dataset", "ok"),
            ("dicts", "Sequence[dict]", "", "", "Sequence of dictionaries to be merged.", "ok"),
            ("model_kwargs", "Dict[str, Any]", "None", "", "Keyword arguments for the model.", "ok"),
            ("alpha", "float", "", "", "The alpha parameter.", "vague"),
            ("alpha", "float", "", "", "Negative slope coefficient.", "ok"),
            ("M", "Optional[int]", "None", "", "Number of columns in the tensor.", "ok"),
            ("axis", "int", "-1", "int", "The axis.", "vague"),
            ("axis", "int", "-1", "int", "Axis along which the softmax is applied.", "ok"),
            ("embed_dim", "int", "", "int", "The embedding dimension.", "ok"),
            ("in_channels", "int", "3", "", "Number of input channels.", "ok"),
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
    fn tensor_shape_depends_on_the_role() {
        let rows: &[(&str, &str, &str, &str, &str)] = &[
            // function, name, annotation, description, verdict
            (
                "Attention.forward",
                "encoder_hidden_states",
                "torch.Tensor",
                "The hidden states of the encoder.",
                "vague",
            ),
            (
                "Attention.forward",
                "encoder_hidden_states",
                "torch.Tensor",
                "Of shape (batch, seq_len, dim).",
                "ok",
            ),
            (
                "Attention.forward",
                "freqs_cis",
                "torch.Tensor",
                "Precomputed frequency tensor.",
                "vague",
            ),
            ("Attention.forward", "x", "", "Input tensor.", "vague"),
            (
                "Attention.forward",
                "x",
                "",
                "Input of shape [B, T, C].",
                "ok",
            ),
            (
                "Attention.forward",
                "attention_mask",
                "torch.Tensor",
                "Self-attention mask applied to `hidden_states`.",
                "ok",
            ),
            (
                "remote_decode",
                "tensor",
                "torch.Tensor",
                "Tensor to be decoded.",
                "vague",
            ),
            ("log2", "x", "", "Input tensor.", "ok"),
            ("rot90", "array", "Tensor", "Input tensor", "ok"),
            ("bitwise_or", "x", "Tensor", "Input integer tensor.", "ok"),
            (
                "EulerDiscreteScheduler.add_noise",
                "original_samples",
                "torch.Tensor",
                "The original samples.",
                "ok",
            ),
            (
                "MeanMetric.update",
                "preds",
                "",
                "Predictions from the model.",
                "vague",
            ),
            (
                "MeanMetric.update",
                "preds",
                "",
                "Predictions, the same shape as target.",
                "ok",
            ),
            (
                "MyCallback.on_train_batch_end",
                "outputs",
                "torch.Tensor",
                "The outputs.",
                "ok",
            ),
            ("Trainer.compute_loss", "x", "", "Input data.", "ok"),
        ];
        for (function, name, annotation, desc, want) in rows {
            assert_eq!(
                verdict_in(function, name, annotation, "", "", desc),
                *want,
                "{function} {name}: {desc}"
            );
        }
    }

    /// One row per mechanism that keeps an entry quiet, with its flagged twin: each fails if
    /// the mechanism is removed.
    #[test]
    fn what_the_entry_implies_counts_as_stated() {
        let rows: &[(&str, &str, &str, &str, &str, &str)] = &[
            // function, name, annotation, default, description, verdict
            // A bare position needs what it indexes; a named one does not.
            (
                "EulerScheduler.set_begin_index",
                "begin_index",
                "int",
                "0",
                "The begin index for the scheduler.",
                "vague",
            ),
            (
                "EulerScheduler.set_begin_index",
                "begin_index",
                "int",
                "0",
                "Index into the timesteps of the first step to run.",
                "ok",
            ),
            (
                "precompute_freqs_cis",
                "end",
                "int",
                "",
                "End index for precomputing frequencies.",
                "vague",
            ),
            (
                "C.should_update",
                "epoch_idx",
                "int",
                "",
                "The current epoch index.",
                "ok",
            ),
            (
                "f",
                "offset",
                "",
                "",
                "Float, the offset to apply to the inputs.",
                "ok",
            ),
            // A scheduler's timesteps tensor must line up with the samples; its current
            // timestep is a scalar.
            (
                "EulerScheduler.add_noise",
                "timesteps",
                "torch.IntTensor",
                "",
                "The timesteps at which to add noise to the samples.",
                "vague",
            ),
            (
                "EulerScheduler.add_noise",
                "timesteps",
                "torch.IntTensor",
                "",
                "One timestep per sample of the batch.",
                "ok",
            ),
            (
                "EulerScheduler.step",
                "timestep",
                "torch.Tensor",
                "",
                "The current timestep.",
                "ok",
            ),
            // Untyped: None is ambiguous for a quantity, plain "not given" for an object or an
            // entry that opens with "Optional".
            (
                "f",
                "bottom_cropping",
                "",
                "None",
                "Number of columns to crop from the bottom.",
                "vague",
            ),
            (
                "f",
                "kernel_regularizer",
                "",
                "None",
                "Regularizer for the convolution kernel.",
                "ok",
            ),
            (
                "f",
                "alpha_constraint",
                "",
                "None",
                "Constraint for the weights.",
                "ok",
            ),
            (
                "f",
                "scale",
                "",
                "None",
                "Optional scaling factor for the normalization.",
                "ok",
            ),
            ("f", "scale", "", "None", "Scaling factor.", "vague"),
            (
                "Cb",
                "on_train_batch_end",
                "",
                "None",
                "called at the end of every train batch.",
                "ok",
            ),
            // What None resolves to, stated as the default.
            (
                "f",
                "out_channels",
                "int",
                "None",
                "Number of output channels. Defaults to `in_channels`.",
                "ok",
            ),
            (
                "f",
                "out_channels",
                "int",
                "None",
                "Number of output channels. Defaults to None.",
                "vague",
            ),
            // A None mask masks nothing; the size of an added part leaves it out.
            (
                "P.__call__",
                "prompt_embeds_mask",
                "Optional[torch.Tensor]",
                "None",
                "Attention mask for prompt_embeds.",
                "ok",
            ),
            (
                "f",
                "added_kv_proj_dim",
                "Optional[int]",
                "None",
                "The dimension of the added key/value projection.",
                "ok",
            ),
            // A mask names what it masks, or comes from the tokenizer.
            (
                "A.forward",
                "attention_mask",
                "torch.Tensor",
                "",
                "Attention mask for `prompt_embeds`.",
                "ok",
            ),
            (
                "A.forward",
                "attention_mask",
                "torch.Tensor",
                "",
                "CLIP text attention mask derived from the tokenizer.",
                "ok",
            ),
            (
                "A.forward",
                "attention_mask",
                "torch.Tensor",
                "",
                "The attention mask.",
                "vague",
            ),
            // A value that may be a string is no tensor whose layout matters.
            (
                "A.forward",
                "images_and_prompts",
                "List[Union[str, torch.Tensor]]",
                "",
                "List of prompts and images.",
                "ok",
            ),
            (
                "A.forward",
                "images",
                "List[torch.Tensor]",
                "",
                "List of images.",
                "vague",
            ),
            // "Optional tensor layout" is a layout, not a tensor.
            (
                "A.forward",
                "layout",
                "",
                "None",
                "Optional tensor layout.",
                "ok",
            ),
            // A Greek name glossed in parentheses is defined.
            (
                "precondition_noise",
                "sigma",
                "float",
                "",
                "The sigma (noise level) value to precondition.",
                "ok",
            ),
            (
                "precondition_noise",
                "sigma",
                "float",
                "",
                "The sigma value to precondition.",
                "vague",
            ),
            // A recommended value or a formula gives a knob's scale.
            (
                "f",
                "caption_temperature",
                "float",
                "",
                "Used for caption upsampling; we recommend 0.15.",
                "ok",
            ),
            (
                "f",
                "shift_factor",
                "float",
                "",
                "Applied as `latents - shift_factor`.",
                "ok",
            ),
            (
                "f",
                "shift_factor",
                "float",
                "",
                "Shift applied to the latents.",
                "missing",
            ),
            // A prompt's sequence length counts tokens.
            (
                "f",
                "max_sequence_length",
                "int",
                "512",
                "Maximum sequence length to use for the prompt.",
                "ok",
            ),
            (
                "f",
                "max_length",
                "int",
                "512",
                "The maximum length.",
                "vague",
            ),
            // Dropout is a number: a string option named `*_keep` is something else.
            (
                "f",
                "condition_video_keep",
                "str",
                "'first'",
                "Which end of the video to keep.",
                "ok",
            ),
        ];
        for (function, name, annotation, default, desc, want) in rows {
            assert_eq!(
                verdict_in(function, name, annotation, default, "", desc),
                *want,
                "{function} {name}: {desc}"
            );
        }
    }

    #[test]
    fn roles_from_the_qualified_name() {
        assert_eq!(Role::of("Attention.forward"), Role::Forward);
        assert_eq!(Role::of("FocalLoss.forward"), Role::LossOrMetric);
        assert_eq!(Role::of("Accuracy.update"), Role::Other);
        assert_eq!(Role::of("MeanMetric.update"), Role::LossOrMetric);
        assert_eq!(Role::of("BinaryMetric.compute"), Role::LossOrMetric);
        assert_eq!(Role::of("sigmoid_focal_loss"), Role::LossOrMetric);
        assert_eq!(Role::of("Model.training_step"), Role::Hook);
        assert_eq!(Role::of("Cb.on_epoch_end"), Role::Hook);
        assert_eq!(Role::of("DDIMScheduler.step"), Role::SchedulerArithmetic);
        assert_eq!(Role::of("log2"), Role::Other);
        assert_eq!(Role::of("remote_decode"), Role::Forward);
    }

    #[test]
    fn each_evidence_detector_recognises_its_fact() {
        let entry = lexicon().entry_for("dropout", "").expect("dropout entry");
        let rows: &[(Need, &str, bool)] = &[
            (Need::Shape, "of shape `(batch_size, num_channels)`", true),
            (Need::Shape, "[B, T, C]", true),
            (Need::Shape, "shape ``[b x s]``", true),
            (Need::Shape, "a 2-D tensor", true),
            (Need::Shape, "The noise tensor.", false),
            (
                Need::NoneMeaning,
                "If None, the timesteps are not moved.",
                true,
            ),
            (
                Need::NoneMeaning,
                "uses the model's dtype when not given",
                true,
            ),
            (Need::NoneMeaning, "Defaults to None.", false),
            (
                Need::NoneMeaning,
                "maximum decoder cache sequence length.",
                false,
            ),
            (Need::AllowedValues, "either \"left\" or \"right\"", true),
            (Need::AllowedValues, "one of `mean`, `sum`", true),
            (
                Need::AllowedValues,
                "The type of artifact to download.",
                false,
            ),
            (Need::Keys, "maps a dataset name to its weight", true),
            (Need::Keys, "dictionary of datasets", false),
            (
                Need::Keys,
                "Optional dictionary mapping names (strings) to custom classes.",
                true,
            ),
            (
                Need::Keys,
                "Keyword arguments to be passed to the function.",
                true,
            ),
            (Need::Keys, "State dict of the LoRA layers.", true),
            (
                Need::Keys,
                "A dictionary of built-in objects to look the name up in.",
                true,
            ),
            (Need::Keys, "Dict with inputs, model_inputs, outputs.", true),
            (
                Need::Keys,
                "A mapping containing model, optimizer and lr scheduler.",
                true,
            ),
            (Need::Keys, "dict containing model and trainer state", true),
            (Need::Keys, "Properties, such as `target_names`.", true),
            (Need::Keys, "Dictionary `str` to `List[str]`.", true),
            (
                Need::Keys,
                "dict containing \"samples\" shaped [B, C, H, W]",
                true,
            ),
            (
                Need::Keys,
                "Can deal with anything which torch.save accepts.",
                true,
            ),
            (
                Need::Index,
                "Index into the timesteps of the first step.",
                true,
            ),
            (Need::Index, "Position of the first token, inclusive.", true),
            (Need::Index, "The begin index for the scheduler.", false),
            (Need::Shape, "Attention mask for `prompt_embeds`.", true),
            (Need::NoneMeaning, "Defaults to `in_channels`.", true),
            (Need::NoneMeaning, "Defaults to `None`.", false),
            (
                Need::Signature,
                "takes the epoch and returns a multiplier",
                true,
            ),
            (Need::Signature, "The callback function.", false),
            (Need::Signature, "accelerator class", true),
            (
                Need::RangeAndMeaning(entry),
                "probability of dropping an element",
                true,
            ),
            (
                Need::RangeAndMeaning(entry),
                "The dropout probability to use.",
                false,
            ),
        ];
        for (need, text, want) in rows {
            assert_eq!(
                need.stated(
                    &own_text(&ParamFacts {
                        description: text,
                        ..ParamFacts::default()
                    }),
                    text
                ),
                *want,
                "{need:?}: {text}"
            );
        }
    }

    #[test]
    fn needs_from_name_type_default_and_role() {
        let kinds = |function: &str, name: &str, annotation: &str, default: &str| -> Vec<String> {
            let p = ParamFacts {
                name,
                annotation,
                default,
                function,
                description: "x",
                ..ParamFacts::default()
            };
            lexicon()
                .needs(&p)
                .iter()
                .map(|n| format!("{n:?}").split('(').next().unwrap_or("").to_string())
                .collect()
        };
        assert_eq!(
            kinds("Attention.forward", "hidden_states", "torch.Tensor", ""),
            ["Shape"]
        );
        assert_eq!(
            kinds(
                "Attention.forward",
                "noise",
                "Optional[torch.Tensor]",
                "None"
            ),
            ["Shape", "NoneMeaning"]
        );
        assert_eq!(kinds("f", "mode", "str", "'a'"), ["AllowedValues"]);
        assert_eq!(kinds("f", "mapping", "Dict[str, int]", ""), ["Keys"]);
        assert_eq!(
            kinds("f", "hook", "Callable[[int], None]", ""),
            ["Signature"]
        );
        assert_eq!(kinds("f", "dropout", "float", "0.1"), ["RangeAndMeaning"]);
        assert_eq!(kinds("f", "begin_index", "int", "0"), ["Index"]);
        assert!(kinds("f", "begin_index", "float", "0").is_empty());
        assert_eq!(
            kinds(
                "EulerScheduler.add_noise",
                "timesteps",
                "torch.IntTensor",
                ""
            ),
            ["Shape"]
        );
        assert!(kinds(
            "EulerScheduler.add_noise",
            "original_samples",
            "torch.Tensor",
            ""
        )
        .is_empty());
        assert!(kinds("f", "device", "Optional[str]", "None").is_empty());
        assert!(kinds("f", "use_cache", "bool", "None").is_empty());
        assert!(kinds("M.on_step", "batch", "torch.Tensor", "").is_empty());
        assert!(kinds("f", "output_dir", "str", "").is_empty());
        // `None` needs explaining for a number, a tensor or an untyped value, not for an
        // optional object (it means "not given") nor in a scheduler's arithmetic.
        assert_eq!(
            kinds("f", "max_norm", "Optional[float]", "None"),
            ["NoneMeaning"]
        );
        assert_eq!(kinds("f", "limit", "", "None"), ["NoneMeaning"]);
        assert!(kinds(
            "f",
            "ip_adapter_image",
            "Optional[PipelineImageInput]",
            "None"
        )
        .is_empty());
        assert!(kinds("f", "kernel_regularizer", "Regularizer", "None").is_empty());
        assert!(
            kinds("DDIMScheduler.step", "eta", "Optional[float]", "None")
                .iter()
                .all(|n| n != "NoneMeaning")
        );
    }

    #[test]
    fn a_formula_elsewhere_does_not_rescue_the_entry() {
        let p = ParamFacts {
            name: "decay_rate",
            annotation: "float",
            description: "The decay rate.",
            function: "ExponentialDecay.__init__",
            ..ParamFacts::default()
        };
        assert!(matches!(classify(&p, lexicon()), Verdict::Vague(_)));
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
        let noise = ParamFacts {
            name: "noise",
            annotation: "torch.Tensor",
            description: "The noise.",
            function: "Net.forward",
            ..ParamFacts::default()
        };
        let Verdict::Vague(message) = classify(&noise, lexicon()) else {
            panic!("vague");
        };
        assert!(message.contains("say its shape"), "{message}");
    }

    #[test]
    fn the_entry_sets_match_like_each_entry_pattern_in_turn() {
        let catalog = Catalog::embedded().expect("catalog");
        let spec: LexiconSpec = catalog.lexicons.get("ml-params").expect("lexicon");
        let each = |pattern: &str, text: &str| {
            regex::RegexBuilder::new(pattern)
                .case_insensitive(true)
                .build()
                .expect("compiles")
                .is_match(text)
        };
        for name in [
            "dropout",
            "DROPOUT_RATE",
            "lr",
            "eps",
            "momentum",
            "beta1",
            "alpha",
            "top_k",
            "attention_mask",
            "threshold_low",
            "timeout_s",
            "norm_layer",
            "scale",
            "x",
            "",
            "hidden_states",
            "sample_rate",
            "guidance_scale",
            "axis",
            "Kelvin\u{212a}",
        ] {
            let first = spec.entry.iter().position(|e| each(&e.pattern, name));
            let found = lexicon().entry_named(name);
            assert_eq!(
                found.map(|e| &e.facts),
                first.map(|i| &spec.entry[i].facts),
                "{name}"
            );
        }
        for (entry, compiled) in spec.entry.iter().zip(&lexicon().entries) {
            for text in [
                "in [0, 1)",
                "between 0 and 1; probability of dropping",
                "Shape (batch, seq_len).",
                "a small value added for numerical stability",
                "the learning rate",
                "",
            ] {
                let any = entry.evidence.iter().any(|p| each(p, text));
                assert_eq!(compiled.stated(text), any, "{} on {text:?}", entry.pattern);
            }
        }
    }

    #[test]
    fn counting_letters_stops_past_the_limit() {
        for (text, limit, more) in [
            ("", 0, false),
            ("a", 0, true),
            ("a b-c", 3, false),
            ("a b-c", 2, true),
            ("é1 ", 1, true),
            ("... !!", 0, false),
        ] {
            assert_eq!(has_more_letters(text, limit), more, "{text:?}");
            assert_eq!(has_more_letters(text, limit), letters(text) > limit);
        }
    }

    /// The word splitter as first written, splitting the whole text before yielding a word.
    fn words_reference(text: &str) -> Vec<String> {
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
        out
    }

    #[test]
    fn lazy_words_match_the_eager_reference() {
        let alphabet = [
            'a', 'B', 'c', 'D', '1', '_', ' ', '.', 'İ', 'ß', 'É', 'é', '\u{2003}',
        ];
        for text in crate::analysis::docstring::random_texts(&alphabet, 10, 20_000) {
            assert_eq!(
                words(&text).collect::<Vec<_>>(),
                words_reference(&text),
                "{text:?}"
            );
        }
    }

    #[test]
    fn words_split_names_and_prose() {
        let got: Vec<String> = words("hiddenSize of dropout_rate, 0.5").collect();
        assert_eq!(got, ["hidden", "size", "of", "dropout", "rate", "0", "5"]);
        assert_eq!(singular("probabilities"), "probability");
        assert_eq!(singular("class"), "class");
    }
}
