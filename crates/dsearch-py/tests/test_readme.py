"""The README's Python example runs as written, in a folder with `archive/` beside it."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import CORPUS

README = CORPUS.parent / "README.md"


def python_example() -> str:
    section = README.read_text().split("\n## Python\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, re.S)
    assert len(blocks) == 1, "README's Python section has one example"
    return blocks[0]


def test_readme_example_runs(tmp_path: Path):
    shutil.copytree(CORPUS, tmp_path / "archive")
    code = python_example() + "print(repr(report)); print(len(index))\n"
    run = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    # Two corpus articles hold `khoáng sản xanh`; the added document was deleted.
    hits = [line for line in lines if line.startswith(("000_", "001_", "002_", "003_", "004_"))]
    assert [h.split()[0] for h in hits[:2]] == ["000_d0177257eb7f929e.txt", "001_dba647f94a9a5ebf.txt"]
    assert "UpdateReport(added=5, " in lines[-2]
    assert lines[-1] == "5"
