//! `dsearch serve`: the flags become [`dsearch_server::ServeOptions`]; the index is
//! found as `dsearch query` finds it; the server runs on a tokio runtime until Ctrl-C
//! or SIGTERM.

use std::path::PathBuf;

use dsearch_server::{ServeOptions, Server};

use crate::args::ServeArgs;

pub fn serve(dir: Option<PathBuf>, a: ServeArgs) -> anyhow::Result<u8> {
    let index = crate::open_index(dir)?;
    let shown = index.dir().display().to_string();
    let options = ServeOptions::default()
        .bind(a.bind)
        .write_token(a.write_token)
        .dictionaries(dsearch::Dictionaries::from_env());
    if !options.is_loopback() {
        eprintln!(
            "dsearch: warning: listening on {}, not a loopback address: other machines can read the index{}",
            a.bind,
            if options.write_token.is_some() { " and, with the token, write it" } else { "" }
        );
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let writes = options.write_token.is_some();
        let server = Server::bind(index, options).await?;
        // Before the address is printed: a SIGTERM right after it stops the server.
        let shutdown = dsearch_server::shutdown_signal();
        eprintln!(
            "dsearch: serving {shown} on http://{}/{}",
            server.local_addr(),
            if writes {
                " (writes allowed with the token)"
            } else {
                ""
            }
        );
        server.run(shutdown).await
    })?;
    Ok(0)
}
