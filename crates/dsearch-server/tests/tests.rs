//! Integration tests of the server: one binary, one module per area. Each test starts
//! a server in this process on `127.0.0.1:0` over a fresh index of the repository's
//! corpus and a small JSONL file with metadata (`util::NEWS`), and talks HTTP/1.1 to
//! it over a plain `TcpStream`.

mod analyze;
mod documents;
mod page;
mod reload;
mod safety;
mod search;
mod status;
mod util;
mod writes;
