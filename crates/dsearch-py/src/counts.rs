//! Counts given as arguments (`limit`, `offset`, `threads`, `max_file_size`, …), read
//! with `#[pyo3(from_py_with = …)]` so that a negative or too large `int` is an
//! `InvalidArgument` (a `ValueError`) naming the argument, not a bare `OverflowError`.

use pyo3::exceptions::PyOverflowError;
use pyo3::prelude::*;

use crate::errors::InvalidArgument;

/// A count named `name`: an `int` from 0 to the largest `T`.
fn count<T: TryFrom<u64>>(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<T> {
    let out_of_range = |why: &str| -> PyResult<PyErr> {
        Ok(InvalidArgument::new_err(format!(
            "`{name}` {why}{}",
            obj.str()?
        )))
    };
    match obj.extract::<u64>() {
        Ok(n) => match T::try_from(n) {
            Ok(n) => Ok(n),
            Err(_) => Err(out_of_range("is too large: ")?),
        },
        Err(e) if e.is_instance_of::<PyOverflowError>(obj.py()) => Err(match obj.lt(0)? {
            true => out_of_range("must be 0 or more, not ")?,
            false => out_of_range("is too large: ")?,
        }),
        Err(e) => Err(e),
    }
}

/// As [`count`], `None` allowed.
fn optional<T: TryFrom<u64>>(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<Option<T>> {
    match obj.is_none() {
        true => Ok(None),
        false => count(obj, name).map(Some),
    }
}

/// One reader per argument: `fn(obj) -> PyResult<T>` reading the argument `name` with
/// [`count`] or [`optional`].
macro_rules! arguments {
    ($($read:ident = $how:ident($name:literal) -> $ty:ty;)*) => {$(
        #[doc = concat!("The argument `", $name, "`.")]
        pub fn $read(obj: &Bound<'_, PyAny>) -> PyResult<$ty> {
            $how(obj, $name)
        }
    )*};
}

arguments! {
    limit = count("limit") -> usize;
    offset = count("offset") -> usize;
    snippet_chars = count("snippet_chars") -> usize;
    fragments = count("fragments") -> usize;
    threads = count("threads") -> usize;
    memory_mb = count("memory_mb") -> usize;
    max_file_size = count("max_file_size") -> u64;
    threads_or_none = optional("threads") -> Option<usize>;
    memory_mb_or_none = optional("memory_mb") -> Option<usize>;
}
