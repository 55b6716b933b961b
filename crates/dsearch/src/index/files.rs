//! Reading one file for [`Index::update`](super::Index::update): a whole file of text,
//! Markdown or HTML, or a JSONL file line by line (one record at a time, so its size
//! does not matter), handed to the writer's threads.

use std::fs::File;
use std::io::{BufRead, BufReader, Read as _};

use xxhash_rust::xxh3::Xxh3;

use super::pipeline::{Op, RawText};
use super::update::{Job, UpdateOptions};
use super::writer::Writer;
use super::Index;
use crate::error::Result;
use crate::extract::{self, Format};

/// JSONL lines handed over at once: the queue moves batches, not lines.
const BATCH_LINES: usize = 64;
/// ... or this many bytes of them.
const BATCH_BYTES: usize = 128 << 10;

/// What became of a file.
pub(crate) enum Read {
    /// Its documents were handed over; warnings about the file itself.
    Indexed { warnings: Vec<String> },
    /// Same content as indexed: only its record changed.
    Touched,
    /// Not indexed (the warning says why); its old documents are dropped.
    Skipped { warning: String },
}

/// Reads `job` and hands its documents to `writer`: the file's old documents are
/// deleted first, its record is added last. `on_bytes` hears how much is read.
pub(crate) fn read(
    index: &Index,
    writer: &mut Writer,
    job: &Job,
    options: &UpdateOptions,
    on_bytes: &mut dyn FnMut(u64),
) -> Result<Read> {
    let shown = job.path.display().to_string();
    let format = Format::of(&job.path).expect("the walk keeps known formats");
    let skip = |writer: &mut Writer, warning: String| -> Result<Read> {
        if job.old.is_some() {
            // A changed file that cannot be read loses its old documents.
            writer.submit(Op::DeleteFile(job.key.clone()))?;
        }
        Ok(Read::Skipped { warning })
    };
    if format != Format::JsonLines && job.size > options.max_file_size {
        return skip(
            writer,
            format!(
                "{shown}: larger than --max-file-size ({} > {} bytes), skipped",
                job.size, options.max_file_size
            ),
        );
    }
    let open = || File::open(&job.path).map(|f| BufReader::with_capacity(1 << 20, f));
    let mut reader = match open() {
        Ok(r) => r,
        Err(e) => return skip(writer, format!("{shown}: {e}, skipped")),
    };
    match reader.fill_buf() {
        Ok(head) if extract::looks_binary(head) => {
            return skip(writer, format!("{shown}: binary file (NUL bytes), skipped"))
        }
        Ok(head) if format == Format::JsonLines && extract::has_utf16_bom(head) => {
            return skip(
                writer,
                format!("{shown}: UTF-16, and JSON Lines are UTF-8, skipped"),
            );
        }
        Ok(_) => {}
        Err(e) => return skip(writer, format!("{shown}: {e}, skipped")),
    }
    if let Some(old) = job.old {
        // Size or mtime changed: the content may not have.
        match hash_all(&mut reader) {
            Ok((hash, size)) if hash == old.hash => {
                let doc = index.record_doc(&job.key, size, job.mtime, hash);
                writer.submit(Op::Record {
                    key: job.key.clone(),
                    doc,
                })?;
                return Ok(Read::Touched);
            }
            Ok(_) => {}
            Err(e) => return skip(writer, format!("{shown}: {e}, skipped")),
        }
        reader = match open() {
            Ok(r) => r,
            Err(e) => return skip(writer, format!("{shown}: {e}, skipped")),
        };
    }
    writer.submit(Op::DeleteFile(job.key.clone()))?;
    let raw = |text: String, line: usize| RawText {
        format,
        text,
        file: job.key.clone(),
        shown: shown.clone(),
        line,
    };
    let mut warnings = Vec::new();
    let mut hasher = Xxh3::new();
    let mut size = 0u64;
    let mut lossy = false;
    let outcome: std::io::Result<()> = if format == Format::JsonLines {
        let mut lines = Lines::new(&mut reader, options.max_file_size);
        let mut batch = Vec::new();
        let mut batch_bytes = 0;
        let result = loop {
            match lines.next(&mut hasher) {
                Ok(Some((n, Line::Text(bytes)))) => {
                    let (text, bad) = extract::decode(&bytes);
                    lossy |= bad;
                    batch_bytes += text.len();
                    batch.push(raw(text, n));
                    if batch.len() >= BATCH_LINES || batch_bytes >= BATCH_BYTES {
                        writer.submit(Op::AddRaw(std::mem::take(&mut batch)))?;
                        batch_bytes = 0;
                        on_bytes(lines.read);
                    }
                }
                Ok(Some((n, Line::TooLong(len)))) => warnings.push(format!(
                    "{shown}: line {n}: larger than --max-file-size ({len} > {} bytes), skipped",
                    options.max_file_size
                )),
                Ok(None) => break Ok(()),
                Err(e) => break Err(e),
            }
        };
        if !batch.is_empty() {
            writer.submit(Op::AddRaw(batch))?;
        }
        result.map(|()| size = lines.read)
    } else {
        let mut bytes = Vec::with_capacity(job.size as usize);
        let limit = options.max_file_size.saturating_add(1);
        match (&mut reader).take(limit).read_to_end(&mut bytes) {
            Ok(_) if bytes.len() as u64 > options.max_file_size => {
                return skip(
                    writer,
                    format!(
                        "{shown}: larger than --max-file-size (> {} bytes), skipped",
                        options.max_file_size
                    ),
                )
            }
            Ok(_) => {
                hasher.update(&bytes);
                size = bytes.len() as u64;
                let (text, warning) = extract::encoding::decode_file(bytes, format);
                warnings.extend(warning.map(|w| format!("{shown}: {w}")));
                writer.submit(Op::AddRaw(vec![raw(text, 0)]))?;
                Ok(())
            }
            Err(e) => Err(e),
        }
    };
    if let Err(e) = outcome {
        // Drop what was handed over of it: the file is not indexed.
        writer.submit(Op::DeleteFile(job.key.clone()))?;
        return Ok(Read::Skipped {
            warning: format!("{shown}: {e}, skipped"),
        });
    }
    if lossy {
        warnings.push(format!("{shown}: invalid UTF-8, decoded lossily"));
    }
    let doc = index.record_doc(&job.key, size, job.mtime, hasher.digest());
    writer.submit(Op::Record {
        key: job.key.clone(),
        doc,
    })?;
    Ok(Read::Indexed { warnings })
}

/// The xxh3 hash and the size of everything left in `reader`.
fn hash_all(reader: &mut impl BufRead) -> std::io::Result<(u64, u64)> {
    let mut hasher = Xxh3::new();
    let mut size = 0u64;
    loop {
        let buf = reader.fill_buf()?;
        if buf.is_empty() {
            return Ok((hasher.digest(), size));
        }
        hasher.update(buf);
        size += buf.len() as u64;
        let n = buf.len();
        reader.consume(n);
    }
}

/// One line of a JSONL file.
enum Line {
    /// The line, without its line break.
    Text(Vec<u8>),
    /// A line over the limit, with its length; its bytes were not kept.
    TooLong(u64),
}

/// The lines of a reader, none kept longer than `max` bytes (a longer one is read
/// through and reported by its length), so memory stays flat whatever the input.
struct Lines<'r, R> {
    reader: &'r mut R,
    max: u64,
    /// Line number of the last line returned.
    n: usize,
    /// Bytes read so far.
    read: u64,
}

impl<'r, R: BufRead> Lines<'r, R> {
    fn new(reader: &'r mut R, max: u64) -> Self {
        Lines {
            reader,
            max,
            n: 0,
            read: 0,
        }
    }

    /// The next line with its number, also feeding `hasher` every byte read.
    fn next(&mut self, hasher: &mut Xxh3) -> std::io::Result<Option<(usize, Line)>> {
        let mut line = Vec::new();
        let mut len = 0u64;
        let mut any = false;
        loop {
            let buf = self.reader.fill_buf()?;
            if buf.is_empty() {
                if !any {
                    return Ok(None);
                }
                break;
            }
            any = true;
            let (chunk, end) = match buf.iter().position(|&b| b == b'\n') {
                Some(i) => (&buf[..i], Some(i + 1)),
                None => (buf, None),
            };
            len += chunk.len() as u64;
            if len <= self.max {
                line.extend_from_slice(chunk);
            } else {
                line = Vec::new();
            }
            let used = end.unwrap_or(buf.len());
            hasher.update(&buf[..used]);
            self.read += used as u64;
            self.reader.consume(used);
            if end.is_some() {
                break;
            }
        }
        self.n += 1;
        if line.last() == Some(&b'\r') {
            line.pop();
        }
        let line = if len > self.max {
            Line::TooLong(len)
        } else {
            Line::Text(line)
        };
        Ok(Some((self.n, line)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &[u8], max: u64) -> Vec<(usize, std::result::Result<String, u64>)> {
        let mut r = std::io::BufReader::with_capacity(4, text);
        let mut lines = Lines::new(&mut r, max);
        let mut out = Vec::new();
        let mut h = Xxh3::new();
        while let Some((n, l)) = lines.next(&mut h).unwrap() {
            out.push((
                n,
                match l {
                    Line::Text(t) => Ok(String::from_utf8(t).unwrap()),
                    Line::TooLong(len) => Err(len),
                },
            ));
        }
        assert_eq!(lines.read, text.len() as u64);
        assert_eq!(h.digest(), xxhash_rust::xxh3::xxh3_64(text));
        out
    }

    #[test]
    fn lines_over_the_limit_are_reported_not_kept() {
        assert_eq!(
            lines(b"ab\r\n\nlong line here\nxyz", 5),
            [
                (1, Ok("ab".into())),
                (2, Ok("".into())),
                (3, Err(14)),
                (4, Ok("xyz".into()))
            ]
        );
        assert!(lines(b"", 5).is_empty());
    }
}
