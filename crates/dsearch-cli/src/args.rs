//! Command-line arguments (clap derive). Parsing only: no I/O happens here.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Full-text search for Vietnamese, Chinese and Japanese documents.
#[derive(Debug, Parser)]
#[command(
    name = "dsearch",
    version,
    about = "Full-text search for Vietnamese, Chinese (simplified and traditional) and Japanese documents",
    long_about = "Full-text search for Vietnamese, Chinese (simplified and traditional) and Japanese documents.\n\n\
        dsearch index notes/            index the txt, md, html and jsonl files under notes/\n\
        dsearch query \"khoang san xanh\"  finds khoáng sản xanh; 绿色矿产 finds 綠色礦產\n\
        dsearch serve                   a search page and a JSON API on http://127.0.0.1:7700",
    max_term_width = 100
)]
pub struct Cli {
    /// The index directory (default: `.dsearch` here for `index`; found by walking up
    /// from here for the other commands).
    #[arg(long, global = true, env = "DSEARCH_INDEX", value_name = "PATH")]
    pub index: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Index files (txt, md, html, jsonl) under the given paths; re-runs update only
    /// what changed and drop what was deleted.
    Index(IndexArgs),
    /// Search the index.
    Query(QueryArgs),
    /// Show the language and every token dsearch makes of a text.
    Analyze(AnalyzeArgs),
    /// Serve a search page and a JSON API over the index (http://127.0.0.1:7700).
    Serve(ServeArgs),
    /// Manage the Japanese dictionary.
    #[command(subcommand)]
    Dictionary(DictionaryCommand),
}

#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Files or directories to index (default: the current directory; with
    /// `--rebuild`, the paths indexed before).
    pub paths: Vec<PathBuf>,
    /// Analysis threads (0: one per core; at most 256).
    #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(u16).range(0..=256))]
    pub threads: u16,
    /// Memory budget of the index writer, in MB (16 to 1048576).
    #[arg(long, default_value_t = 256, value_name = "MB", value_parser = clap::value_parser!(u32).range(16..=1_048_576))]
    pub memory: u32,
    /// Skip files larger than this many bytes (suffixes K, M, G allowed).
    #[arg(long, default_value = "50M", value_parser = dsearch::size::parse, value_name = "SIZE")]
    pub max_file_size: u64,
    /// Follow symbolic links.
    #[arg(long)]
    pub follow: bool,
    /// Wait for another `dsearch index` on the same index instead of failing.
    #[arg(long)]
    pub wait: bool,
    /// Recreate the index from scratch from every path indexed so far (and these).
    #[arg(long)]
    pub rebuild: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Args)]
pub struct QueryArgs {
    /// The query: words, "phrases", -exclusions, OR, title:, lang:, metadata filters
    /// such as source:vov or date:2024-01..2024-06 (quote it).
    #[arg(allow_hyphen_values = true)]
    pub query: String,
    /// More query words, for unquoted queries (`dsearch query khoáng sản xanh`).
    #[arg(value_name = "MORE")]
    pub more: Vec<String>,
    /// Hits to show.
    #[arg(long, short = 'n', default_value_t = 10)]
    pub limit: usize,
    /// Hits to skip.
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    /// Only documents in this language (ISO 639-1: vi, zh, ja, en, ...).
    #[arg(long, value_parser = language)]
    pub lang: Vec<String>,
    /// One JSON object per hit per line.
    #[arg(long)]
    pub json: bool,
    /// When to colour highlights.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Most snippet fragments per hit (1 to 20).
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u16).range(1..=20))]
    pub fragments: u16,
    /// Snippet length in characters (16 to 10000).
    #[arg(long, default_value_t = 200, value_parser = clap::value_parser!(u16).range(16..=10_000))]
    pub snippet_chars: u16,
    /// Show how each hit ranks: its value under each ranking rule, and how it holds
    /// each word.
    #[arg(long)]
    pub explain: bool,
    /// Order by a metadata field within each tier of words held: `date` oldest first,
    /// `-date` newest first (default: relevance).
    #[arg(long, value_name = "FIELD", allow_hyphen_values = true)]
    pub sort: Option<String>,
}

#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// The text to analyse.
    #[arg(allow_hyphen_values = true)]
    pub text: String,
    /// More text, for unquoted input.
    #[arg(value_name = "MORE")]
    pub more: Vec<String>,
    /// Analyse as this language instead of detecting it.
    #[arg(long, value_parser = language)]
    pub lang: Option<String>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address and port to listen on; port 0 picks a free one. Anything but a loopback
    /// address makes the index readable from other machines.
    #[arg(long, default_value_t = dsearch_server::DEFAULT_BIND, value_name = "ADDR", value_parser = parse_bind)]
    pub bind: std::net::SocketAddr,
    /// Accept writes (POST /documents, DELETE /documents/ID) from requests carrying
    /// `Authorization: Bearer TOKEN`. Prefer the environment variable: arguments are
    /// visible to other users of the machine.
    #[arg(
        long,
        env = "DSEARCH_WRITE_TOKEN",
        value_name = "TOKEN",
        hide_env_values = true
    )]
    pub write_token: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum DictionaryCommand {
    /// Build the IPADIC dictionary from mecab-ipadic sources converted to UTF-8
    /// (scripts/ipadic.sh does every step).
    BuildIpadic {
        /// Directory of the UTF-8 mecab-ipadic sources.
        src: PathBuf,
        /// Where to write the dictionary.
        out: PathBuf,
    },
}

/// Parses `50M`, `10K`, `1G` or a plain number of bytes.
/// `IP:PORT`, or `HOST:PORT` resolved (`localhost:7816`: its first address).
fn parse_bind(s: &str) -> Result<std::net::SocketAddr, String> {
    use std::net::ToSocketAddrs;
    if let Ok(a) = s.parse() {
        return Ok(a);
    }
    match s.to_socket_addrs() {
        Ok(mut addrs) => addrs
            .next()
            .ok_or_else(|| format!("{s} resolves to no address")),
        Err(e) => Err(format!(
            "not an address and port (IP:PORT or HOST:PORT): {e}"
        )),
    }
}

/// A language: an ISO 639 code, a language tag or an English name, as its code.
fn language(s: &str) -> Result<String, String> {
    dsearch::analysis::detect::language_code(s)
        .map(str::to_string)
        .ok_or_else(|| "not a language (an ISO 639-1 code: vi, zh, ja, en, ...)".to_string())
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::{parse_bind, Cli, Command};

    #[test]
    fn bind_takes_an_address_or_a_host_name() {
        assert_eq!(
            parse_bind("127.0.0.1:7816").unwrap().to_string(),
            "127.0.0.1:7816"
        );
        let local = parse_bind("localhost:7816").unwrap();
        assert!(local.ip().is_loopback() && local.port() == 7816, "{local}");
        assert!(parse_bind("localhost").is_err(), "a port is needed");
        assert!(parse_bind("127.0.0.1:99999").is_err());
    }

    #[test]
    fn max_file_size_takes_suffixes_and_quotes_a_bad_size() {
        let parse = |size: &str| Cli::try_parse_from(["dsearch", "index", "--max-file-size", size]);
        match parse("4G").expect("4G").command {
            Command::Index(a) => assert_eq!(a.max_file_size, 4 << 30),
            other => panic!("{other:?}"),
        }
        let e = parse("5X").expect_err("5X").to_string();
        assert!(
            e.contains(r#"invalid size "5X" (examples: 1000, 64K, 50M, 1G)"#),
            "{e}"
        );
    }
}
