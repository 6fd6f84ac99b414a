//! `module-coverage`: which modules of the project's Python packages no test touches, ranked by
//! the size of their public API so the biggest gaps come first ("good first tests").
//!
//! A test touches a module when it imports it (`import pkg.mod`, `from pkg.mod import f`,
//! `from pkg import mod`), imports one of its public names through a package's `__init__`
//! re-exports (`from pkg import UNet` where `pkg/__init__.py` does `from .models import UNet`),
//! or names it in an attribute chain or string (`pkg.mod.f`, `ops.add` after
//! `from pkg import ops`, `mock.patch("pkg.mod.f")`). A test that runs a console script or
//! `python -m pkg` end to end touches what the entry point imports (see
//! `analysis::entry_points`). Reach then follows statically what runs: base classes, backend
//! dispatch, tables of parts a class composes, and an entry of a table paired by its keys with
//! the entry a test uses (a quantization config's quantizer). This is static reachability, not
//! line coverage: a touched module may still be poorly tested, but an untouched one is certainly
//! not tested directly. Credit is partial, weighted by public API size.

use std::cell::OnceCell;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::{Arc, LazyLock};

use globset::{Glob, GlobSet, GlobSetBuilder};
use rayon::prelude::*;
use regex::Regex;
use serde::Deserialize;

use crate::analysis::ascii_words::builtin_regex;
use crate::analysis::entry_points::{self, EntryPoint};
use crate::analysis::lines::lines;
use crate::analysis::modules::{self, PackageMap};
use crate::analysis::python::PythonModule;
use crate::analysis::subprojects;
use crate::analysis::test_suite::{self, is_python_test_file, Lang};
use crate::checks::{Check, CheckCtx, Needs, Outcome};
use crate::error::Error;
use crate::finding::Finding;
use crate::index::{RepoIndex, TextDerived, TextPass};

/// Params: which modules need tests.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Smallest public API (functions, classes and public methods) that makes a module count.
    pub min_api: usize,
    /// Dotted module-name globs that never need their own tests (`*.__main__`, generated
    /// placeholder modules).
    #[serde(default)]
    pub exclude: Vec<String>,
}

/// The identifiers in `text` (what `[A-Za-z_][A-Za-z0-9_]*` finds, leftmost first), by a byte
/// scan: the regex's cost per match made the words of the test files the costliest part of the
/// check. Words are ASCII, so every offset the scan stops at is a character boundary.
fn words(text: &str) -> impl Iterator<Item = &str> {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        let start = at
            + bytes[at..]
                .iter()
                .position(|&b| WORD_BYTE[usize::from(b)] == WORD_START)?;
        at = start + word_len(&bytes[start..]);
        Some(&text[start..at])
    })
}

/// What a byte is to a word: [`WORD_START`] (an ASCII letter or `_`), [`WORD_TAIL`] (a digit,
/// which continues a word only) or neither. One lookup a byte: the scans read every byte of
/// every test file, and the two or three range tests per byte they replace were most of it.
static WORD_BYTE: [u8; 256] = {
    let mut table = [0; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        if byte.is_ascii_alphabetic() || byte == b'_' {
            table[b] = WORD_START;
        } else if byte.is_ascii_digit() {
            table[b] = WORD_TAIL;
        }
        b += 1;
    }
    table
};
/// A byte that starts a word (and continues one).
const WORD_START: u8 = 2;
/// A byte that only continues a word.
const WORD_TAIL: u8 = 1;

/// How many bytes at the start of `bytes` are ASCII letters, digits or `_`.
fn word_len(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .position(|&b| WORD_BYTE[usize::from(b)] == 0)
        .unwrap_or(bytes.len())
}

/// The names written as whole string literals in `text` (`DQN("MlpPolicy")`, `'opt_name':
/// 'sophia'`): how a test reaches API registered in a string-keyed table. What the regex
/// `["']([A-Za-z_][A-Za-z0-9_]*)["']` captures, leftmost first, by a byte scan like [`words`].
fn quoted_names(text: &str) -> impl Iterator<Item = &str> {
    let bytes = text.as_bytes();
    let is_quote = |b: &u8| *b == b'"' || *b == b'\'';
    let mut at = 0;
    std::iter::from_fn(move || loop {
        let start = at + memchr::memchr2(b'"', b'\'', &bytes[at..])? + 1;
        let len = word_len(&bytes[start..]);
        let end = start + len;
        let name =
            len > 0 && !bytes[start].is_ascii_digit() && bytes.get(end).is_some_and(is_quote);
        if name {
            // Past the closing quote, which opens no other name.
            at = end + 1;
            return Some(&text[start..end]);
        }
        // The next quote may open a name (`''x'`): search on from the one after this.
        at = start;
    })
}

/// A set of names read from the test files, with a fast hash: they hold every identifier of
/// every test file, and SipHash was most of the cost of building them.
type Names<'a> = HashSet<&'a str, foldhash::fast::RandomState>;

/// What the test files run and name: the entry points they run (by index), their words, and
/// the names they write as whole string literals.
type TestText<'a> = (BTreeSet<usize>, Names<'a>, Names<'a>);

/// The check instance.
pub struct ModuleCoverage {
    min_api: usize,
    exclude: GlobSet,
}

impl ModuleCoverage {
    /// Compiles the exclusion globs; a bad glob is a catalog or config error.
    pub fn new(params: Params) -> Result<Self, Error> {
        let mut builder = GlobSetBuilder::new();
        for pattern in &params.exclude {
            builder.add(
                Glob::new(pattern)
                    .map_err(|e| Error::catalog(format!("invalid exclude glob: {e}")))?,
            );
        }
        Ok(ModuleCoverage {
            min_api: params.min_api.max(1),
            exclude: builder
                .build()
                .map_err(|e| Error::catalog(format!("invalid exclude globs: {e}")))?,
        })
    }
}

/// The public API of a module: exported top-level functions and classes, plus the public,
/// non-dunder methods of those classes.
pub fn public_api_size(summary: &PythonModule) -> usize {
    api_size(summary, |name| summary.exports(name))
}

/// The size of the part of a module's API whose top-level names `public` accepts (all exports of
/// a public module; the re-exported names of a private one). A class without a single method
/// (a `@dataclass` of outputs, an exception, an enum) has no behaviour of its own to test: it
/// is exercised by the code that fills it, so it does not count.
fn api_size(summary: &PythonModule, public: impl Fn(&str) -> bool) -> usize {
    let has_methods = |class: &str| {
        summary
            .functions
            .iter()
            .any(|f| f.class.as_deref() == Some(class))
    };
    let classes: Vec<&str> = summary
        .classes
        .iter()
        .filter(|c| c.is_public && !c.qualname.contains('.') && public(&c.name))
        .map(|c| c.qualname.as_str())
        .filter(|c| has_methods(c))
        .collect();
    let functions = summary
        .functions
        .iter()
        .filter(|f| f.is_public && f.class.is_none() && public(&f.name))
        .count();
    let methods = summary
        .functions
        .iter()
        .filter(|f| {
            f.is_public
                && !f.name.starts_with("__")
                && f.class.as_deref().is_some_and(|c| classes.contains(&c))
        })
        .count();
    classes.len() + functions + methods
}

/// Walks the tests' imports and references, memoising re-export lookups.
/// What one module binds, from its own text and summary: local name → every (module imported
/// from, name there), since backends bind one local name in several branches (`if jax: from
/// .jax.layer import JaxLayer as BackendLayer`); module aliases; and the names its classes
/// compose.
struct LocalBindings {
    names: HashMap<String, Vec<(String, String)>>,
    modules: HashMap<String, String>,
    text: Arc<ModuleText>,
    summary: Arc<PythonModule>,
}

/// What the check reads of a package module's text, taken in the engine's text pass so the text
/// itself need not be kept: the aliases its imports bind, its keyed tables, the names its
/// classes compose, and its lines that speak of deprecation.
struct ModuleText {
    /// The `name as alias` pairs of each import statement, in the order of the summary's imports.
    aliases: Vec<Aliases>,
    /// See [`keyed_tables`].
    tables: Vec<BTreeMap<String, String>>,
    /// See [`composed_names`].
    composed: HashSet<String>,
    /// See [`deprecation_lines`].
    deprecation_lines: Vec<String>,
}

impl TextDerived for ModuleText {
    fn derive(index: &RepoIndex, path: &str, text: &str) -> Self {
        let lines: Vec<&str> = lines(text).collect();
        let aliases = index
            .artifact::<PythonModule>(path)
            .map(|summary| {
                summary
                    .imports
                    .iter()
                    .map(|import| Aliases::of(&import_statement(&lines, import.line)))
                    .collect()
            })
            .unwrap_or_default();
        ModuleText {
            aliases,
            tables: keyed_tables(lines.iter().copied()),
            composed: composed_names(lines.iter().copied()),
            deprecation_lines: deprecation_lines(text).map(str::to_string).collect(),
        }
    }
}

impl ModuleText {
    /// See [`deprecates_itself`].
    fn deprecates(&self, module: &str) -> bool {
        self.deprecation_lines
            .iter()
            .any(|line| names_whole(line, module))
    }
}

struct Touches<'a> {
    index: &'a RepoIndex,
    map: &'a PackageMap,
    origins: HashMap<(String, String), Option<String>>,
    touched: BTreeSet<String>,
}

impl Touches<'_> {
    fn origin(&mut self, module: &str, name: &str) -> Option<String> {
        let key = (module.to_string(), name.to_string());
        if let Some(found) = self.origins.get(&key) {
            return found.clone();
        }
        let found = self.map.origin_of(self.index, module, name);
        self.origins.insert(key, found.clone());
        found
    }

    fn touch(&mut self, module: &str) {
        if self.map.modules.contains_key(module) && self.touched.insert(module.to_string()) {
            // A facade that star-imports whole packages (one per backend, chosen at run time)
            // hands every call to them: testing the facade tests what it re-exports.
            for source in self.map.star_sources(self.index, module) {
                self.touch(&source);
                if self.map.is_package(&source) {
                    for inner in self.map.reexport_sources(self.index, &source) {
                        self.touch(&inner);
                    }
                }
            }
        }
    }

    /// Records what one test file touches.
    fn test_file(&mut self, path: &str, top_level: &BTreeSet<String>) {
        let Some(summary) = self.index.artifact::<PythonModule>(path) else {
            return;
        };
        let text = self.index.text(path).unwrap_or_default();
        let lines: Vec<&str> = lines(text).collect();
        let own = self.test_module_name(path);
        // Local names bound to modules of the package, for attribute chains (`ops.add`).
        let mut bindings: HashMap<String, String> =
            top_level.iter().map(|p| (p.clone(), p.clone())).collect();
        for import in &summary.imports {
            let module = match (&own, import.level) {
                (_, 0) => import.module.clone(),
                (Some(own), _) => PackageMap::absolute(own, false, import),
                (None, _) => continue,
            };
            let statement = import_statement(&lines, import.line);
            let line = statement.as_str();
            if import.names.is_empty() {
                self.touch(&module);
                if let Some(alias) = Aliases::of(line).get(&module) {
                    bindings.insert(alias.to_string(), module.clone());
                }
                continue;
            }
            self.touch(&module);
            // Read only if a name needs its local binding.
            let aliases = OnceCell::new();
            for name in &import.names {
                if name == "*" {
                    for source in self.map.reexport_sources(self.index, &module) {
                        self.touch(&source);
                    }
                    continue;
                }
                if let Some(origin) = self.origin(&module, name) {
                    self.touch(&origin);
                    if origin.ends_with(&format!(".{name}")) {
                        let local = aliases.get_or_init(|| Aliases::of(line)).local(name);
                        bindings.insert(local, origin);
                    }
                }
            }
        }
        self.references(text, &bindings);
    }

    /// Attribute chains and dotted strings that start at a module binding: `ops.add`,
    /// `pkg.models.unet.UNet`, `"pkg.mod.f"` in a `mock.patch`.
    fn references(&mut self, text: &str, bindings: &HashMap<String, String>) {
        static CHAIN: LazyLock<Regex> =
            LazyLock::new(|| builtin_regex(r"\b[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+"));
        let mut seen = BTreeSet::new();
        for chain in CHAIN.find_iter(text) {
            if !seen.insert(chain.as_str()) {
                continue;
            }
            let mut parts = chain.as_str().split('.');
            let Some(mut current) = parts.next().and_then(|head| bindings.get(head)).cloned()
            else {
                continue;
            };
            for part in parts {
                let Some(origin) = self.origin(&current, part) else {
                    break;
                };
                self.touch(&origin);
                if !origin.ends_with(&format!(".{part}")) {
                    break;
                }
                current = origin;
            }
        }
    }

    /// Modules whose distinctive public names appear in a test (`"QwenImageTextEncoderStep"` in
    /// a list of expected pipeline blocks) are referenced by it. Distinctive: defined by exactly
    /// one module of the package and spelled like a specific name (CamelCase or snake_case of
    /// some length), so `load` or `Config` credit nothing. A name quoted whole as a string
    /// literal counts whatever its spelling: that is how a test selects API from a string-keyed
    /// registry (`policy_aliases`, `getattr(contrib, opt_name)`).
    fn named_in_tests(&mut self, words: &Names, quoted: &Names) {
        let mut definers: HashMap<String, Vec<String>> = HashMap::new();
        for (module, path) in &self.map.modules {
            let Some(summary) = self.index.artifact::<PythonModule>(path) else {
                continue;
            };
            let names = summary
                .classes
                .iter()
                .filter(|c| c.is_public && !c.qualname.contains('.'))
                .map(|c| c.name.clone())
                .chain(
                    summary
                        .functions
                        .iter()
                        .filter(|f| f.is_public && f.class.is_none())
                        .map(|f| f.name.clone()),
                );
            for name in names {
                definers.entry(name).or_default().push(module.clone());
            }
        }
        for (name, modules) in definers {
            let distinctive = name.len() >= 8
                && (name.contains('_') || name.chars().skip(1).any(|c| c.is_ascii_uppercase()));
            // A distinctive name used anywhere, or any name quoted whole (the key of a registry
            // the test looks the API up in), when exactly one module defines it.
            let named =
                (distinctive && words.contains(name.as_str())) || quoted.contains(name.as_str());
            if named && modules.len() == 1 {
                self.touch(&modules[0]);
            }
        }
    }

    /// A test that runs a console script or `python -m pkg` end to end runs the modules the
    /// entry point imports: follow its imports (lazy ones inside functions too) through the
    /// entry point's own package, and touch the modules outside it that those import directly.
    fn run_entry_point(&mut self, entry: &EntryPoint) {
        if !self.map.modules.contains_key(&entry.module) {
            return;
        }
        let scope = entry.scope(self.map.is_package(&entry.module));
        let in_scope = |m: &str| m == scope || m.starts_with(&format!("{scope}."));
        let mut queue = vec![entry.module.clone()];
        let mut seen: BTreeSet<String> = queue.iter().cloned().collect();
        while let Some(module) = queue.pop() {
            self.touch(&module);
            let Some(summary) = self
                .map
                .path(&module)
                .and_then(|p| self.index.artifact::<PythonModule>(p))
            else {
                continue;
            };
            let is_package = self.map.is_package(&module);
            let mut reached = Vec::new();
            for import in &summary.imports {
                let source = PackageMap::absolute(&module, is_package, import);
                reached.push(source.clone());
                for name in import.names.iter().filter(|n| *n != "*") {
                    reached.extend(self.origin(&source, name));
                }
            }
            for target in reached {
                if !self.map.modules.contains_key(&target) || !seen.insert(target.clone()) {
                    continue;
                }
                if in_scope(&target) {
                    queue.push(target);
                } else {
                    self.touch(&target);
                }
            }
        }
    }

    /// Two module-level tables of one module with the same string keys pair a choice with what
    /// runs it (`AUTO_QUANTIZATION_CONFIG_MAPPING = {"gguf": GGUFQuantizationConfig, …}` beside
    /// `AUTO_QUANTIZER_MAPPING = {"gguf": GGUFQuantizer, …}`): a test that uses one table's entry
    /// (builds a `GGUFQuantizationConfig` from a module it touches) runs the other table's entry
    /// under that key, and the module holding the tables. Tables whose keys differ pair nothing:
    /// the text-to-image and image-to-image tables of an auto pipeline list different pipelines,
    /// and a test of one does not run the other.
    fn paired_tables(&mut self, words: &Names) {
        let modules: Vec<(String, String)> = self
            .map
            .modules
            .iter()
            .map(|(module, path)| (module.clone(), path.clone()))
            .collect();
        for (module, path) in modules {
            let Some(text) = self.index.text_derived::<ModuleText>(&path) else {
                continue;
            };
            let tables = &text.tables;
            for (i, a) in tables.iter().enumerate() {
                for b in tables.iter().skip(i + 1) {
                    if a.len() < 2 || !a.keys().eq(b.keys()) {
                        continue;
                    }
                    for (key, a_name) in a {
                        let b_name = &b[key];
                        for (used, runs) in [(a_name, b_name), (b_name, a_name)] {
                            let used_here = words.contains(used.as_str())
                                && self
                                    .origin(&module, used)
                                    .is_some_and(|origin| self.touched.contains(&origin));
                            if used_here {
                                self.touch(&module);
                                if let Some(origin) = self.origin(&module, runs) {
                                    self.touch(&origin);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Modules whose classes are base classes of touched modules' classes are exercised through
    /// their subclasses (`JAXTrainer(base_trainer.Trainer)`, `LightningModule(ModelHooks)`),
    /// a module that binds one local name from several modules in alternative branches
    /// dispatches to each of them (`if backend() == "jax": from .jax.export import JaxArchive
    /// as BackendArchive` … `elif "torch": …`; CI runs the tests once per branch), and a class
    /// whose body lists imported classes in a table composes them (`block_classes =
    /// [TextEncoderStep, DenoiseStep]`): touch them too, until nothing changes.
    fn propagate_to_bases(&mut self) {
        let mut done: BTreeSet<String> = BTreeSet::new();
        loop {
            let pending: Vec<String> = self.touched.difference(&done).cloned().collect();
            if pending.is_empty() {
                return;
            }
            // Each module's own bindings depend on nothing touched so far: read in parallel.
            let this = &*self;
            let bindings: Vec<Option<LocalBindings>> = pending
                .par_iter()
                .map(|module| this.local_bindings(module))
                .collect();
            for (module, local) in pending.into_iter().zip(bindings) {
                done.insert(module.clone());
                let Some(local) = local else {
                    continue;
                };
                for base in self.base_modules(&module, &local) {
                    self.touch(&base);
                }
            }
        }
    }

    /// What `module` binds, read from its own text and summary alone.
    fn local_bindings(&self, module: &str) -> Option<LocalBindings> {
        let path = self.map.path(module)?;
        let summary = self.index.artifact::<PythonModule>(path)?;
        let text = self.index.text_derived::<ModuleText>(path)?;
        let is_package = self.map.is_package(module);
        let mut names: HashMap<String, Vec<(String, String)>> = HashMap::new();
        let mut modules: HashMap<String, String> = HashMap::new();
        for (import, aliases) in summary.imports.iter().zip(&text.aliases) {
            let source = PackageMap::absolute(module, is_package, import);
            if import.names.is_empty() {
                if let Some(alias) = aliases.get(&source) {
                    modules.insert(alias.to_string(), source);
                }
                continue;
            }
            for name in &import.names {
                let local = aliases.local(name);
                names
                    .entry(local)
                    .or_default()
                    .push((source.clone(), name.clone()));
            }
        }
        Some(LocalBindings {
            names,
            modules,
            text,
            summary,
        })
    }

    /// The modules that define the base classes of `module`'s classes, and those a name it
    /// binds in several branches comes from.
    fn base_modules(&mut self, module: &str, local: &LocalBindings) -> Vec<String> {
        let LocalBindings {
            names,
            modules,
            text,
            summary,
        } = local;
        let composed = &text.composed;
        let mut found = Vec::new();
        let dispatched = names
            .iter()
            .filter(|(local, b)| b.len() > 1 || composed.contains(local.as_str()));
        for (_, bindings) in dispatched {
            for (source, imported) in bindings.clone() {
                found.extend(self.origin(&source, &imported).filter(|o| o != module));
            }
        }
        for class in &summary.classes {
            for base in &class.bases {
                let base = base.split('[').next().unwrap_or(base).trim();
                let (head, attr) = match base.split_once('.') {
                    None => (base, None),
                    Some((head, attr)) if !attr.contains('.') => (head, Some(attr)),
                    Some(_) => continue,
                };
                let mut owners: Vec<String> = Vec::new();
                for (source, imported) in names.get(head).cloned().unwrap_or_default() {
                    owners.extend(self.origin(&source, &imported));
                }
                let origins: Vec<String> = match attr {
                    None => owners,
                    Some(attr) => {
                        owners.extend(modules.get(head).cloned());
                        owners
                            .iter()
                            .filter_map(|owner| self.origin(owner, attr))
                            .collect()
                    }
                };
                found.extend(origins.into_iter().filter(|o| o != module));
            }
        }
        found
    }

    /// A test file's own dotted name when it sits inside a package (colocated tests), so its
    /// relative imports resolve; tests in a plain `tests/` folder have none that matter.
    fn test_module_name(&self, path: &str) -> Option<String> {
        let (dir, file) = path.rsplit_once('/')?;
        let package = self.map.name_of(&format!("{dir}/__init__.py"))?;
        let stem = file.strip_suffix(".py")?;
        Some(format!("{package}.{stem}"))
    }
}

/// The module-level dict literals of a file whose every entry maps a string to a name
/// (`TABLE = {\n    "gguf": GGUFQuantizer,\n    …\n}`), one entry per line, as key → name.
fn keyed_tables<'a>(mut lines: impl Iterator<Item = &'a str>) -> Vec<BTreeMap<String, String>> {
    static ENTRY: LazyLock<Regex> = LazyLock::new(|| {
        builtin_regex(
            r#"^[ \t]+["']([^"']+)["'][ \t]*:[ \t]*([A-Za-z_][A-Za-z0-9_]*)[ \t]*,?[ \t]*(?:#.*)?$"#,
        )
    });
    let mut tables = Vec::new();
    while let Some(line) = lines.next() {
        let opens = line.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && line.trim_end().ends_with("= {");
        if !opens {
            continue;
        }
        let mut table = BTreeMap::new();
        let mut keyed = true;
        for entry in lines.by_ref() {
            if entry.starts_with('}') {
                break;
            }
            match ENTRY.captures(entry) {
                Some(caps) => {
                    table.insert(caps[1].to_string(), caps[2].to_string());
                }
                None => keyed &= entry.trim().is_empty() || entry.trim_start().starts_with('#'),
            }
        }
        if keyed && !table.is_empty() {
            tables.push(table);
        }
    }
    tables
}

/// `name as alias` pairs on an import line (the summary keeps imported names, not aliases).
static ALIAS: LazyLock<Regex> = LazyLock::new(|| builtin_regex(r"([\w.]+)\s+as\s+(\w+)"));

/// The names a class lists in a collection it assigns, in its body or its methods
/// (`block_classes = [Encode, Denoise]`, `OPTIMIZERS = {Adam: torch_adam.Adam}`): the parts a
/// composite or dispatching class runs. A module-level table such a collection names
/// (`block_classes = CORE_BLOCKS.values()` after `CORE_BLOCKS = InsertableDict([("denoise",
/// DenoiseStep()), …])`) lists parts too, followed transitively; a module-level table no class
/// composes is a registry, and a test that imports its module runs none of it. Quoted text is
/// left out, so `__all__`-style name lists do not count.
fn composed_names<'a>(lines: impl Iterator<Item = &'a str>) -> HashSet<String> {
    static ASSIGNMENT: LazyLock<Regex> =
        LazyLock::new(|| builtin_regex(r"^[ \t]+[A-Za-z_][A-Za-z0-9_]*[ \t]*(?::[^=]+)?=[^=]"));
    static CLASS_TABLE: LazyLock<Regex> =
        LazyLock::new(|| builtin_regex(r"^\s+[A-Za-z_]\w*\s*(?::[^=]+)?=\s*[\[\(\{]"));
    // `NAME = [ …`, or one call wrapping the collection: `NAME = InsertableDict([ …`, its
    // bracket on this line or the next. ASCII classes, which compile far faster than Unicode.
    static MODULE_TABLE: LazyLock<Regex> = LazyLock::new(|| {
        builtin_regex(
            r"^([A-Za-z_][A-Za-z0-9_]*)[ \t]*(?::[^=]+)?=[ \t]*(?:[A-Za-z_][A-Za-z0-9_.]*\([ \t]*(?:[\[\(\{]|$)|[\[\(\{])",
        )
    });
    let mut names = HashSet::new();
    let mut module_tables: HashMap<String, HashSet<String>> = HashMap::new();
    // Names in a class body's other assignments (`block_classes = CORE_BLOCKS.values()`): only
    // the module tables among them compose. A method that looks a key up in a module table
    // (`_get_task_class(AUTO_PIPELINES, name)`) dispatches to one entry, not all.
    let mut tables_named: HashSet<String> = HashSet::new();
    let mut body_indent: Option<usize> = None;
    let mut in_class = false;
    // After a class-body `@property`, until the first statement of its function.
    let mut property_pending = false;
    let mut lines = lines.peekable();
    while let Some(line) = lines.next() {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let indent = line.len() - trimmed.len();
        if indent == 0 {
            in_class = trimmed.starts_with("class ");
            body_indent = None;
            property_pending = false;
            if let Some(table) = MODULE_TABLE.captures(line) {
                let words = assigned_names(line, &mut lines);
                module_tables.insert(table[1].to_string(), words);
            }
            continue;
        }
        if !in_class || *body_indent.get_or_insert(indent) > indent {
            continue;
        }
        if body_indent == Some(indent) && trimmed.starts_with("@property") {
            property_pending = true;
            continue;
        }
        if property_pending && body_indent.is_some_and(|b| indent > b) {
            // The first statement of a property: a literal it returns is a class attribute
            // computed on access (`expected_components` → `[ComponentSpec("guider", Guidance)]`).
            if trimmed.starts_with(['"', '\'']) && !trimmed.contains("return ") {
                // Its docstring: the statement after it is the first.
                continue;
            }
            property_pending = false;
            if let Some(value) = trimmed.strip_prefix("return ") {
                if value.starts_with(['[', '(', '{']) {
                    // Read no further than the property's body, whatever its brackets say.
                    let mut body = std::iter::from_fn(|| {
                        lines.next_if(|l| {
                            l.trim().is_empty() || l.len() - l.trim_start().len() >= indent
                        })
                    });
                    names.extend(literal_names(value, &mut body));
                }
            }
            continue;
        }
        if body_indent == Some(indent) && !trimmed.starts_with("def ") {
            property_pending = false;
        }
        if CLASS_TABLE.is_match(line) {
            names.extend(assigned_names(line, &mut lines));
        } else if body_indent == Some(indent) && ASSIGNMENT.is_match(line) {
            // This line only: its continuation lines are read as lines of their own, as before.
            let value = line.split_once('=').map_or("", |(_, v)| v);
            tables_named.extend(words(value).map(str::to_string));
        }
    }
    let mut pending: Vec<String> = names
        .iter()
        .chain(&tables_named)
        .filter(|n| module_tables.contains_key(*n))
        .cloned()
        .collect();
    while let Some(table) = pending.pop() {
        for word in module_tables.remove(&table).unwrap_or_default() {
            if module_tables.contains_key(&word) {
                pending.push(word.clone());
            }
            names.insert(word);
        }
    }
    names
}

/// The unquoted names in the value an assignment starting on `line` binds, read on through
/// `rest` up to the line where its brackets close.
fn assigned_names<'a>(line: &str, rest: &mut impl Iterator<Item = &'a str>) -> HashSet<String> {
    literal_names(line.split_once('=').map_or("", |(_, v)| v), rest)
}

/// The unquoted names in a value that starts with `start`, read on through `rest` up to the line
/// where its brackets close.
fn literal_names<'a>(start: &str, rest: &mut impl Iterator<Item = &'a str>) -> HashSet<String> {
    static QUOTED: LazyLock<Regex> = LazyLock::new(|| builtin_regex(r#""[^"]*"|'[^']*'"#));
    let mut value = start.to_string();
    let depth = |code: &str| {
        let code = QUOTED.replace_all(code.split('#').next().unwrap_or_default(), "");
        code.matches(['[', '(', '{']).count() as i32 - code.matches([']', ')', '}']).count() as i32
    };
    let mut open = depth(&value);
    while open > 0 {
        let Some(next) = rest.next() else { break };
        open += depth(next);
        value.push('\n');
        value.push_str(next);
    }
    let code = QUOTED.replace_all(&value, "");
    words(&code).map(str::to_string).collect()
}

/// Whether a module says that importing from it is deprecated (a shim kept for old import
/// paths: "Importing `VQModel` from `diffusers.models.vq_model` is deprecated"): code its
/// maintainers marked for removal is no place for a first test.
#[cfg(test)]
fn deprecates_itself(text: &str, module: &str) -> bool {
    deprecation_lines(text).any(|line| names_whole(line, module))
}

/// The lines of `text` holding "deprecat" in any ASCII case, found by jumping between `d`s:
/// lowering every line of every module to search it cost a fifth of the check.
fn deprecation_lines(text: &str) -> impl Iterator<Item = &str> {
    const WORD: &[u8] = b"deprecat";
    let bytes = text.as_bytes();
    let mut from = 0;
    std::iter::from_fn(move || {
        while let Some(offset) = memchr::memchr2(b'd', b'D', &bytes[from..]) {
            let at = from + offset;
            if !bytes[at..]
                .get(..WORD.len())
                .is_some_and(|w| w.eq_ignore_ascii_case(WORD))
            {
                from = at + 1;
                continue;
            }
            let start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
            let end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i);
            from = end;
            return Some(&text[start..end]);
        }
        None
    })
}

/// Whether `line` names the dotted `module` whole (not `x.module` or `module_v2`). A string
/// search with a look at the neighbours: a regex built per module (Unicode `\w` classes) cost
/// more to compile than the whole check of the module.
fn names_whole(line: &str, module: &str) -> bool {
    let part_of_name =
        |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.');
    !module.is_empty()
        && line.match_indices(module).any(|(at, _)| {
            !part_of_name(line[..at].chars().next_back())
                && !part_of_name(line[at + module.len()..].chars().next())
        })
}

/// The import statement starting on 1-based `line`, continued while its parentheses are open
/// or a line ends in a backslash: `from .optimizers import (\n    TorchOptimizer as Backend,\n)`
/// binds its alias on a later line.
fn import_statement(lines: &[&str], line: u32) -> String {
    let mut statement = String::new();
    let mut depth = 0i32;
    for text in lines.iter().skip(line.saturating_sub(1) as usize).take(64) {
        let code = text.split('#').next().unwrap_or_default();
        statement.push_str(code);
        statement.push(' ');
        depth += code.matches('(').count() as i32 - code.matches(')').count() as i32;
        if depth <= 0 && !code.trim_end().ends_with('\\') {
            break;
        }
    }
    statement
}

/// `from a import b as x` on this line binds `x` to what `b` is.
#[cfg(test)]
fn from_alias(line: &str, name: &str) -> Option<String> {
    ALIAS
        .captures_iter(line)
        .find(|c| &c[1] == name)
        .map(|c| c[2].to_string())
}

/// Every `name as alias` pair of one import statement (`import a.b as x` binds `x` to `a.b`,
/// `from a import b as x` binds `x` to what `b` is), read in one pass: looking up each imported
/// name by its own search rescanned the statement per name, quadratic in a long
/// `from .pipelines import (…)` of a package's `__init__.py`.
#[derive(Default)]
struct Aliases(HashMap<String, String>);

impl Aliases {
    fn of(line: &str) -> Self {
        let mut pairs = HashMap::new();
        for caps in ALIAS.captures_iter(line) {
            if let (Some(name), Some(alias)) = (caps.get(1), caps.get(2)) {
                // The first pair for a name wins.
                pairs
                    .entry(name.as_str().to_string())
                    .or_insert_with(|| alias.as_str().to_string());
            }
        }
        Aliases(pairs)
    }

    /// The alias `name` is bound to, if it has one.
    fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }

    /// The local name `name` is bound to: its alias, or itself.
    fn local(&self, name: &str) -> String {
        self.get(name).unwrap_or(name).to_string()
    }
}

impl Check for ModuleCoverage {
    fn needs(&self) -> Needs {
        Needs {
            python: true,
            reads_python: true,
            ..Needs::default()
        }
    }

    /// Test files are read whole later (their imports, references and words); of a module, what
    /// `ModuleText` holds, unless there are no tests to touch it.
    fn text_pass(&self, pass: &TextPass) -> bool {
        if is_python_test_file(pass.path()) {
            return true;
        }
        let index = pass.index();
        if modules::may_be_module(index, pass.path())
            && test_suite::detect(index).has_tests_in(Lang::Python)
        {
            let _ = pass.derive::<ModuleText>();
        }
        false
    }

    fn run(&self, cx: &CheckCtx) -> Outcome {
        let mut map = PackageMap::build(cx.index);
        // A sub-project (`projects/DensePose` with its own setup.py) is judged on its own scan.
        let subprojects = subprojects::find(cx.index);
        map.modules
            .retain(|_, path| !subprojects::contains(&subprojects, path));
        if map.modules.is_empty() {
            return Outcome::NotApplicable;
        }
        let top_level: BTreeSet<String> = map
            .modules
            .keys()
            .filter(|m| !m.contains('.'))
            .cloned()
            .collect();
        let mut touches = Touches {
            index: cx.index,
            map: &map,
            origins: HashMap::new(),
            touched: BTreeSet::new(),
        };
        let entries = entry_points::find(cx.index, map.modules.keys().map(String::as_str));
        let matchers: Vec<_> = entries.iter().map(|e| e.matcher()).collect();
        let test_files: Vec<&str> = cx
            .index
            .files_with_ext(&["py"])
            .map(|entry| entry.path.as_str())
            .filter(|path| is_python_test_file(path))
            .collect();
        for path in &test_files {
            touches.test_file(path, &top_level);
        }
        // What the test texts run and name, read in parallel: unions, so the order is moot.
        let (run_entries, test_words, quoted) = test_files
            .par_iter()
            .filter_map(|path| cx.index.text(path))
            .fold(TestText::default, |mut seen, text| {
                seen.0
                    .extend((0..matchers.len()).filter(|&i| matchers[i].run_by(text)));
                seen.1.extend(words(text));
                seen.2.extend(quoted_names(text));
                seen
            })
            .reduce(TestText::default, |mut a, b| {
                a.0.extend(b.0);
                a.1.extend(b.1);
                a.2.extend(b.2);
                a
            });
        if test_files.is_empty() {
            // No tests at all is `no-tests`' finding; charging every module too would count
            // one gap twice.
            return Outcome::NotApplicable;
        }
        for &i in &run_entries {
            touches.run_entry_point(&entries[i]);
        }
        touches.named_in_tests(&test_words, &quoted);
        touches.paired_tables(&test_words);
        touches.propagate_to_bases();
        let reexported = map.reexported_from_private(cx.index);
        // Each module's API size, judged in parallel (it reads the module's text and summary).
        let sizes: BTreeMap<&str, (usize, &str)> = map
            .modules
            .par_iter()
            .filter_map(|(name, path)| {
                let private = name.split('.').any(|p| p.starts_with('_'));
                // Private modules (`pkg._graveyard.tpu`) are not API a newcomer should target,
                // unless a public package re-exports their names (`optax/_src/alias.py`).
                let shown = reexported.get(path);
                if self.exclude.is_match(name) || (private && shown.is_none()) {
                    return None;
                }
                if cx
                    .index
                    .text_derived::<ModuleText>(path)
                    .is_some_and(|text| text.deprecates(name))
                {
                    return None;
                }
                let summary = cx.index.artifact::<PythonModule>(path)?;
                let size = match shown.filter(|_| private) {
                    Some(names) => api_size(&summary, |n| names.contains(n)),
                    None => public_api_size(&summary),
                };
                (size >= self.min_api).then_some((name.as_str(), (size, path.as_str())))
            })
            .collect();
        let possible: usize = sizes.values().map(|(s, _)| s).sum();
        let mut earned = 0;
        let mut untested: Vec<(&str, usize, &str)> = Vec::new();
        for (name, (size, path)) in &sizes {
            if touches.touched.contains(*name) {
                earned += size;
            } else {
                untested.push((name, *size, path));
            }
        }
        untested.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let findings = untested
            .into_iter()
            .map(|(name, size, path)| {
                Finding::new(format!(
                    "no test imports or references {name} ({size} public function{}, class{} and method{})",
                    if size == 1 { "" } else { "s" },
                    if size == 1 { "" } else { "es" },
                    if size == 1 { "" } else { "s" },
                ))
                .at(path)
                .symbol(name)
                .weight(size as f64)
            })
            .collect();
        Outcome::partial(earned as f64, possible as f64, findings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One pass over a statement binds every name as the per-name search did, the first pair of
    /// a name winning.
    #[test]
    fn aliases_of_a_statement_match_the_per_name_search() {
        let statements = [
            "from .pipelines import ( A as B, C, D as E, A as F, pkg.G as H ) ",
            "from x import y as z, z as y ",
            "import numpy as np ",
            "from a import b ",
            "from a import (b as  c,\n d\tas e) ",
        ];
        for line in statements {
            let aliases = Aliases::of(line);
            for name in [
                "A", "C", "D", "pkg.G", "G", "y", "z", "numpy", "b", "d", "missing",
            ] {
                let expected = from_alias(line, name).unwrap_or_else(|| name.to_string());
                assert_eq!(aliases.local(name), expected, "{name} in {line:?}");
            }
        }
    }

    #[test]
    fn a_literal_a_property_returns_composes_a_method_return_does_not() {
        let text = "from .guider import Guidance\nfrom .lonely import Lonely\nfrom .after import After\n\nclass Step:\n    @property\n    def description(self):\n        return (\n            \"\"\"Denoises (the\n            latents.\"\"\"\n        )\n\n    @property\n    def expected_components(self):\n        \"\"\"The parts.\"\"\"\n        return [\n            Spec(\"guider\", Guidance),\n        ]\n\n    def run(self):\n        return [Lonely]\n\n    def after(self):\n        After()\n";
        let names = composed_names(lines(text));
        assert!(names.contains("Guidance"), "{names:?}");
        assert!(
            !names.contains("Lonely"),
            "a method's return value is computed"
        );
        assert!(
            !names.contains("After"),
            "an unbalanced string stops at the property's end"
        );
    }

    #[test]
    fn words_are_what_the_identifier_regex_finds() {
        let identifier = Regex::new(r"[A-Za-z_][A-Za-z0-9_]*").expect("valid");
        for text in [
            "",
            "x",
            "9abc 12 _a1_ b2c.d3(e)",
            "été x_é9y 'q' \"Z\"",
            "a\n\tB_\r\n__ 1_ ",
            "日本x語y",
        ] {
            let expected: Vec<&str> = identifier.find_iter(text).map(|m| m.as_str()).collect();
            assert_eq!(words(text).collect::<Vec<_>>(), expected, "{text:?}");
        }
    }

    #[test]
    fn quoted_names_are_what_the_quoted_name_regex_captures() {
        let quoted = Regex::new(r#"["']([A-Za-z_][A-Za-z0-9_]*)["']"#).expect("valid");
        for text in [
            "",
            "'",
            "x = 'adam'",
            "''x' \"a\"b\" '9x' 'a b' \"_c1'",
            "f('été', 'ok', \"x\")",
            "'a'b'c'",
            "'unterminated",
        ] {
            let expected: Vec<&str> = quoted
                .captures_iter(text)
                .map(|c| c.get(1).map_or("", |m| m.as_str()))
                .collect();
            assert_eq!(quoted_names(text).collect::<Vec<_>>(), expected, "{text:?}");
        }
    }

    #[test]
    fn tables_with_the_same_keys_pair_their_entries() {
        let tables = keyed_tables(lines(
            "CONFIGS = {\n    \"gguf\": GgufConfig,\n    \"bnb\": BnbConfig,  # 4-bit\n}\n\nQUANTIZERS = {\n    \"gguf\": GgufQuantizer,\n    \"bnb\": BnbQuantizer,\n}\n\nMIXED = {\n    \"a\": A,\n    \"b\": make_b(),\n}\n",
        ));
        assert_eq!(tables.len(), 2, "a table with a call in it is not keyed");
        assert!(tables[0].keys().eq(tables[1].keys()));
        assert_eq!(tables[1]["bnb"], "BnbQuantizer");
    }

    #[test]
    fn a_module_is_named_whole_in_a_deprecation_line() {
        let module = "diffusers.models.vq_model";
        assert!(names_whole(
            "Importing from `diffusers.models.vq_model` is deprecated",
            module
        ));
        assert!(names_whole("diffusers.models.vq_model", module));
        assert!(!names_whole(
            "x.diffusers.models.vq_model is deprecated",
            module
        ));
        assert!(!names_whole(
            "diffusers.models.vq_model_v2 is deprecated",
            module
        ));
        assert!(!names_whole("anything", ""));
        assert!(!deprecates_itself(
            "# Deprecated: use diffusers.models.vq_model.x\n",
            module
        ));
        assert!(deprecates_itself(
            "x = 1\n# `diffusers.models.vq_model` is DEPRECATED\n",
            module
        ));
        assert!(deprecates_itself(
            "# deprecated\r\nx = 1 # diffusers.models.vq_model: Deprecated",
            module
        ));
        assert!(!deprecates_itself(
            "# deprecated\ndiffusers.models.vq_model\n# deprecate",
            module
        ));
    }

    fn untested(files: &[(&str, &str)]) -> (Vec<String>, f64, f64) {
        let check = ModuleCoverage::new(Params {
            min_api: 1,
            exclude: vec!["*.__main__".into()],
        })
        .expect("params");
        // Every case also runs as a scan does, reading what the text pass kept and built.
        let outcome = crate::checks::run_on(&check, files);
        assert_eq!(crate::checks::run_after_text_pass(&check, files), outcome);
        match outcome {
            Outcome::Scored {
                earned,
                possible,
                findings,
            } => (
                findings.iter().filter_map(|f| f.symbol.clone()).collect(),
                earned,
                possible,
            ),
            Outcome::NotApplicable => (vec!["n/a".into()], 0.0, 0.0),
        }
    }

    #[test]
    fn reexported_private_modules_and_registry_names_count() {
        let files = [
            ("optlib/__init__.py", "from optlib._src.alias import adam, sgd
"),
            ("optlib/_src/__init__.py", ""),
            ("optlib/_src/alias.py", "def adam(lr):\n    pass\ndef sgd(lr):\n    pass\ndef _helper():\n    pass\ndef internal(x):\n    pass\n"),
            ("optlib/_src/sophia.py", "def sophia(lr):\n    pass\n"),
            ("optlib/contrib/__init__.py", "from optlib._src.sophia import sophia\n"),
            ("optlib/_src/base.py", "def hidden(x):\n    pass\n"),
            ("tests/test_registry.py", "import optlib\n\nfor name in ['sophia']:\n    getattr(optlib.contrib, name)\n"),
        ];
        let (symbols, earned, possible) = untested(&files);
        // adam and sgd are re-exported (internal is not), sophia is reached through its quoted
        // name, base.py re-exports nothing.
        assert_eq!(symbols, ["optlib._src.alias"]);
        assert_eq!((earned, possible), (1.0, 3.0));
    }

    #[test]
    fn a_package_with_no_tests_is_left_to_no_tests() {
        assert_eq!(untested(PKG).0, ["n/a"]);
    }

    const PKG: &[(&str, &str)] = &[
        (
            "src/pkg/__init__.py",
            "from .models import UNet\nfrom . import ops\n",
        ),
        ("src/pkg/models/__init__.py", "from .unet import UNet\n"),
        (
            "src/pkg/models/unet.py",
            "class UNet:\n    def forward(self, x):\n        return x\n    def _hidden(self):\n        pass\n",
        ),
        ("src/pkg/models/vae.py", "class VAE:\n    def decode(self, z):\n        return z\n"),
        ("src/pkg/ops/__init__.py", "from .math import *\n"),
        ("src/pkg/ops/math.py", "def add(a, b):\n    return a + b\n"),
        ("src/pkg/io.py", "def load(p):\n    pass\ndef save(p):\n    pass\ndef _tmp():\n    pass\n"),
        ("src/pkg/__main__.py", "def main():\n    pass\n"),
        ("src/pkg/schedulers.py", "import math\n"),
        ("src/pkg/_compat.py", "def shim():\n    pass\n"),
    ];

    fn with_test(test: &str) -> Vec<(&str, &str)> {
        let mut files = PKG.to_vec();
        files.push(("tests/test_it.py", test));
        files
    }

    #[test]
    fn api_size_counts_exported_functions_classes_and_public_methods() {
        let summary = crate::analysis::python::summarize(
            "__all__ = ['A', 'f']\nclass A:\n    def m(self): pass\n    def __init__(self): pass\n    def _p(self): pass\nclass B:\n    def n(self): pass\ndef f(): pass\ndef g(): pass\n",
        );
        assert_eq!(public_api_size(&summary), 3, "A, A.m, f");
        let containers = crate::analysis::python::summarize(
            "@dataclass\nclass Output:\n    frames: list\nclass Failed(Exception):\n    pass\n",
        );
        assert_eq!(public_api_size(&containers), 0, "no behaviour of their own");
    }

    #[test]
    fn ways_a_test_touches_a_module() {
        let all = [
            "pkg.io",
            "pkg.models.unet",
            "pkg.models.vae",
            "pkg.ops.math",
        ];
        for (test, expected_untested) in [
            ("", all.to_vec()),
            (
                "from pkg.io import load\n",
                vec!["pkg.models.unet", "pkg.models.vae", "pkg.ops.math"],
            ),
            (
                "import pkg.io\n",
                vec!["pkg.models.unet", "pkg.models.vae", "pkg.ops.math"],
            ),
            (
                "from pkg import io\n",
                vec!["pkg.models.unet", "pkg.models.vae", "pkg.ops.math"],
            ),
            (
                "from pkg import UNet\n",
                vec!["pkg.io", "pkg.models.vae", "pkg.ops.math"],
            ),
            (
                "from pkg.models import vae as v\n",
                vec!["pkg.io", "pkg.models.unet", "pkg.ops.math"],
            ),
            (
                "from pkg import ops\n\ndef test():\n    ops.add(1, 2)\n",
                vec!["pkg.io", "pkg.models.unet", "pkg.models.vae"],
            ),
            (
                "import pkg\n\ndef test():\n    pkg.models.vae.VAE()\n",
                vec!["pkg.io", "pkg.models.unet", "pkg.ops.math"],
            ),
            (
                "@mock.patch(\"pkg.io.save\")\ndef test(m):\n    pass\n",
                vec!["pkg.models.unet", "pkg.models.vae", "pkg.ops.math"],
            ),
            (
                "import pkg.ops as o\n\ndef test():\n    o.add(1, 2)\n",
                vec!["pkg.io", "pkg.models.unet", "pkg.models.vae"],
            ),
            (
                "from pkg.ops import *\n",
                vec!["pkg.io", "pkg.models.unet", "pkg.models.vae"],
            ),
        ] {
            let (found, _, _) = untested(&with_test(test));
            let mut found = found;
            found.sort();
            assert_eq!(found, expected_untested, "{test:?}");
        }
    }

    #[test]
    fn credit_is_weighted_by_api_size_and_findings_rank_largest_first() {
        let (found, earned, possible) = untested(&with_test("from pkg import UNet\n"));
        // unet 2 (class + forward), io 2, vae 2 (class + decode), math 1.
        assert_eq!((earned, possible), (2.0, 7.0));
        assert_eq!(found, ["pkg.io", "pkg.models.vae", "pkg.ops.math"]);
    }

    #[test]
    fn a_star_importing_facade_covers_its_backends() {
        let files = [
            ("k/__init__.py", ""),
            ("k/backend/__init__.py", "if B == 'jax':\n    from k.backend.jax import *\nelse:\n    from k.backend.torch import *\n"),
            ("k/backend/jax/__init__.py", "from k.backend.jax import numpy\n"),
            ("k/backend/jax/numpy.py", "def add(a, b):\n    pass\n"),
            ("k/backend/torch/__init__.py", "from k.backend.torch import numpy\n"),
            ("k/backend/torch/numpy.py", "def add(a, b):\n    pass\n"),
            ("k/backend/torch/unused.py", "def lonely():\n    pass\n"),
            ("k/ops_test.py", "from k import backend\n"),
        ];
        let (found, _, _) = untested(&files);
        assert_eq!(found, ["k.backend.torch.unused"]);
    }

    #[test]
    fn base_classes_are_tested_through_their_subclasses() {
        let files = [
            ("k/__init__.py", ""),
            ("k/trainer.py", "class Trainer:\n    def fit(self):\n        pass\n"),
            ("k/hooks.py", "class Hooks:\n    def on_start(self):\n        pass\n"),
            ("k/jax_trainer.py", "from k import trainer as base\nfrom k.hooks import Hooks\n\nclass JaxTrainer(base.Trainer, Hooks):\n    pass\n"),
            ("k/unrelated.py", "class Other:\n    def run(self):\n        pass\n"),
            ("tests/test_jax.py", "from k.jax_trainer import JaxTrainer\n"),
        ];
        let (found, _, _) = untested(&files);
        assert_eq!(found, ["k.unrelated"]);
    }

    #[test]
    fn every_backend_bound_to_one_base_name_is_reached() {
        let files = [
            ("k/__init__.py", ""),
            ("k/jax_layer.py", "class JaxLayer:\n    def call(self, x):\n        pass\n"),
            ("k/torch_layer.py", "class TorchLayer:\n    def call(self, x):\n        pass\n"),
            ("k/layer.py", "if B == 'jax':\n    from k.jax_layer import JaxLayer as BackendLayer\nelse:\n    from k.torch_layer import TorchLayer as BackendLayer\n\nclass Layer(BackendLayer):\n    pass\n"),
            ("tests/test_layer.py", "from k.layer import Layer\n"),
        ];
        let (found, _, _) = untested(&files);
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn a_class_table_of_imported_classes_composes_them() {
        let files = [
            ("p/__init__.py", ""),
            ("p/encode.py", "class Encode:\n    def run(self, x):\n        pass\n"),
            ("p/decode.py", "class Decode:\n    def run(self, x):\n        pass\n"),
            ("p/lonely.py", "class Lonely:\n    def run(self, x):\n        pass\n"),
            ("p/fast.py", "class Fast:\n    def run(self, x):\n        pass\n"),
            ("p/blocks.py", "from .encode import Encode\nfrom .decode import Decode\nfrom .lonely import Lonely\n\nNAMES = [\"Lonely\"]\n\nclass Blocks:\n    block_classes = [\n        Encode,\n        Decode,\n    ]\n    def run(self):\n        from .fast import Fast\n        table = {\"fast\": Fast}\n        return [Lonely]\n"),
            ("tests/test_blocks.py", "from p.blocks import Blocks\n"),
        ];
        let (found, _, _) = untested(&files);
        // Lonely is only returned, never assigned in a table, and quoted at module level.
        assert_eq!(found, ["p.lonely"]);
    }

    #[test]
    fn a_module_table_a_class_table_names_composes_its_entries() {
        let files = [
            ("p/__init__.py", ""),
            ("p/encode.py", "class Encode:\n    def run(self, x):\n        pass\n"),
            ("p/decode.py", "class Decode:\n    def run(self, x):\n        pass\n"),
            ("p/registered.py", "class Registered:\n    def run(self, x):\n        pass\n"),
            ("p/blocks.py", "from .encode import Encode\nfrom .decode import Decode\nfrom .registered import Registered\n\nINNER = InsertableDict(\n    [\n        (\"encode\", Encode()),\n    ]\n)\nOUTER = {\"inner\": INNER, \"decode\": Decode}\nREGISTRY = [Registered]\n\nclass Blocks:\n    block_classes = OUTER.values()\n"),
            ("tests/test_blocks.py", "from p.blocks import Blocks\n"),
        ];
        let (found, _, _) = untested(&files);
        // OUTER is composed, and through it INNER; REGISTRY is a table no class composes.
        assert_eq!(found, ["p.registered"]);
    }

    #[test]
    fn distinctive_names_in_tests_reference_their_module() {
        let files = [
            ("p/__init__.py", ""),
            ("p/encoders.py", "class QwenTextEncoderStep:\n    pass\n"),
            ("p/loaders.py", "def load(path):\n    pass\n"),
            ("p/other.py", "def load(path):\n    pass\n"),
            (
                "tests/test_blocks.py",
                "EXPECTED = [\"QwenTextEncoderStep\"]\n\ndef test():\n    load(1)\n",
            ),
        ];
        let (mut found, _, _) = untested(&files);
        found.sort();
        assert_eq!(found, ["p.loaders", "p.other"]);
    }

    #[test]
    fn colocated_tests_resolve_relative_imports() {
        let mut files = PKG.to_vec();
        files.push(("src/pkg/io_test.py", "from .io import load\n"));
        let (found, _, _) = untested(&files);
        assert!(!found.contains(&"pkg.io".to_string()), "{found:?}");
    }

    #[test]
    fn no_package_is_not_applicable() {
        let (found, _, _) = untested(&[("train.py", "def main(): pass\n")]);
        assert_eq!(found, ["n/a"]);
    }
}
