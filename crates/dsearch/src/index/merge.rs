//! Merging segments in flat memory. A merge maps every file of the segments it reads,
//! and tantivy's default policy runs several merges at once, of any size, while the
//! writer is still indexing: on a big import the mapped pages of those merges came on
//! top of the indexing memory (951 MB peak at 4× the benchmark corpus against 530 MB
//! at 1×). Here:
//!
//! - in the background, tantivy merges only *small* segments (under 1/16 of the memory
//!   budget each: the segments of small commits), on one merge thread
//!   ([`SmallSegments`]);
//! - at a commit, once more than [`MERGE_FACTOR`] segments are neither small nor *full*
//!   (half the budget or more), the writer merges them itself, smallest first, one
//!   merge of at most the budget's size at a time, while indexing waits
//!   ([`consolidate`]). A merge never maps more than the budget, and never runs beside
//!   indexing. Small segments beside big ones (a few files added after a big import)
//!   never start a merge of the big ones.
//!
//! The index of a big import ends with segments of half the budget's size or more (so
//! their number grows with the input) and at most [`MERGE_FACTOR`] smaller ones: 11
//! segments in all at 4× the benchmark corpus with the default 256 MB.
//!
//! Measured with `dsearch index` on the 4× file (2 threads, `time -v`): peak RSS
//! 568 MB against 951 MB with tantivy's default policy (557 MB at 1×), index 932 MB
//! (977 MB before).

use std::path::{Path, PathBuf};

use tantivy::index::{SegmentId, SegmentMeta};
use tantivy::merge_policy::{MergeCandidate, MergePolicy};
use tantivy::IndexWriter;

/// How many segments that are not full an index keeps before they are merged.
pub(crate) const MERGE_FACTOR: usize = 8;

/// Segments under this size (of a memory budget of `budget` bytes) are small: tantivy
/// merges them in the background.
pub(crate) fn small_bytes(budget: u64) -> u64 {
    budget / 16
}

/// The size on disk of a segment's files, in bytes (files that cannot be read count 0).
fn segment_bytes(dir: &Path, meta: &SegmentMeta) -> u64 {
    meta.list_files()
        .iter()
        .filter_map(|f| std::fs::metadata(dir.join(f)).ok())
        .map(|m| m.len())
        .sum()
}

/// Segments with their sizes, smallest first.
fn sized(dir: &Path, segments: &[SegmentMeta]) -> Vec<(u64, SegmentId)> {
    let mut sized: Vec<(u64, SegmentId)> = segments
        .iter()
        .map(|m| (segment_bytes(dir, m), m.id()))
        .collect();
    sized.sort();
    sized
}

/// The next group to merge among `sized` (smallest first): when more than
/// [`MERGE_FACTOR`] segments are from `floor` bytes up to under `full` bytes, the
/// smallest of them while their sizes add up to at most `cap` (at least two).
fn next_group(
    sized: &[(u64, SegmentId)],
    floor: u64,
    full: u64,
    cap: u64,
) -> Option<Vec<SegmentId>> {
    let open: Vec<&(u64, SegmentId)> = sized
        .iter()
        .filter(|(b, _)| (floor..full).contains(b))
        .collect();
    if open.len() <= MERGE_FACTOR {
        return None;
    }
    let mut total = 0;
    let mut group = Vec::new();
    for (bytes, id) in open {
        if group.len() >= 2 && total + bytes > cap {
            break;
        }
        total += bytes;
        group.push(*id);
    }
    Some(group)
}

/// tantivy's background merges, for small segments only: when more than
/// [`MERGE_FACTOR`] segments are under `small` bytes, merge them (smallest first, at
/// most `small` × [`MERGE_FACTOR`] bytes at once).
#[derive(Debug)]
pub(crate) struct SmallSegments {
    pub dir: PathBuf,
    pub small: u64,
}

impl MergePolicy for SmallSegments {
    fn compute_merge_candidates(&self, segments: &[SegmentMeta]) -> Vec<MergeCandidate> {
        let sized = sized(&self.dir, segments);
        next_group(&sized, 0, self.small, self.small * MERGE_FACTOR as u64)
            .map(|group| vec![MergeCandidate(group)])
            .unwrap_or_default()
    }
}

/// Merges the committed segments that are neither small (see [`small_bytes`]; the
/// background merges those) nor full (`cap / 2` bytes or more) while more than
/// [`MERGE_FACTOR`] of them remain, one merge of at most `cap` bytes at a time,
/// and returns how many merges ran. Merges commit themselves (a crash leaves the last
/// commit, or a merged one, never a damaged index). A merge tantivy refuses (a segment
/// already in a background merge) ends the pass; the next commit tries again.
pub(crate) fn consolidate(
    writer: &mut IndexWriter,
    dir: &Path,
    cap: u64,
) -> tantivy::Result<usize> {
    let mut merges = 0;
    loop {
        // The segment metas are dropped before the merge: tantivy's garbage collection
        // keeps the files of every segment whose meta is alive anywhere, so holding
        // them left the merged segments' files on disk (13 of 17 segments, 486 MB for
        // an index of 250 MB).
        let group = {
            let metas = writer.index().searchable_segment_metas()?;
            next_group(&sized(dir, &metas), small_bytes(cap), cap / 2, cap)
        };
        let Some(group) = group else { break };
        match writer.merge(&group).wait() {
            Ok(_) => merges += 1,
            Err(tantivy::TantivyError::InvalidArgument(_)) => break,
            Err(e) => return Err(e),
        }
    }
    if merges > 0 {
        // A merge collects garbage as it ends, while the segments it merged may still
        // be listed: collect once more, so no merged segment's files stay behind. A
        // collection that fails (tantivy could not take its meta lock) leaves them to
        // the next commit's; the merges themselves went well.
        let _ = writer.garbage_collect_files().wait();
    }
    Ok(merges)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(n: usize) -> Vec<SegmentId> {
        (0..n).map(|_| SegmentId::generate_random()).collect()
    }

    #[test]
    fn nothing_to_merge_up_to_the_factor() {
        let id = ids(MERGE_FACTOR + 1);
        let sized: Vec<(u64, SegmentId)> = id.iter().map(|&i| (10, i)).collect();
        assert_eq!(next_group(&sized[..MERGE_FACTOR], 0, 100, 1000), None);
        // Full segments do not count.
        let mut with_full = sized[..MERGE_FACTOR].to_vec();
        with_full.push((100, id[MERGE_FACTOR]));
        assert_eq!(next_group(&with_full, 0, 100, 1000), None);
        assert!(next_group(&sized, 0, 100, 1000).is_some());
        // Nor do segments under the floor: small ones beside big ones do not start a
        // merge of the big ones.
        let mut with_small = sized[..MERGE_FACTOR - 2].to_vec();
        with_small.extend(id[MERGE_FACTOR - 2..].iter().map(|&i| (1, i)));
        assert_eq!(with_small.len(), MERGE_FACTOR + 1);
        assert_eq!(next_group(&with_small, 5, 100, 1000), None);
        assert!(next_group(&with_small, 0, 100, 1000).is_some());
    }

    #[test]
    fn groups_take_the_smallest_up_to_the_cap() {
        let id = ids(12);
        let sized: Vec<(u64, SegmentId)> = id.iter().map(|&i| (45, i)).collect();
        // 45 × 5 = 225 ≤ 256 < 45 × 6.
        assert_eq!(next_group(&sized, 16, 128, 256), Some(id[..5].to_vec()));
        // Two segments at least, even over the cap.
        let big: Vec<(u64, SegmentId)> = id.iter().map(|&i| (200, i)).collect();
        assert_eq!(next_group(&big, 16, 1000, 256), Some(id[..2].to_vec()));
    }

    #[test]
    fn small_commits_are_merged_in_the_background_and_keep_every_document() {
        use crate::{Document, Index, WriterOptions};
        let tmp = tempfile::tempdir().unwrap();
        let index = Index::open_or_create(tmp.path().join(".dsearch")).unwrap();
        let options = WriterOptions::default().threads(1);
        let mut writer = index.writer(&options).unwrap();
        let (commits, docs) = (20, 5);
        for c in 0..commits {
            for d in 0..docs {
                let id = format!("c{c}d{d}");
                writer.add(Document::new(id.clone(), "", id)).unwrap();
            }
            writer.commit().unwrap();
        }
        drop(writer); // waits for the merges
        let metas = index.index.searchable_segment_metas().unwrap();
        assert!(metas.len() <= MERGE_FACTOR, "{} segments", metas.len());
        assert_eq!(index.num_docs().unwrap(), (commits * docs) as u64);
        let hits = index.search("c19d4", &Default::default()).unwrap();
        assert_eq!(hits.hits.len(), 1);
    }

    #[test]
    fn consolidate_merges_bounded_groups_of_committed_segments() {
        use tantivy::schema::{Schema, TEXT};
        let tmp = tempfile::tempdir().unwrap();
        let mut schema = Schema::builder();
        let text = schema.add_text_field("text", TEXT);
        let index = tantivy::Index::create_in_dir(tmp.path(), schema.build()).unwrap();
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        writer.set_merge_policy(Box::new(tantivy::merge_policy::NoMergePolicy));
        let commits = 20;
        for c in 0..commits {
            for d in 0..50 {
                let words: String = (0..20).map(|w| format!("w{c}x{d}y{w} ")).collect();
                writer.add_document(tantivy::doc!(text => words)).unwrap();
            }
            writer.commit().unwrap();
        }
        let before = sized(tmp.path(), &index.searchable_segment_metas().unwrap());
        assert_eq!(before.len(), commits);
        // A cap of four segments: full ones hold two or more.
        let largest = before.iter().map(|s| s.0).max().unwrap();
        let cap = largest * 4;
        let merges = consolidate(&mut writer, tmp.path(), cap).unwrap();
        assert!(merges > 0);
        let after = sized(tmp.path(), &index.searchable_segment_metas().unwrap());
        assert!(
            after.iter().filter(|s| s.0 < cap / 2).count() <= MERGE_FACTOR,
            "{after:?}"
        );
        assert!(after.iter().all(|s| s.0 <= cap), "{after:?}");
        assert!(after.len() <= commits - merges, "{after:?}");
        // The merged segments' files are gone: every segment file on disk is live.
        let live: std::collections::HashSet<String> = index
            .searchable_segment_metas()
            .unwrap()
            .iter()
            .map(|m| m.id().uuid_string())
            .collect();
        for entry in std::fs::read_dir(tmp.path()).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            if let Some((stem, _)) = name.split_once('.').filter(|(s, _)| s.len() == 32) {
                assert!(live.contains(stem), "{name} left behind by a merge");
            }
        }
        let docs: u32 = index
            .searchable_segment_metas()
            .unwrap()
            .iter()
            .map(|m| m.num_docs())
            .sum();
        assert_eq!(docs, commits as u32 * 50);
    }

    #[test]
    fn repeated_passes_end_with_full_segments_and_at_most_the_factor_of_others() {
        // 24 segments of 45 units, cap 256: each merge makes one full segment of 225.
        let mut segs: Vec<(u64, SegmentId)> = ids(24).into_iter().map(|i| (45, i)).collect();
        let mut merges = 0;
        while let Some(group) = next_group(&segs, 16, 128, 256) {
            let bytes: u64 = segs
                .iter()
                .filter(|s| group.contains(&s.1))
                .map(|s| s.0)
                .sum();
            segs.retain(|s| !group.contains(&s.1));
            segs.push((bytes, SegmentId::generate_random()));
            segs.sort();
            merges += 1;
            assert!(bytes <= 256);
        }
        assert_eq!(merges, 4);
        assert_eq!(segs.iter().filter(|s| s.0 < 128).count(), 4);
        assert_eq!(segs.len(), 8);
    }
}
