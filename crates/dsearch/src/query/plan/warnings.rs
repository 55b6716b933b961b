//! What the search tells the caller about a query: the parts of it ignored, and the
//! filters on fields no document has, as far as they can still match.

use super::Plan;
use crate::query::filter::FilterSpec;

impl Plan {
    /// Warnings about the query, one line each: the parts of it ignored, then each
    /// metadata filter on a field no document has (`known` says whether any does). A
    /// filter alone, or an `OR` group of them all on such fields, finds nothing; in a
    /// group that holds a field documents have, the warning says which filters can
    /// still match.
    pub fn warnings(&self, known: impl Fn(&str) -> bool) -> Vec<String> {
        let mut warnings = self.ignored.clone();
        for group in &self.filters {
            let (held, missing): (Vec<&FilterSpec>, Vec<&FilterSpec>) =
                group.iter().partition(|f| known(&f.name));
            for f in missing {
                let warning = match held.is_empty() {
                    true => format!("no document has the field `{}`", f.name),
                    false => format!(
                        "no document has the field `{}`: of `{}`, only `{}` can match",
                        f.name,
                        either(group.iter()),
                        either(held.iter().copied())
                    ),
                };
                if !warnings.contains(&warning) {
                    warnings.push(warning);
                }
            }
        }
        warnings
    }
}

/// Filters as typed, joined by `OR`.
fn either<'a>(filters: impl Iterator<Item = &'a FilterSpec>) -> String {
    let typed: Vec<&str> = filters.map(|f| f.typed.as_str()).collect();
    typed.join(" OR ")
}
