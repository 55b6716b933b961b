//! The index's tantivy directory: tantivy's memory-mapped one, made readable by users
//! who cannot write to it (a search server run as another user than the one that
//! indexes, a read-only mount). tantivy takes its meta lock by opening the lock file
//! for writing, and writes `meta.json` and `.managed.json` through temporary files that
//! only their owner may read; here a reader without write access takes the lock
//! through a read-only handle (`flock` needs none), and those two files get the
//! permissions of `dsearch.json`, which dsearch writes as any file.

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use fs4::fs_std::FileExt;
use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock, MmapDirectory, WatchCallback, WatchHandle, WritePtr,
};

use super::meta::FILE_NAME as META_FILE;

/// tantivy's [`MmapDirectory`] of an index, with the two changes above.
#[derive(Clone, Debug)]
pub(crate) struct IndexDirectory {
    inner: MmapDirectory,
    root: PathBuf,
}

impl IndexDirectory {
    /// The directory of the index in `root`.
    pub(crate) fn open(root: &Path) -> tantivy::Result<IndexDirectory> {
        Ok(IndexDirectory {
            inner: MmapDirectory::open(root)?,
            root: root.to_path_buf(),
        })
    }
}

impl Directory for IndexDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        self.inner.get_file_handle(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.inner.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        self.inner.open_write(path)
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.inner.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        self.inner.atomic_write(path, data)?;
        readable_as_others(&self.root.join(path), &self.root.join(META_FILE));
        Ok(())
    }

    fn sync_directory(&self) -> io::Result<()> {
        self.inner.sync_directory()
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        match self.inner.acquire_lock(lock) {
            // Readers take only the meta lock; a writer that cannot write the lock file
            // could not write the index either, and must fail here, before its threads
            // start.
            Err(LockError::IoError(e))
                if e.kind() == io::ErrorKind::PermissionDenied
                    && lock.filepath == tantivy::directory::META_LOCK.filepath =>
            {
                read_only_lock(&self.root.join(&lock.filepath), lock.is_blocking)
            }
            other => other,
        }
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.inner.watch(watch_callback)
    }
}

/// The lock of `path`, an existing lock file this process may read but not write.
fn read_only_lock(path: &Path, blocking: bool) -> Result<DirectoryLock, LockError> {
    let file = File::open(path).map_err(LockError::wrap_io_error)?;
    if blocking {
        FileExt::lock_exclusive(&file).map_err(LockError::wrap_io_error)?;
    } else if !FileExt::try_lock_exclusive(&file).map_err(LockError::wrap_io_error)? {
        return Err(LockError::LockBusy);
    }
    // Dropping the file releases the lock.
    Ok(DirectoryLock::from(Box::new(file)))
}

/// Gives `path` the permissions of `like` (when both can be read and they differ).
fn readable_as_others(path: &Path, like: &Path) {
    let (Ok(want), Ok(have)) = (std::fs::metadata(like), std::fs::metadata(path)) else {
        return;
    };
    if want.permissions() != have.permissions() {
        let _ = std::fs::set_permissions(path, want.permissions());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_read_only_lock_excludes_as_tantivy_s_does() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".tantivy-meta.lock");
        std::fs::write(&path, b"").unwrap();
        let held = read_only_lock(&path, false).expect("free");
        assert!(matches!(
            read_only_lock(&path, false),
            Err(LockError::LockBusy)
        ));
        // tantivy's own lock on the same file waits for it too.
        let mmap = IndexDirectory::open(dir.path()).unwrap();
        let lock = Lock {
            filepath: PathBuf::from(".tantivy-meta.lock"),
            is_blocking: false,
        };
        assert!(matches!(mmap.acquire_lock(&lock), Err(LockError::LockBusy)));
        drop(held);
        mmap.acquire_lock(&lock).expect("released");
    }

    #[cfg(unix)]
    #[test]
    fn files_written_atomically_get_the_permissions_of_dsearch_json() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(META_FILE), b"{}").unwrap();
        std::fs::set_permissions(
            dir.path().join(META_FILE),
            std::fs::Permissions::from_mode(0o644),
        )
        .unwrap();
        let d = IndexDirectory::open(dir.path()).unwrap();
        d.atomic_write(Path::new("meta.json"), b"{}").unwrap();
        let mode = std::fs::metadata(dir.path().join("meta.json"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o644);
    }
}
