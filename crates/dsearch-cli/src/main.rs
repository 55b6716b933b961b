//! The `dsearch` command: parse arguments, call the library, render, exit like grep
//! (0 when there are hits, 1 when there are none, 2 on error).

mod args;
mod render;
mod serve;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;
use dsearch::{
    analysis, Dictionaries, Index, SearchOptions, SnippetOptions, SortBy, UpdateOptions,
};

use args::{Cli, ColorChoice, Command, DictionaryCommand};

/// mimalloc instead of the system allocator: indexing allocates and frees many small
/// buffers on several threads; measured on the 1× benchmark file (two threads),
/// `dsearch index` took 24.6–28.4 s against 29.4–34.6 s with glibc's malloc, and it
/// hands freed memory back to the system while segments merge after a commit. Built
/// without transparent huge pages (`no_thp`): with them each process cleared 2 MB
/// pages (a `dsearch query` took 10.4 ms against 7.9 with glibc; now about 9) and
/// indexing peaked 40 MB higher.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            if let Some(message) = not_utf8(&e) {
                eprintln!("dsearch: {message}");
                return ExitCode::from(2);
            }
            if let Some(word) = unquoted_exclusion(&e) {
                eprintln!(
                    "dsearch: `{word}` reads as an option: to leave a word out, quote the whole query (dsearch query 'khoáng sản {word}') or put `--` before it"
                );
                return ExitCode::from(2);
            }
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            // `{e}`, not `{e:#}`: dsearch's errors already name their cause, and the
            // chain would print it twice.
            eprintln!("dsearch: {}", one_line(&format!("{e}")));
            ExitCode::from(2)
        }
    }
}

/// The argument clap found not to be UTF-8 text, named (clap says only "invalid UTF-8
/// was detected in one or more arguments", then prints the usage): a query or an
/// option value in a legacy encoding, from a script or an old terminal. Paths may be
/// any bytes.
fn not_utf8(e: &clap::Error) -> Option<String> {
    if e.kind() != clap::error::ErrorKind::InvalidUtf8 {
        return None;
    }
    let (i, arg) = std::env::args_os()
        .enumerate()
        .skip(1)
        .find(|(_, a)| a.to_str().is_none())?;
    Some(format!(
        "argument {i} ({arg:?}) is not UTF-8 text: queries and option values must be (convert it, e.g. with iconv)"
    ))
}

/// The argument of `dsearch query` that clap took for an unknown option, when it
/// reads as an exclusion typed without quotes (`dsearch query Trung -ASEAN`, where clap
/// names only `-A`).
fn unquoted_exclusion(e: &clap::Error) -> Option<String> {
    use clap::error::{ContextKind, ContextValue};
    if e.kind() != clap::error::ErrorKind::UnknownArgument {
        return None;
    }
    let Some(ContextValue::String(bad)) = e.get(ContextKind::InvalidArg) else {
        return None;
    };
    // The error's usage line names the subcommand it came from.
    let in_query = e
        .get(ContextKind::Usage)
        .is_some_and(|u| u.to_string().contains("dsearch query "));
    if !in_query || !bad.starts_with('-') || bad.starts_with("--") {
        return None;
    }
    std::env::args()
        .skip(1)
        .take_while(|a| a != "--")
        .find(|a| {
            a.starts_with(bad.as_str())
                && !a.starts_with("--")
                && a.strip_prefix('-')
                    .and_then(|w| w.chars().next())
                    .is_some_and(char::is_alphabetic)
                && a.chars().count() > 2
        })
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn run(cli: Cli) -> anyhow::Result<u8> {
    match cli.command {
        Command::Index(a) => index(cli.index, a),
        Command::Query(a) => query(cli.index, a),
        Command::Analyze(a) => analyze(a),
        Command::Serve(a) => serve::serve(cli.index, a),
        Command::Dictionary(DictionaryCommand::BuildIpadic { src, out }) => {
            analysis::japanese::build_ipadic(&src, &out)?;
            println!("built the IPADIC dictionary in {}", out.display());
            Ok(0)
        }
    }
}

fn index(dir: Option<PathBuf>, a: args::IndexArgs) -> anyhow::Result<u8> {
    let dir = dir.unwrap_or_else(|| PathBuf::from(dsearch::index::INDEX_DIR));
    let mut a = a;
    if a.paths.is_empty() && !a.rebuild {
        a.paths.push(PathBuf::from("."));
    }
    if a.paths.is_empty() && recorded_paths(&dir) == 0 {
        // A rebuild of nothing would empty the index.
        eprintln!(
            "dsearch: nothing to rebuild: {} records no indexed paths (give them: dsearch index --rebuild PATH...)",
            dir.display()
        );
        return Ok(2);
    }
    if !a.rebuild && !dir.exists() {
        // Nothing to read: say so without creating an index that would then be found.
        // (With an index, a path that is gone may still hold documents to remove.)
        let errors: Vec<_> = a
            .paths
            .iter()
            .filter_map(|p| std::fs::symlink_metadata(p).err().map(|e| (p, e)))
            .collect();
        if errors.len() == a.paths.len() {
            for (p, e) in errors {
                match e.kind() {
                    std::io::ErrorKind::NotFound => {
                        eprintln!("dsearch: {}: no such file or directory", p.display())
                    }
                    _ => eprintln!("dsearch: {}: {e}", p.display()),
                }
            }
            return Ok(2);
        }
    }
    let options = UpdateOptions::default()
        .dictionaries(Dictionaries::from_env())
        .threads(usize::from(a.threads))
        .memory_bytes((a.memory as usize) << 20)
        .max_file_size(a.max_file_size)
        .follow_links(a.follow)
        .wait(a.wait)
        .rebuild(a.rebuild)
        .commit_every_bytes(commit_every_bytes());
    let mut bar = render::progress::Bar::new();
    let existed = dir.exists();
    let report = if a.rebuild {
        Index::rebuild(&dir, &a.paths, &options, &mut |p| bar.update(p))?
    } else {
        let index = Index::open_or_create(&dir)?;
        index.update(&a.paths, &options, &mut |p| bar.update(p))?
    };
    bar.finish();
    let mut err = std::io::stderr().lock();
    for w in &report.warnings {
        writeln!(err, "dsearch: warning: {w}")?;
    }
    for m in &report.missing {
        writeln!(err, "dsearch: {}: no such file or directory", m.display())?;
    }
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "added {}, updated {}, removed {}, unchanged {}, skipped {} in {:.2} s ({} documents)",
        report.added,
        report.updated,
        report.removed,
        report.unchanged,
        report.skipped,
        report.seconds,
        report.documents
    )?;
    if report.all_skipped() {
        eprintln!(
            "dsearch: nothing was indexed: every file given was skipped (see the warnings above)"
        );
        if !existed && report.documents == 0 {
            // An empty index made by this run would hide an index further up from
            // every later command here.
            let _ = std::fs::remove_dir_all(&dir);
        }
        return Ok(2);
    }
    let found = report.added + report.updated + report.unchanged + report.skipped + report.removed;
    if found == 0 && report.missing.len() < a.paths.len().max(1) {
        // The paths hold no file dsearch reads (a folder of PDFs): not a success.
        eprintln!(
            "dsearch: nothing to index: no .txt, .md, .html or .jsonl file under the given paths"
        );
        if !existed && report.documents == 0 {
            let _ = std::fs::remove_dir_all(&dir);
        }
        return Ok(2);
    }
    Ok(if report.missing.is_empty() { 0 } else { 2 })
}

/// How many indexed paths the index in `dir` records (0 when it cannot be read).
fn recorded_paths(dir: &Path) -> usize {
    dsearch::index::meta::read(dir)
        .ok()
        .flatten()
        .map_or(0, |m| m.paths.len())
}

/// The commit interval of `dsearch index`, in bytes of input. A testing knob, not an
/// option: `DSEARCH_COMMIT_EVERY_BYTES=N` makes a long run commit often, so the crash
/// tests can kill it between commits. Unset or unparsable: the library's default.
fn commit_every_bytes() -> u64 {
    std::env::var("DSEARCH_COMMIT_EVERY_BYTES")
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .unwrap_or(UpdateOptions::default().commit_every_bytes)
        .max(1)
}

fn open_index(dir: Option<PathBuf>) -> anyhow::Result<Index> {
    let Some(dir) = dir else {
        let found = Index::find(Path::new("."))?;
        return Ok(Index::open(found)?.with_dictionaries(Dictionaries::from_env()));
    };
    match Index::open(&dir) {
        Ok(index) => Ok(index.with_dictionaries(Dictionaries::from_env())),
        // The user named a place: say which.
        Err(e) if matches!(e.kind(), dsearch::ErrorKind::NoIndex) => Err(anyhow::anyhow!(
            "no index found in {} (run `dsearch --index {} index PATH...`)",
            dir.display(),
            dir.display()
        )),
        Err(e) => Err(e.into()),
    }
}

fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    }
}

fn query(dir: Option<PathBuf>, a: args::QueryArgs) -> anyhow::Result<u8> {
    let text = std::iter::once(a.query.as_str())
        .chain(a.more.iter().map(String::as_str))
        .collect::<Vec<_>>()
        .join(" ");
    if text.trim().is_empty() {
        eprintln!("dsearch: error: the query is empty (usage: dsearch query QUERY)");
        return Ok(2);
    }
    let index = open_index(dir)?;
    let sort = a.sort.as_deref().map(SortBy::parse).transpose()?;
    let mut options = SearchOptions::default()
        .limit(a.limit)
        .offset(a.offset)
        .snippet(SnippetOptions {
            chars: usize::from(a.snippet_chars),
            fragments: usize::from(a.fragments),
        })
        .explain(a.explain)
        .sort(sort);
    for l in &a.lang {
        options = options.lang(l);
    }
    let results = index.search(&text, &options)?;
    for w in &results.warnings {
        eprintln!("dsearch: warning: {w}");
    }
    let cwd = std::env::current_dir().unwrap_or_default();
    let mut out = std::io::stdout().lock();
    if a.json {
        render::json::hits(&mut out, &results, &cwd)?;
    } else {
        render::standard::hits(&mut out, &results, &cwd, use_color(a.color))?;
    }
    out.flush()?;
    // As grep: 0 when there are hits; with `-n 0`, which only counts, when some
    // document matches.
    let found = match a.limit {
        0 => results.total > 0,
        _ => !results.hits.is_empty(),
    };
    Ok(if found { 0 } else { 1 })
}

fn analyze(a: args::AnalyzeArgs) -> anyhow::Result<u8> {
    let text = std::iter::once(a.text.as_str())
        .chain(a.more.iter().map(String::as_str))
        .collect::<Vec<_>>()
        .join(" ");
    let lang = match &a.lang {
        Some(l) => l.to_ascii_lowercase(),
        None => analysis::detect::detect(&text).to_string(),
    };
    let result = analysis::analyze_with_dictionaries(&text, &lang, &Dictionaries::from_env());
    let mut out = std::io::stdout().lock();
    if a.json {
        render::json::analysis(&mut out, &lang, &result)?;
    } else {
        render::standard::analysis(&mut out, &text, &lang, &result)?;
    }
    out.flush()?;
    Ok(0)
}
