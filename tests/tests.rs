//! Integration tests of the `dsearch` binary: one test binary, one module per area.

mod analyze;
mod bad_input;
mod color;
mod formats;
mod index;
mod json;
mod jsonl;
mod location;
mod metadata;
mod pipe;
mod query;
mod reliability;
mod reliability_concurrency;
mod reliability_crash;
mod reliability_fuzz;
mod reliability_input;
mod reliability_sandbox;
mod reliability_schema;
mod reliability_text;
mod serve;
mod util;
