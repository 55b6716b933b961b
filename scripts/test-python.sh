#!/usr/bin/env bash
# Tests the Python package: builds its abi3 wheel with maturin in the workspace's
# target/ and release profile (so after `cargo test --workspace --release` only the
# extension itself is compiled), installs it in a virtualenv under target/, and runs
# the pytest tests in crates/dsearch-py/tests. Exits non-zero when anything fails.
#
# PYTHON chooses the interpreter the virtualenv is made from (default: python3, 3.9 or
# newer). maturin and pytest come from PyPI the first time.
set -euo pipefail
cd "$(dirname "$0")/.."

python=${PYTHON:-python3}
venv=target/python-venv
wheels=target/wheels
export PYTHONDONTWRITEBYTECODE=1

echo "== python: virtualenv $venv"
if [ ! -x "$venv/bin/python" ]; then
    "$python" -m venv "$venv"
fi
if [ ! -x "$venv/bin/maturin" ] || ! "$venv/bin/python" -c "import pytest" 2>/dev/null; then
    "$venv/bin/python" -m pip install --quiet "maturin>=1.9,<2" pytest
fi

echo "== python: wheel"
rm -f "$wheels"/dsearch-*.whl
"$venv/bin/maturin" build --release --manifest-path crates/dsearch-py/Cargo.toml \
    --interpreter "$venv/bin/python" --out "$wheels"
"$venv/bin/python" -m pip install --quiet --force-reinstall --no-deps "$wheels"/dsearch-*.whl

echo "== python: tests"
"$venv/bin/python" -m pytest -p no:cacheprovider crates/dsearch-py/tests "$@"
