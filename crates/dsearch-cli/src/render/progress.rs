//! The indexing progress bar: indicatif on stderr when stderr is a terminal, nothing
//! otherwise.

use std::io::IsTerminal;

use dsearch::Progress;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A progress bar that exists only on a terminal.
pub struct Bar {
    bar: Option<ProgressBar>,
}

impl Bar {
    /// A bar on stderr if stderr is a terminal.
    pub fn new() -> Bar {
        let bar = std::io::stderr().is_terminal().then(|| {
            let b = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
            b.set_style(
                ProgressStyle::with_template(
                    "{spinner} [{elapsed_precise}] {bar:40} {bytes}/{total_bytes} {msg} ({eta})",
                )
                .expect("valid template"),
            );
            b
        });
        Bar { bar }
    }

    /// Reports progress.
    pub fn update(&mut self, p: Progress) {
        let Some(b) = &self.bar else { return };
        match p {
            Progress::Walked { files, bytes } => {
                b.set_length(bytes);
                b.set_message(format!("0/{files} files"));
            }
            Progress::Read {
                files_done,
                files,
                bytes_done,
                bytes,
            } => {
                b.set_length(bytes);
                b.set_position(bytes_done);
                b.set_message(format!("{files_done}/{files} files"));
            }
            Progress::Finishing => {
                b.set_message("committing and merging segments");
                // Nothing else reports until the end: keep the clock running.
                b.enable_steady_tick(std::time::Duration::from_millis(250));
            }
            _ => {}
        }
    }

    /// Removes the bar.
    pub fn finish(&mut self) {
        if let Some(b) = self.bar.take() {
            b.finish_and_clear();
        }
    }
}
