//! The repository index: every walked file once, its contents read at most once, and every parse
//! of it (Python API summary, Markdown outline, issue template…) cached beside it.
//!
//! Checks never touch the disk; they ask the index. Contents are read lazily on first request, so a
//! scan reads only the files some active rule wants, and each of those exactly once even when many
//! rules run in parallel (`OnceLock` makes concurrent first requests wait for one read).
//!
//! Python files, the bulk of an ML repository, are read instead by the engine's one parallel
//! [`RepoIndex::text_pass`]: each rule builds from a file's text what it will read of it (the
//! parse, a [`TextDerived`] summary) and says whether it needs the text itself later; a text no
//! rule keeps is freed there, so the texts of a large repository are not all held at once. A rule
//! that reads a freed text anyway gets it by a second read, which [`RepoIndex::rereads`] counts
//! and a catalog-wide test forbids.
//!
//! Parsed artifacts use one generic typed cache (`artifact::<T>()`) instead of one field per parser
//! (the architecture sketch names fields): a new parser in `src/analysis/` then needs no change here.

use std::any::{Any, TypeId};
use std::collections::{BTreeSet, HashMap};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

/// Default cap on the size of a file whose text is handed to rules.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 1024 * 1024;

/// How many leading bytes decide whether a file is binary (as git does).
const BINARY_SNIFF_LEN: usize = 8 * 1024;

/// What the walker learned about a file without reading it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// A regular file under the size cap; its text is read on demand.
    Regular,
    /// Larger than `max-file-size`: indexed by path and size only.
    TooLarge,
    /// The walker could not stat it; the message says why.
    Unreadable(String),
}

/// One file of the repository.
#[derive(Clone, Debug)]
pub struct FileEntry {
    /// Path relative to the root, `/`-separated.
    pub path: String,
    /// Size in bytes as seen by the walker.
    pub size: u64,
    /// What the walker learned about it.
    pub kind: FileKind,
}

impl FileEntry {
    /// The last path component.
    pub fn name(&self) -> &str {
        self.path.rsplit('/').next().unwrap_or(&self.path)
    }

    /// The extension, lowercase, without the dot (`""` when none).
    pub fn extension(&self) -> String {
        self.raw_extension().to_ascii_lowercase()
    }

    /// Whether the extension is one of `exts` (lowercase, no dot), ignoring its case; allocates
    /// nothing, since rules filter every file of the tree by extension.
    pub fn has_extension(&self, exts: &[&str]) -> bool {
        let ext = self.raw_extension();
        exts.iter().any(|e| ext.eq_ignore_ascii_case(e))
    }

    /// The extension as written (`""` when none; a leading dot starts a name, not an extension).
    ///
    /// One backward scan for the last `.` or `/`: rules filter every file of the tree by
    /// extension, over and over.
    fn raw_extension(&self) -> &str {
        let bytes = self.path.as_bytes();
        match memchr::memrchr2(b'.', b'/', bytes) {
            Some(i) if bytes[i] == b'.' && i > 0 && bytes[i - 1] != b'/' => &self.path[i + 1..],
            _ => "",
        }
    }

    /// The parent folder (`""` for the root).
    pub fn dir(&self) -> &str {
        match self.path.rfind('/') {
            Some(i) => &self.path[..i],
            None => "",
        }
    }
}

/// A file's contents after the one read.
#[derive(Debug)]
enum Content {
    Text(Box<str>),
    Binary,
    TooLarge,
    Unreadable(String),
    /// Was text, handed to a text pass ([`RepoIndex::text_pass`]) and freed once the pass built
    /// what the rules read of it; a later request for the text reads the file again.
    Released,
}

/// A parse result cached per file: built from the file's text the first time a check asks.
pub trait Artifact: Any + Send + Sync + Sized {
    /// Builds the artifact from a file's text (BOM stripped, CRLF normalised to LF).
    fn build(path: &str, text: &str) -> Self;
}

/// A result computed from other cached results of one file (parsed docstrings from the Python
/// summary), cached the same way so rules that share it compute it once.
pub trait Derived: Any + Send + Sync + Sized {
    /// Computes it for `path`, reading whatever artifacts it needs from the index.
    fn derive(index: &RepoIndex, path: &str) -> Self;
}

/// A result computed from a file's text together with its other artifacts (the import aliases of
/// a module need its parsed imports), cached the same way. A [`TextPass`] builds it while the
/// text is in hand, so the rules that read it need not keep the text.
pub trait TextDerived: Any + Send + Sync + Sized {
    /// Computes it for `path` from `text`, the file's text, and the file's artifacts.
    fn derive(index: &RepoIndex, path: &str, text: &str) -> Self;
}

/// A repository-wide result (whether this is an ML project, its dependency specs) computed from
/// the index once, on first use, and shared by every rule and reporter that asks.
pub trait Fact: Any + Send + Sync + Sized {
    /// Computes the fact from the index (other facts and artifacts included).
    fn compute(index: &RepoIndex) -> Self;
}

type ArtifactCell = Arc<OnceLock<Arc<dyn Any + Send + Sync>>>;

/// The hasher of the index's lookups. Every artifact, text and derived result is found by hashing
/// a path and a type, tens of thousands of times a scan, and SipHash, the standard default, is
/// slow on short keys. foldhash is seeded per process, so a repository cannot choose paths that
/// collide.
type FastHash = foldhash::fast::RandomState;

/// A problem met while walking or reading, reported as a warning rather than a crash.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct ScanProblem {
    /// Repository-relative path of the file or folder.
    pub path: String,
    /// What went wrong, lowercase.
    pub message: String,
}

/// The scanned repository: sorted entries, lookups, and per-file caches.
pub struct RepoIndex {
    root: PathBuf,
    max_file_size: u64,
    entries: Vec<FileEntry>,
    dirs: BTreeSet<String>,
    by_path: HashMap<String, usize, FastHash>,
    by_lower_name: HashMap<String, Vec<usize>, FastHash>,
    contents: Vec<OnceLock<Content>>,
    /// Texts read again after a text pass released them (see [`Content::Released`]).
    reread: Vec<OnceLock<Content>>,
    /// How many files were read a second time that way: each is a rule that should have asked
    /// the text pass for what it reads.
    rereads: AtomicUsize,
    artifacts: Vec<Mutex<HashMap<TypeId, ArtifactCell, FastHash>>>,
    facts: Mutex<HashMap<TypeId, ArtifactCell, FastHash>>,
    walk_problems: Vec<ScanProblem>,
    /// Where to read files whose name is not valid UTF-8 (their indexed path is lossy).
    disk_paths: HashMap<String, PathBuf>,
    /// Tracked files a sparse checkout left off disk (skip-worktree), sorted: they exist in the
    /// repository, so a link to one is not broken.
    sparse_paths: Vec<String>,
}

impl RepoIndex {
    /// Builds an index from walked entries (sorted here) and the problems the walk met.
    pub fn new(
        root: PathBuf,
        mut entries: Vec<FileEntry>,
        dirs: impl IntoIterator<Item = String>,
        mut walk_problems: Vec<ScanProblem>,
        max_file_size: u64,
    ) -> Self {
        entries.sort_by(|a, b| a.path.cmp(&b.path));
        entries.dedup_by(|a, b| a.path == b.path);
        walk_problems.sort();
        let mut all_dirs: BTreeSet<String> = dirs.into_iter().filter(|d| !d.is_empty()).collect();
        for entry in &entries {
            let mut dir = entry.dir();
            while !dir.is_empty() && all_dirs.insert(dir.to_string()) {
                dir = match dir.rfind('/') {
                    Some(i) => &dir[..i],
                    None => "",
                };
            }
        }
        let mut by_path = HashMap::with_capacity_and_hasher(entries.len(), FastHash::default());
        let mut by_lower_name: HashMap<String, Vec<usize>, FastHash> = HashMap::default();
        for (i, entry) in entries.iter().enumerate() {
            by_path.insert(entry.path.clone(), i);
            by_lower_name
                .entry(entry.name().to_lowercase())
                .or_default()
                .push(i);
        }
        let contents = entries.iter().map(|_| OnceLock::new()).collect();
        let reread = entries.iter().map(|_| OnceLock::new()).collect();
        let artifacts = entries.iter().map(|_| Mutex::default()).collect();
        RepoIndex {
            root,
            max_file_size,
            entries,
            dirs: all_dirs,
            by_path,
            by_lower_name,
            contents,
            reread,
            rereads: AtomicUsize::new(0),
            artifacts,
            facts: Mutex::default(),
            walk_problems,
            disk_paths: HashMap::new(),
            sparse_paths: Vec::new(),
        }
    }

    /// Sets where files whose name is not valid UTF-8 are read from, by their indexed path.
    pub fn with_disk_paths(mut self, disk_paths: HashMap<String, PathBuf>) -> Self {
        self.disk_paths = disk_paths;
        self
    }

    /// Records the tracked files a sparse checkout left off disk.
    pub fn with_sparse_paths(mut self, paths: impl IntoIterator<Item = String>) -> Self {
        self.sparse_paths = paths.into_iter().collect();
        self.sparse_paths.sort();
        self
    }

    /// Whether git tracks a file at `path`, or files below the folder `path`, that a sparse
    /// checkout left off disk.
    pub fn is_sparse(&self, path: &str) -> bool {
        let file = path.trim_end_matches('/');
        let folder = format!("{file}/");
        let first_from = |from: &str| {
            let at = self.sparse_paths.partition_point(|p| p.as_str() < from);
            self.sparse_paths.get(at)
        };
        first_from(file).is_some_and(|p| p == file)
            || first_from(&folder).is_some_and(|p| p.starts_with(&folder))
    }

    /// An in-memory index for unit tests: `(path, text)` pairs, nothing on disk.
    pub fn from_files(files: &[(&str, &str)]) -> Self {
        let entries = files
            .iter()
            .map(|(path, text)| FileEntry {
                path: path.to_string(),
                size: text.len() as u64,
                kind: FileKind::Regular,
            })
            .collect();
        let index = RepoIndex::new(
            PathBuf::new(),
            entries,
            Vec::new(),
            Vec::new(),
            DEFAULT_MAX_FILE_SIZE,
        );
        for (path, text) in files {
            if let Some(&i) = index.by_path.get(*path) {
                let _ = index.contents[i].set(decode(text.as_bytes().to_vec()));
            }
        }
        index
    }

    /// An index of `(path, text)` pairs written to a new temporary folder, for tests whose texts
    /// must come from disk (a text pass frees only what it read). The folder lives as long as
    /// the returned guard.
    #[cfg(test)]
    pub(crate) fn written_to_disk(files: &[(&str, &str)]) -> (tempfile::TempDir, RepoIndex) {
        let dir = tempfile::tempdir().expect("tempdir");
        let entries = files
            .iter()
            .map(|(path, text)| {
                let full = dir.path().join(path);
                std::fs::create_dir_all(full.parent().expect("parent")).expect("folder");
                std::fs::write(&full, text).expect("write");
                FileEntry {
                    path: path.to_string(),
                    size: text.len() as u64,
                    kind: FileKind::Regular,
                }
            })
            .collect();
        let root = dir.path().to_path_buf();
        let index = RepoIndex::new(root, entries, Vec::new(), Vec::new(), DEFAULT_MAX_FILE_SIZE);
        (dir, index)
    }

    /// The scanned folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Every file, sorted by path.
    pub fn files(&self) -> &[FileEntry] {
        &self.entries
    }

    /// The entry at an exact repository-relative path.
    pub fn get(&self, path: &str) -> Option<&FileEntry> {
        self.by_path.get(path).map(|&i| &self.entries[i])
    }

    /// Whether a file exists at this exact path.
    pub fn has_file(&self, path: &str) -> bool {
        self.by_path.contains_key(path)
    }

    /// Whether a folder (one holding at least one indexed file, or walked) exists at this path.
    pub fn has_dir(&self, path: &str) -> bool {
        let path = path.trim_end_matches('/');
        path.is_empty() || self.dirs.contains(path)
    }

    /// Every folder, sorted.
    pub fn dirs(&self) -> impl Iterator<Item = &str> {
        self.dirs.iter().map(String::as_str)
    }

    /// Files whose name equals `name` ignoring case, anywhere in the tree, sorted by path.
    pub fn files_named(&self, name: &str) -> impl Iterator<Item = &FileEntry> {
        self.by_lower_name
            .get(&name.to_lowercase())
            .into_iter()
            .flatten()
            .map(|&i| &self.entries[i])
    }

    /// Files directly inside `dir` (`""` for the root), sorted by path.
    pub fn files_in(&self, dir: &str) -> impl Iterator<Item = &FileEntry> {
        let dir = dir.trim_end_matches('/').to_string();
        self.entries.iter().filter(move |e| e.dir() == dir)
    }

    /// Files with one of these lowercase extensions (no dot), sorted by path.
    pub fn files_with_ext<'a>(
        &'a self,
        exts: &'a [&'a str],
    ) -> impl Iterator<Item = &'a FileEntry> {
        self.entries.iter().filter(move |e| e.has_extension(exts))
    }

    /// The file's text: `None` when it is missing, binary, too large or unreadable.
    ///
    /// The first call reads the file; every later call, from any thread, shares that read.
    pub fn text(&self, path: &str) -> Option<&str> {
        match self.content(path)? {
            Content::Text(text) => Some(text),
            _ => None,
        }
    }

    /// Why a file's text is unavailable, if it exists and is not text (for skip notes).
    pub fn unreadable_reason(&self, path: &str) -> Option<String> {
        match self.first_read(path)? {
            Content::Text(_) | Content::Released => None,
            Content::Binary => Some("binary file".to_string()),
            Content::TooLarge => Some(format!(
                "larger than max-file-size ({} bytes)",
                self.max_file_size
            )),
            Content::Unreadable(why) => Some(why.clone()),
        }
    }

    /// The parse of a file as artifact `A`, built once from its text and shared afterwards.
    pub fn artifact<A: Artifact>(&self, path: &str) -> Option<Arc<A>> {
        self.cached(path, || self.text(path), |text| A::build(path, text))
    }

    /// A [`TextDerived`] result for a file, computed once (from the text pass, or else from the
    /// file's text on first request) and shared afterwards.
    pub fn text_derived<D: TextDerived>(&self, path: &str) -> Option<Arc<D>> {
        self.cached(path, || self.text(path), |text| D::derive(self, path, text))
    }

    /// The value of type `T` cached for the file at `path`, built from its text on first request.
    /// The text is asked for only when nothing is built yet (a built value outlives its text),
    /// and the build runs inside the cell, so concurrent first requests wait for one build.
    fn cached<'t, T: Any + Send + Sync>(
        &self,
        path: &str,
        text: impl FnOnce() -> Option<&'t str>,
        build: impl FnOnce(&'t str) -> T,
    ) -> Option<Arc<T>> {
        let cell = self.cell::<T>(path)?;
        if cell.get().is_none() {
            let text = text()?;
            cell.get_or_init(|| Arc::new(build(text)));
        }
        Arc::clone(cell.get()?).downcast::<T>().ok()
    }

    /// Reads a file and hands its text to `pass`, which builds every artifact the run's rules
    /// read of it and says whether some rule still needs the text itself; if none does, the text
    /// is freed. A file's text then lives only while its own artifacts are built, so memory
    /// follows the files being worked on, not the size of the repository.
    ///
    /// A text some rule read before the pass is kept and reused. A rule that asks for a released
    /// text later gets it by a second read, counted by [`RepoIndex::rereads`].
    pub fn text_pass(&self, path: &str, pass: impl FnOnce(&TextPass) -> bool) {
        let Some(&i) = self.by_path.get(path) else {
            return;
        };
        if let Some(content) = self.contents[i].get() {
            if let Content::Text(text) = content {
                pass(&TextPass {
                    index: self,
                    path,
                    text,
                });
            }
            return;
        }
        let content = match self.read(&self.entries[i]) {
            Content::Text(text) => {
                let keep = pass(&TextPass {
                    index: self,
                    path,
                    text: &text,
                });
                if keep {
                    Content::Text(text)
                } else {
                    Content::Released
                }
            }
            other => other,
        };
        let _ = self.contents[i].set(content);
    }

    /// The file's text unless a text pass released it (see [`RepoIndex::text_pass`]): for a
    /// reader that looks only at files some rule kept, and never reads one twice.
    pub fn kept_text(&self, path: &str) -> Option<&str> {
        match self.first_read(path)? {
            Content::Text(text) => Some(text),
            _ => None,
        }
    }

    /// How many released texts rules read again (see [`RepoIndex::text_pass`]); zero when every
    /// rule asks the text pass for what it reads of the files the pass covers.
    pub fn rereads(&self) -> usize {
        self.rereads.load(Ordering::Relaxed)
    }

    /// The artifact `A` of a file if some check already built it; never parses (for reporting on
    /// what a run did without doing more).
    pub fn built_artifact<A: Artifact>(&self, path: &str) -> Option<Arc<A>> {
        let cell = self.cell::<A>(path)?;
        let built = cell.get()?;
        Arc::clone(built).downcast::<A>().ok()
    }

    /// A [`Derived`] result for a file, computed once and shared afterwards.
    pub fn derived<D: Derived>(&self, path: &str) -> Option<Arc<D>> {
        let cell = self.cell::<D>(path)?;
        let built = cell.get_or_init(|| Arc::new(D::derive(self, path)));
        Arc::clone(built).downcast::<D>().ok()
    }

    /// A repository-wide [`Fact`], computed once and shared afterwards.
    pub fn fact<F: Fact>(&self) -> Arc<F> {
        let cell = {
            let mut map = self.facts.lock().unwrap_or_else(|e| e.into_inner());
            Arc::clone(map.entry(TypeId::of::<F>()).or_default())
        };
        let built = cell.get_or_init(|| Arc::new(F::compute(self)));
        // The cell is keyed by the type, so the downcast cannot fail; recompute rather than panic.
        Arc::clone(built)
            .downcast::<F>()
            .unwrap_or_else(|_| Arc::new(F::compute(self)))
    }

    /// The per-file cache cell for type `T` (created empty on first request).
    fn cell<T: Any>(&self, path: &str) -> Option<ArtifactCell> {
        let &i = self.by_path.get(path)?;
        let mut map = self.artifacts[i].lock().unwrap_or_else(|e| e.into_inner());
        Some(Arc::clone(map.entry(TypeId::of::<T>()).or_default()))
    }

    /// Problems met while walking (unreadable folders, broken entries).
    pub fn walk_problems(&self) -> &[ScanProblem] {
        &self.walk_problems
    }

    /// Files that could not be read: unreadable at the walk, or when some check asked; sorted.
    pub fn read_problems(&self) -> Vec<ScanProblem> {
        let mut problems: Vec<ScanProblem> = self
            .entries
            .iter()
            .zip(&self.contents)
            .filter_map(|(entry, content)| {
                let why = match (&entry.kind, content.get()) {
                    (FileKind::Unreadable(why), _) | (_, Some(Content::Unreadable(why))) => why,
                    _ => return None,
                };
                Some(ScanProblem {
                    path: entry.path.clone(),
                    message: why.clone(),
                })
            })
            .collect();
        problems.sort();
        problems
    }

    /// How many files were indexed but whose contents rules could not use (binary, too large,
    /// unreadable), counting only files the walk or a rule looked at.
    pub fn skipped_count(&self) -> usize {
        self.entries
            .iter()
            .zip(&self.contents)
            .filter(|(entry, content)| {
                !matches!(entry.kind, FileKind::Regular)
                    || matches!(
                        content.get(),
                        Some(Content::Binary | Content::TooLarge | Content::Unreadable(_))
                    )
            })
            .count()
    }

    fn content(&self, path: &str) -> Option<&Content> {
        let &i = self.by_path.get(path)?;
        match self.first_read(path)? {
            Content::Released => Some(self.reread[i].get_or_init(|| {
                self.rereads.fetch_add(1, Ordering::Relaxed);
                self.read(&self.entries[i])
            })),
            content => Some(content),
        }
    }

    /// What the file's one read gave (reading it now if no one has): its text, or
    /// [`Content::Released`] once a text pass freed it, or why there is no text.
    fn first_read(&self, path: &str) -> Option<&Content> {
        let &i = self.by_path.get(path)?;
        Some(self.contents[i].get_or_init(|| self.read(&self.entries[i])))
    }

    /// Reads a file's contents from disk (the one place the index does).
    fn read(&self, entry: &FileEntry) -> Content {
        match &entry.kind {
            FileKind::TooLarge => Content::TooLarge,
            FileKind::Unreadable(why) => Content::Unreadable(why.clone()),
            FileKind::Regular => {
                let path = match self.disk_paths.get(&entry.path) {
                    Some(disk) => disk.clone(),
                    None => self.root.join(&entry.path),
                };
                read_capped(&path, self.max_file_size)
            }
        }
    }
}

/// A file's text during [`RepoIndex::text_pass`], and the way to build its artifacts from it.
pub struct TextPass<'a> {
    index: &'a RepoIndex,
    path: &'a str,
    text: &'a str,
}

impl TextPass<'_> {
    /// Builds artifact `A` of the file from the text in hand (unless it is built already).
    pub fn build<A: Artifact>(&self) -> Option<Arc<A>> {
        let path = self.path;
        self.index
            .cached(path, || Some(self.text), |text| A::build(path, text))
    }

    /// Computes the [`TextDerived`] result `D` from the text in hand (unless it is already).
    pub fn derive<D: TextDerived>(&self) -> Option<Arc<D>> {
        let (index, path) = (self.index, self.path);
        index.cached(
            path,
            || Some(self.text),
            |text| D::derive(index, path, text),
        )
    }

    /// The index the file belongs to, for the facts a rule's choice depends on.
    pub fn index(&self) -> &RepoIndex {
        self.index
    }

    /// The file's repository-relative path.
    pub fn path(&self) -> &str {
        self.path
    }

    /// The file's text (BOM stripped, CRLF normalised to LF).
    pub fn text(&self) -> &str {
        self.text
    }
}

/// Reads a file once, refusing to hold more than `cap` bytes even if it grew since the walk.
fn read_capped(path: &Path, cap: u64) -> Content {
    match read_regular_file(path, cap, Links::Follow) {
        Ok(bytes) => decode(bytes),
        Err(ReadError::TooLarge) => Content::TooLarge,
        Err(err) => Content::Unreadable(err.to_string()),
    }
}

/// Whether [`read_regular_file`] may read through a symlink at the path itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Links {
    /// A link is followed (the walker has already checked that its target stays in the tree).
    Follow,
    /// A link is refused, as git refuses symlinked ignore files.
    Refuse,
}

/// Why [`read_regular_file`] returned no bytes.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// More than the cap.
    #[error("larger than the size cap")]
    TooLarge,
    /// A FIFO, socket, device or folder: reading it could block forever or never end.
    #[error("not a regular file")]
    NotRegular,
    /// A symlink where [`Links::Refuse`] was asked.
    #[error("a symlink (not read)")]
    Symlink,
    /// The operating system refused.
    #[error("cannot read: {}", io_reason(.0))]
    Io(#[from] std::io::Error),
}

/// Reads at most `cap` bytes of a regular file: the one way claw-lint reads a repository's
/// files. The file is opened without blocking (a FIFO cannot hang the scan) and checked to be a
/// regular file on the open handle, so swapping the name for a FIFO or `/dev/zero` after the walk
/// changes nothing.
pub fn read_regular_file(path: &Path, cap: u64, links: Links) -> Result<Vec<u8>, ReadError> {
    if links == Links::Refuse && std::fs::symlink_metadata(path)?.file_type().is_symlink() {
        return Err(ReadError::Symlink);
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        let no_follow = if links == Links::Refuse {
            libc::O_NOFOLLOW
        } else {
            0
        };
        options.custom_flags(libc::O_NONBLOCK | no_follow);
    }
    let file = options.open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular);
    }
    if meta.len() > cap {
        return Err(ReadError::TooLarge);
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(cap + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > cap {
        return Err(ReadError::TooLarge);
    }
    Ok(bytes)
}

/// A lowercase, path-free reason for an I/O error.
pub fn io_reason(err: &std::io::Error) -> String {
    match err.kind() {
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        std::io::ErrorKind::NotFound => "no such file or folder".to_string(),
        _ => err.to_string().to_lowercase(),
    }
}

/// Turns raw bytes into text the rules can trust: UTF-16 with a BOM decoded (Windows editors
/// save guides that way), binary detected by a NUL byte in the first 8 KiB, a UTF-8 BOM
/// stripped, invalid UTF-8 replaced (so one bad byte does not hide a file), and CRLF / lone CR
/// line endings normalised to LF so line numbers agree across parsers.
fn decode(mut bytes: Vec<u8>) -> Content {
    if let Some(text) = decode_utf16(&bytes) {
        return decode(text.into_bytes());
    }
    let sniff = &bytes[..bytes.len().min(BINARY_SNIFF_LEN)];
    if sniff.contains(&0) {
        return Content::Binary;
    }
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    // Valid UTF-8 keeps its buffer: most files are, and copying them would double the read.
    let text = String::from_utf8(bytes)
        .unwrap_or_else(|invalid| String::from_utf8_lossy(invalid.as_bytes()).into_owned());
    let text = if memchr::memchr(b'\r', text.as_bytes()).is_some() {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    };
    Content::Text(text.into_boxed_str())
}

/// The text of UTF-16 bytes that start with a byte-order mark (unpaired surrogates replaced).
fn decode_utf16(bytes: &[u8]) -> Option<String> {
    let from: fn([u8; 2]) -> u16 = match bytes.get(..2)? {
        [0xFF, 0xFE] => u16::from_le_bytes,
        [0xFE, 0xFF] => u16::from_be_bytes,
        _ => return None,
    };
    let units = bytes[2..]
        .chunks_exact(2)
        .map(|pair| from([pair[0], pair[1]]));
    Some(
        char::decode_utf16(units)
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_by_path_name_and_folder() {
        let index = RepoIndex::from_files(&[
            ("docs/CONTRIBUTING.rst", "Contributing\n============\n"),
            ("README.md", "# hi\n"),
            ("src/pkg/mod.py", "x = 1\n"),
        ]);
        assert_eq!(index.files()[0].path, "README.md");
        assert!(index.has_file("README.md"));
        assert!(!index.has_file("readme.md"));
        assert!(index.has_dir("src") && index.has_dir("src/pkg") && index.has_dir(""));
        assert!(!index.has_dir("tests"));
        let named: Vec<_> = index
            .files_named("contributing.RST")
            .map(|e| &e.path)
            .collect();
        assert_eq!(named, ["docs/CONTRIBUTING.rst"]);
        assert_eq!(index.files_in("src/pkg").count(), 1);
        assert_eq!(index.files_with_ext(&["py"]).count(), 1);
        assert_eq!(index.text("README.md"), Some("# hi\n"));
    }

    #[test]
    fn extensions_match_in_any_case_and_a_leading_dot_is_a_name() {
        let entry = |path: &str| FileEntry {
            path: path.to_string(),
            size: 0,
            kind: FileKind::Regular,
        };
        assert!(entry("pkg/Model.PY").has_extension(&["md", "py"]));
        assert_eq!(entry("pkg/Model.PY").extension(), "py");
        assert!(!entry("pkg/model.pyc").has_extension(&["py"]));
        assert!(!entry("pkg/.py").has_extension(&["py"]));
        assert!(entry("Makefile").extension().is_empty());
        assert_eq!(entry("pkg/..py").extension(), "py");
        assert_eq!(entry("pkg.d/Makefile").extension(), "");
        assert_eq!(entry("trailing.").extension(), "");
        assert_eq!(entry(".hidden/.py").extension(), "");
    }

    #[test]
    fn decode_handles_bom_crlf_binary_and_bad_utf8() {
        let bom_crlf = b"\xEF\xBB\xBFa\r\nb\rc\n".to_vec();
        assert!(matches!(decode(bom_crlf), Content::Text(t) if &*t == "a\nb\nc\n"));
        assert!(matches!(decode(b"ab\0cd".to_vec()), Content::Binary));
        let utf16le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("# Guide\r\nok\n".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert!(matches!(decode(utf16le), Content::Text(t) if &*t == "# Guide\nok\n"));
        let utf16be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("é".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert!(matches!(decode(utf16be), Content::Text(t) if &*t == "é"));
        // A decoded NUL is still binary.
        let nul: Vec<u8> = [0xFF, 0xFE, 0, 0].to_vec();
        assert!(matches!(decode(nul), Content::Binary));
        assert!(
            matches!(decode(b"ok \xFF\xFE here".to_vec()), Content::Text(t) if t.contains("here"))
        );
    }

    #[derive(Debug)]
    struct LineCount(usize);
    impl Artifact for LineCount {
        fn build(_path: &str, text: &str) -> Self {
            LineCount(text.lines().count())
        }
    }

    #[test]
    fn artifacts_are_built_once_and_shared() {
        let index = RepoIndex::from_files(&[("a.py", "1\n2\n3\n")]);
        let first = index.artifact::<LineCount>("a.py").expect("artifact");
        let second = index.artifact::<LineCount>("a.py").expect("artifact");
        assert_eq!(first.0, 3);
        assert!(Arc::ptr_eq(&first, &second));
        assert!(index.artifact::<LineCount>("missing.py").is_none());
    }

    #[derive(Debug)]
    struct FirstLine(String);
    impl TextDerived for FirstLine {
        fn derive(index: &RepoIndex, path: &str, text: &str) -> Self {
            // A derived result may read the file's artifacts too.
            let lines = index.artifact::<LineCount>(path).map_or(0, |c| c.0);
            FirstLine(format!("{} of {lines}", text.lines().next().unwrap_or("")))
        }
    }

    #[test]
    fn a_text_pass_frees_what_no_rule_keeps_and_serves_what_it_built() {
        let (_dir, index) =
            RepoIndex::written_to_disk(&[("a.py", "one\ntwo\n"), ("b.py", "kept\n")]);
        for path in ["a.py", "b.py"] {
            index.text_pass(path, |pass| {
                let _ = pass.build::<LineCount>();
                let _ = pass.derive::<FirstLine>();
                pass.path() == "b.py"
            });
        }
        // What the pass built is served without the text, and without reading the file again.
        assert_eq!(index.artifact::<LineCount>("a.py").map(|c| c.0), Some(2));
        let first = index.text_derived::<FirstLine>("a.py").expect("derived");
        assert_eq!(first.0, "one of 2");
        assert_eq!(index.kept_text("a.py"), None);
        assert_eq!(index.kept_text("b.py"), Some("kept\n"));
        assert_eq!(index.unreadable_reason("a.py"), None);
        assert_eq!(index.rereads(), 0);
        // A rule that asks for a freed text still gets it, by a second read that is counted.
        assert_eq!(index.text("a.py"), Some("one\ntwo\n"));
        assert_eq!(index.text("a.py"), Some("one\ntwo\n"));
        assert_eq!(index.rereads(), 1);
    }

    #[test]
    fn a_text_pass_reuses_a_text_read_before_it_and_keeps_it() {
        let (_dir, index) = RepoIndex::written_to_disk(&[("a.py", "x\n")]);
        assert_eq!(index.text("a.py"), Some("x\n"));
        let mut seen = String::new();
        index.text_pass("a.py", |pass| {
            seen = pass.text().to_string();
            false
        });
        assert_eq!(seen, "x\n");
        assert_eq!(index.kept_text("a.py"), Some("x\n"));
        assert_eq!(index.rereads(), 0);
    }

    #[test]
    fn a_text_pass_over_a_binary_file_runs_nothing_and_records_why() {
        let (_dir, index) = RepoIndex::written_to_disk(&[("blob.py", "\0\0")]);
        let mut ran = false;
        index.text_pass("blob.py", |_| {
            ran = true;
            false
        });
        assert!(!ran);
        assert_eq!(
            index.unreadable_reason("blob.py").as_deref(),
            Some("binary file")
        );
        assert_eq!(index.skipped_count(), 1);
    }
}
