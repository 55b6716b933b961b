//! What a Japanese word's dictionary entry says for search (function word or not, base
//! form), read from IPADIC's bytes once per entry and cached, instead of once per token.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

/// Set in a slot once it holds an entry's facts.
const FILLED: u64 = 1 << 63;
/// The entry is a function word.
const FUNCTION: u64 = 1 << 62;
/// The entry has a base form: its byte range in the dictionary's word data is packed in
/// bits 0..48 (offset in the low 32 bits, length in the next 16).
const HAS_BASE: u64 = 1 << 61;

/// One slot per system dictionary entry, allocated on first use (a query process that
/// segments one short query pays for a few slots, not for the table).
#[derive(Debug)]
pub(super) struct EntryCache {
    slots: OnceLock<Box<[AtomicU64]>>,
    entries: usize,
}

/// An entry's facts: function word or not, and the byte range of its base form in the
/// dictionary's word data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Entry {
    pub function: bool,
    pub base: Option<(usize, usize)>,
}

impl EntryCache {
    /// A cache for a dictionary of `entries` system entries.
    pub fn new(entries: usize) -> EntryCache {
        EntryCache {
            slots: OnceLock::new(),
            entries,
        }
    }

    /// The facts of entry `id`, from the cache or from `read` (then cached). A base form
    /// whose range does not fit the packing is returned but not cached.
    pub fn get(&self, id: usize, read: impl FnOnce() -> Entry) -> Entry {
        if id >= self.entries {
            return read();
        }
        let slots = self.slots.get_or_init(|| {
            std::iter::repeat_with(|| AtomicU64::new(0))
                .take(self.entries)
                .collect()
        });
        let packed = slots[id].load(Ordering::Relaxed);
        if packed & FILLED != 0 {
            return unpack(packed);
        }
        let entry = read();
        if let Some(packed) = pack(entry) {
            slots[id].store(packed, Ordering::Relaxed);
        }
        entry
    }
}

fn pack(entry: Entry) -> Option<u64> {
    let mut packed = FILLED;
    if entry.function {
        packed |= FUNCTION;
    }
    if let Some((offset, len)) = entry.base {
        let offset = u32::try_from(offset).ok()?;
        let len = u16::try_from(len).ok()?;
        packed |= HAS_BASE | u64::from(offset) | (u64::from(len) << 32);
    }
    Some(packed)
}

fn unpack(packed: u64) -> Entry {
    Entry {
        function: packed & FUNCTION != 0,
        base: (packed & HAS_BASE != 0).then_some((
            (packed & 0xFFFF_FFFF) as usize,
            ((packed >> 32) & 0xFFFF) as usize,
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_round_trip_and_are_read_once() {
        let cache = EntryCache::new(4);
        let facts = [
            Entry {
                function: false,
                base: None,
            },
            Entry {
                function: true,
                base: Some((123_456, 9)),
            },
            Entry {
                function: false,
                base: Some((u32::MAX as usize, u16::MAX as usize)),
            },
        ];
        for (id, &entry) in facts.iter().enumerate() {
            assert_eq!(cache.get(id, || entry), entry);
            // Cached: a second read would give something else.
            assert_eq!(cache.get(id, || unreachable!("read twice")), entry);
        }
    }

    #[test]
    fn out_of_range_ids_and_unpackable_bases_are_not_cached() {
        let cache = EntryCache::new(2);
        let wide = Entry {
            function: true,
            base: Some((1usize << 40, 3)),
        };
        assert_eq!(cache.get(0, || wide), wide);
        let other = Entry {
            function: false,
            base: None,
        };
        assert_eq!(cache.get(0, || other), other);
        assert_eq!(cache.get(7, || wide), wide);
        assert_eq!(cache.get(7, || other), other);
    }
}
