//! Counts given as arguments (`limit`, `offset`, `threads`, `max_file_size`, …), read
//! with `#[pyo3(from_py_with = …)]` so that a negative or too large `int` is an
//! `InvalidArgument` (a `ValueError`) naming the argument, not a bare `OverflowError`
//! (and a `bool` too, which Python would read as 0 or 1);
//! `memory_mb` is read as bytes and `max_file_size` may also be a `str` (`"50M"`).

use pyo3::exceptions::PyOverflowError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyString};

use crate::errors::InvalidArgument;

/// A count named `name`: an `int` from 0 to the largest `T`. A `bool` is an `int` to
/// Python, but `max_file_size=True` is a slip, not one byte: it is refused.
fn count<T: TryFrom<u64>>(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<T> {
    if obj.is_instance_of::<PyBool>() {
        return Err(InvalidArgument::new_err(format!(
            "`{name}` must be an int, not {}",
            obj.str()?
        )));
    }
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

/// A memory budget named `name`, given in MB (at least 16: less counts as 16), in
/// bytes; one whose bytes overflow a `usize` is an `InvalidArgument`, not a budget
/// wrapped round to a few bytes.
fn megabytes(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<usize> {
    let mb: usize = count(obj, name)?;
    mb.max(16)
        .checked_mul(1 << 20)
        .ok_or_else(|| InvalidArgument::new_err(format!("`{name}` is too large: {mb}")))
}

/// A size in bytes named `name`: an `int` as [`count`] reads it, or a `str` as
/// `--max-file-size` takes it (`"50M"`, `"4G"`: [`dsearch::size::parse`]).
fn size(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<u64> {
    if obj.is_instance_of::<PyString>() {
        let text: String = obj.extract()?;
        return dsearch::size::parse(&text)
            .map_err(|e| InvalidArgument::new_err(format!("`{name}`: {e}")));
    }
    count(obj, name)
}

/// As `read`, `None` allowed.
fn optional<T>(
    obj: &Bound<'_, PyAny>,
    name: &str,
    read: fn(&Bound<'_, PyAny>, &str) -> PyResult<T>,
) -> PyResult<Option<T>> {
    match obj.is_none() {
        true => Ok(None),
        false => read(obj, name).map(Some),
    }
}

/// One reader per argument: `fn(obj) -> PyResult<T>` reading the argument `name` with
/// [`count`], [`megabytes`], [`size`] or [`optional`] (and the reader it wraps).
macro_rules! arguments {
    ($($read:ident = $how:ident($name:literal $(, $with:expr)?) -> $ty:ty;)*) => {$(
        #[doc = concat!("The argument `", $name, "`.")]
        pub fn $read(obj: &Bound<'_, PyAny>) -> PyResult<$ty> {
            $how(obj, $name $(, $with)?)
        }
    )*};
}

arguments! {
    limit = count("limit") -> usize;
    offset = count("offset") -> usize;
    snippet_chars = count("snippet_chars") -> usize;
    fragments = count("fragments") -> usize;
    threads = count("threads") -> usize;
    memory_bytes = megabytes("memory_mb") -> usize;
    max_file_size = size("max_file_size") -> u64;
    threads_or_none = optional("threads", count) -> Option<usize>;
    memory_bytes_or_none = optional("memory_mb", megabytes) -> Option<usize>;
}
