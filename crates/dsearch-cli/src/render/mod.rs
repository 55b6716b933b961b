//! Output: one module per format (human-readable, JSON Lines) and the progress bar.

pub mod json;
pub mod progress;
pub mod standard;

use std::path::{Component, Path, PathBuf};

/// `path` relative to `cwd` (with `..` where it lies beside it, as long as the two
/// share more than the filesystem root), else as it is.
pub fn display_path(path: &Path, cwd: &Path) -> PathBuf {
    if !path.is_absolute() || !cwd.is_absolute() {
        return path.to_path_buf();
    }
    let p: Vec<Component> = path.components().collect();
    let c: Vec<Component> = cwd.components().collect();
    let common = p.iter().zip(&c).take_while(|(a, b)| a == b).count();
    if common <= 1 {
        return path.to_path_buf();
    }
    let mut out = PathBuf::new();
    for _ in common..c.len() {
        out.push("..");
    }
    for part in &p[common..] {
        out.push(part);
    }
    if out.as_os_str().is_empty() {
        path.to_path_buf()
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::display_path;
    use std::path::Path;

    #[test]
    fn relative_paths() {
        let show = |p: &str, c: &str| {
            display_path(Path::new(p), Path::new(c))
                .display()
                .to_string()
        };
        assert_eq!(show("/proj/corpus/a.txt", "/proj"), "corpus/a.txt");
        assert_eq!(show("/proj/corpus/a.txt", "/proj/sub"), "../corpus/a.txt");
        assert_eq!(show("/proj/a.txt", "/proj/x/y"), "../../a.txt");
        assert_eq!(show("/other/a.txt", "/proj"), "/other/a.txt");
    }
}
