//! Where the index lives: `.dsearch` in the cwd, `--index PATH`, `DSEARCH_INDEX`, and
//! queries finding it by walking up from a subdirectory.

use crate::util::{file_name, hit_path, Env, VI_000, VI_001};

fn top_two(hits: &[dsearch::wire::JsonHit]) -> Vec<&str> {
    let mut names: Vec<&str> = hits.iter().take(2).map(file_name).collect();
    names.sort_unstable();
    names
}

#[test]
fn index_option_places_the_index_for_index_and_query() {
    let env = Env::with_corpus();
    let out = env.dsearch(["--index", "elsewhere/idx", "index", "corpus"]);
    out.assert_code(0);
    assert_eq!(out.summary().added, 5);
    assert!(env.path().join("elsewhere/idx").is_dir());
    assert!(
        !env.path().join(".dsearch").exists(),
        "no .dsearch when --index is given"
    );

    // Before or after the subcommand.
    for args in [
        vec![
            "--index",
            "elsewhere/idx",
            "query",
            "--json",
            "khoáng sản xanh",
        ],
        vec![
            "query",
            "--index",
            "elsewhere/idx",
            "--json",
            "khoáng sản xanh",
        ],
    ] {
        let out = env.dsearch(&args);
        out.assert_code(0);
        assert_eq!(top_two(&out.hits()), [VI_000, VI_001], "{args:?}");
    }
    // Without it, there is no index here.
    env.dsearch(["query", "khoáng"]).assert_code(2);
}

#[test]
fn dsearch_index_variable_places_the_index_for_index_and_query() {
    let env = Env::with_corpus();
    let idx = env.path().join("var-idx");
    let idx = idx.to_str().unwrap();
    let out = env.dsearch_env(&[("DSEARCH_INDEX", idx)], ["index", "corpus"]);
    out.assert_code(0);
    assert_eq!(out.summary().added, 5);
    assert!(env.path().join("var-idx").is_dir());
    assert!(
        !env.path().join(".dsearch").exists(),
        "no .dsearch when DSEARCH_INDEX is set"
    );

    let out = env.dsearch_env(
        &[("DSEARCH_INDEX", idx)],
        ["query", "--json", "khoang san xanh"],
    );
    out.assert_code(0);
    assert_eq!(top_two(&out.hits()), [VI_000, VI_001]);
    env.dsearch(["query", "khoang"]).assert_code(2);
}

#[test]
fn query_finds_the_index_from_a_subdirectory() {
    let env = Env::with_corpus();
    env.index_corpus();
    env.mkdir("corpus/deeper/still");
    for cwd in ["corpus", "corpus/deeper/still"] {
        let out = env.dsearch_in(cwd, ["query", "--json", "khoáng sản xanh"]);
        out.assert_code(0);
        assert_eq!(top_two(&out.hits()), [VI_000, VI_001], "from {cwd}");
    }
    // Paths are shown relative to the cwd.
    let out = env.dsearch_in("corpus", ["query", "--json", "khoáng sản xanh"]);
    let mut paths: Vec<String> = out
        .hits()
        .into_iter()
        .take(2)
        .map(|h| hit_path(&h).to_string())
        .collect();
    paths.sort();
    assert_eq!(paths, [VI_000, VI_001]);
    // Below the files, paths climb with `..`.
    let out = env.dsearch_in(
        "corpus/deeper/still",
        ["query", "--json", "khoáng sản xanh"],
    );
    let mut paths: Vec<String> = out
        .hits()
        .into_iter()
        .take(2)
        .map(|h| hit_path(&h).to_string())
        .collect();
    paths.sort();
    assert_eq!(
        paths,
        [format!("../../{VI_000}"), format!("../../{VI_001}")]
    );
}

#[test]
fn paths_are_relative_to_the_cwd() {
    let env = Env::with_corpus();
    env.index_corpus();
    let (hits, _) = env.query_json(&["khoáng sản xanh"]);
    let mut paths: Vec<&str> = hits.iter().take(2).map(hit_path).collect();
    paths.sort_unstable();
    assert_eq!(
        paths,
        [format!("corpus/{VI_000}"), format!("corpus/{VI_001}")]
    );
}
