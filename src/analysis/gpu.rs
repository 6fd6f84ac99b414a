//! Whether the project's own code uses a GPU: a repository fact for rules that should ask about
//! CUDA and GPUs only where they matter (a CPU/OpenCV image library's bug reports need no CUDA
//! version, a CUDA-kernel library's do).
//!
//! Evidence, any one of: a CUDA source file (`.cu`, `.cuh`); library code (not tests, docs or
//! examples) that calls `torch.cuda`, moves to `.cuda()`, names a `"cuda"` device, asks JAX or
//! TensorFlow for GPU devices, or imports a GPU library (CuPy, Triton, PyCUDA, `numba.cuda`); a
//! dependency file that pins a CUDA build or GPU package (`jax[cuda12]`, `cupy-cuda12x`,
//! `nvidia-*`, `onnxruntime-gpu`). Only text the index already holds is read, and the scan stops
//! at the first hit.

use std::sync::LazyLock;

use regex::Regex;

use super::ascii_words::builtin_regex;
use super::public_api::is_test_path;
use crate::index::{FileEntry, RepoIndex, TextDerived, TextPass};

/// A GPU use in Python code: CUDA calls and CUDA device names…
static GPU_CALL: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(
        r#"\btorch\.cuda\b|\.cuda\(|["']cuda(:\d+)?["']|\bjax\.devices\(\s*["']gpu|physical_devices\(\s*["']GPU|["']/?(device:)?GPU(:\d+)?["']"#,
    )
});

/// …and imports of GPU libraries. A pattern of its own, tried only where a library is named:
/// its line-start anchor leaves nothing to jump to, and scanning every library file with it was
/// most of the cost of the search.
static GPU_IMPORT: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(
        r"(?m)^\s*(import|from)\s+(cupy|triton|pycuda)\b|^\s*from\s+numba\s+import\s+cuda\b",
    )
});

/// Whether Python code uses a GPU (see [`GPU_CALL`] and [`GPU_IMPORT`]).
fn gpu_code(text: &str) -> bool {
    static LIBRARY: LazyLock<Regex> = LazyLock::new(|| builtin_regex("cupy|triton|pycuda|numba"));
    GPU_CALL.is_match(text) || (LIBRARY.is_match(text) && GPU_IMPORT.is_match(text))
}

/// A GPU build or package in a dependency file.
static GPU_DEPENDENCY: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(
        r"(?im)\bjax\[[^\]]*cuda|\bcupy\b|^\s*nvidia-|\bpycuda\b|-gpu\b|\btriton\b|\bcuda\d",
    )
});

/// Top-level folders whose code shows how to use the project, not what the project runs on.
const NOT_LIBRARY: &[&str] = &[
    "docs",
    "doc",
    "examples",
    "example",
    "benchmarks",
    "scripts",
];

/// Whether the repository's code or dependencies use a GPU (see the module docs).
pub fn uses_gpu(index: &RepoIndex) -> bool {
    index.files().iter().any(|file| {
        let ext = file.extension();
        if ext == "cu" || ext == "cuh" {
            return true;
        }
        if is_dependency_file(file) {
            return index
                .text(&file.path)
                .is_some_and(|t| GPU_DEPENDENCY.is_match(t));
        }
        ext == "py"
            && is_library_code(&file.path)
            && index
                .text_derived::<GpuCode>(&file.path)
                .is_some_and(|code| code.0)
    })
}

/// Whether a library file's code uses a GPU, taken in the engine's text pass so the text need
/// not be kept.
struct GpuCode(bool);

impl TextDerived for GpuCode {
    fn derive(_index: &RepoIndex, _path: &str, text: &str) -> Self {
        GpuCode(gpu_code(text))
    }
}

/// Builds, in the engine's text pass, what [`uses_gpu`] reads of a Python file.
pub fn text_pass(pass: &TextPass) {
    if pass.path().ends_with(".py") && is_library_code(pass.path()) {
        let _ = pass.derive::<GpuCode>();
    }
}

fn is_library_code(path: &str) -> bool {
    let top = path.split('/').next().unwrap_or("");
    path.contains('/') && !NOT_LIBRARY.contains(&top) && !is_test_path(path)
}

/// Whether a file declares dependencies: the root manifests and requirement lists, and the
/// lists in `requirements/`.
pub fn is_dependency_file(file: &FileEntry) -> bool {
    let name = file.name().to_ascii_lowercase();
    match file.dir().to_ascii_lowercase().as_str() {
        "" => {
            matches!(
                name.as_str(),
                "pyproject.toml"
                    | "setup.py"
                    | "setup.cfg"
                    | "environment.yml"
                    | "environment.yaml"
            ) || (name.starts_with("requirements") && name.ends_with(".txt"))
        }
        "requirements" => name.ends_with(".txt"),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gpu(files: &[(&str, &str)]) -> bool {
        uses_gpu(&RepoIndex::from_files(files))
    }

    #[test]
    fn library_code_on_cuda_uses_a_gpu() {
        assert!(gpu(&[("pkg/ops.py", "x = x.to(device='cuda')\n")]));
        assert!(gpu(&[(
            "pkg/ops.py",
            "if torch.cuda.is_available():\n    pass\n"
        )]));
        assert!(gpu(&[("pkg/k.py", "import triton\n")]));
        assert!(gpu(&[("csrc/kernel.cu", "__global__ void f() {}\n")]));
        assert!(gpu(&[("requirements.txt", "jax[cuda12]>=0.4\n")]));
    }

    #[test]
    fn cpu_code_and_gpu_use_outside_the_library_do_not() {
        assert!(!gpu(&[
            ("pkg/augment.py", "import cv2\nimport numpy as np\n"),
            (
                "pyproject.toml",
                "dependencies = [\"opencv-python\", \"torch\"]\n"
            ),
        ]));
        assert!(!gpu(&[("tests/test_gpu.py", "x.cuda()\n")]));
        assert!(!gpu(&[("examples/train.py", "model.cuda()\n")]));
        assert!(!gpu(&[("pkg/doc.py", "# pick the accelerator you like\n")]));
    }

    #[test]
    fn gpu_libraries_count_when_imported_not_when_named() {
        assert!(gpu(&[("pkg/k.py", "x = 1\nfrom numba import cuda\n")]));
        assert!(gpu(&[("pkg/k.py", "import cupy as cp\n")]));
        assert!(!gpu(&[("pkg/k.py", "# numba and cupy are optional\n")]));
        assert!(!gpu(&[("pkg/k.py", "from numba import jit\n")]));
    }
}
