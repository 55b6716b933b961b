//! Where analysis finds its dictionaries. The caller chooses; nothing is loaded until
//! text that needs a dictionary is met, and a loaded dictionary is shared by every
//! [`Dictionaries`] that names the same directory.
//!
//! jieba's Chinese dictionary is compiled into the library and needs no location; the
//! Japanese IPADIC dictionary is built by `scripts/ipadic.sh` and found on disk.

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use super::japanese::{self, JapaneseSegmenter};

/// The environment variable that names the IPADIC directory for
/// [`Dictionaries::from_env`].
pub const IPADIC_ENV: &str = "DSEARCH_IPADIC";

/// The dictionaries of an analysis: where the Japanese IPADIC dictionary is looked for.
/// Cheap to clone; clones share what they load.
///
/// ```
/// use dsearch::analysis::Dictionaries;
/// // Only this directory; Japanese text gets bigrams only when it holds no dictionary.
/// let dicts = Dictionaries::with_ipadic(["/opt/dsearch/ipadic"]);
/// assert_eq!(dicts.ipadic_locations().len(), 1);
/// ```
#[derive(Clone)]
pub struct Dictionaries {
    inner: Arc<Inner>,
}

struct Inner {
    ipadic: Vec<PathBuf>,
    japanese: OnceLock<Option<Arc<JapaneseSegmenter>>>,
}

impl std::fmt::Debug for Dictionaries {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Dictionaries")
            .field("ipadic", &self.inner.ipadic)
            .finish_non_exhaustive()
    }
}

impl Default for Dictionaries {
    /// The standard locations: [`japanese::standard_locations`].
    fn default() -> Dictionaries {
        Dictionaries::with_ipadic(japanese::standard_locations())
    }
}

impl Dictionaries {
    /// Looks for the IPADIC dictionary in `dirs`, in order; the first that holds one is
    /// used. An empty list means no Japanese dictionary: Japanese text is indexed as
    /// bigrams only.
    pub fn with_ipadic<P: Into<PathBuf>>(dirs: impl IntoIterator<Item = P>) -> Dictionaries {
        Dictionaries {
            inner: Arc::new(Inner {
                ipadic: dirs.into_iter().map(Into::into).collect(),
                japanese: OnceLock::new(),
            }),
        }
    }

    /// The locations the command line uses: the directory in the environment variable
    /// [`IPADIC_ENV`] first when it is set and not empty, then the standard locations.
    /// Programs that embed dsearch use it to find the dictionary where `dsearch` does.
    pub fn from_env() -> Dictionaries {
        let mut dirs: Vec<PathBuf> = std::env::var_os(IPADIC_ENV)
            .filter(|d| !d.is_empty())
            .map(PathBuf::from)
            .into_iter()
            .collect();
        dirs.extend(japanese::standard_locations());
        Dictionaries::with_ipadic(dirs)
    }

    /// The process-wide default of the functions that take no [`Dictionaries`]
    /// ([`crate::analysis::analyze`]): the standard locations.
    pub fn default_ref() -> &'static Dictionaries {
        static DEFAULT: OnceLock<Dictionaries> = OnceLock::new();
        DEFAULT.get_or_init(Dictionaries::default)
    }

    /// Where the IPADIC dictionary is looked for, in order.
    pub fn ipadic_locations(&self) -> &[PathBuf] {
        &self.inner.ipadic
    }

    /// The Japanese segmenter, loaded (memory-mapped) on the first call; `None` when no
    /// location holds a dictionary. The outcome is decided once per [`Dictionaries`].
    pub fn japanese(&self) -> Option<&JapaneseSegmenter> {
        self.inner
            .japanese
            .get_or_init(|| japanese::dictionary::load_first(&self.inner.ipadic))
            .as_deref()
    }
}
