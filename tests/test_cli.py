"""The CLI's contract: list --json, and bad input refused with exit 2 and nothing written."""

from __future__ import annotations

import json

import pytest







def invoke(args):
    """Run the CLI like the console script; returns (exit code, stdout, stderr)."""
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-m", "mathviz.cli", *args], capture_output=True, text=True)
    return proc.returncode, proc.stdout, proc.stderr


def test_list_json_has_the_documented_keys():
    code, out, _ = invoke(["list", "--json"])
    assert code == 0
    rows = json.loads(out)
    ids = [row["id"] for row in rows]
    assert "limit-of-secants" in ids
    for row in rows:
        assert {"id", "title", "chapter", "params", "file", "class"} <= set(row)
        assert row["file"].startswith("scenes/") and row["file"].endswith(".py")
    secants = rows[ids.index("limit-of-secants")]
    assert secants["params"] == {"f": "x^3/6 - x + 2", "x0": "1", "h0": "2"}
    assert secants["class"] == "LimitOfSecants"
    assert secants["file"] == "scenes/calculus/limit_of_secants.py"


def test_list_plain_mentions_every_scene():
    code, out, _ = invoke(["list"])
    assert code == 0 and "limit-of-secants" in out


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["render", "limit-of-secant"], "did you mean 'limit-of-secants'"),
        (["render", "limit-of-secants", "-p", "x1=2"], "unknown parameter 'x1'"),
        (["render", "limit-of-secants", "-p", "x0=abc"], "is not a number"),
        (["render", "limit-of-secants", "-p", "x0=nan"], "finite"),
        (["render", "limit-of-secants", "-p", "x0=inf"], "finite"),
        (["render", "svd", "-p", "matrix=[[1, nan], [0, 1]]"], "finite"),
        (["render", "basis-change", "-p", "v=[inf, 1]"], "finite"),
        (["render", "limit-of-secants", "-p", "h0=0"], "h0"),
        (["render", "limit-of-secants", "-p", "f=__import__('os').system('touch pwned')"], "invalid expression"),
        (["render", "limit-of-secants", "-p", "f=x.__class__"], "unexpected character '.'"),
        (["render", "limit-of-secants", "-p", "f=9^9^9^9"], "not finite"),
        (["render", "limit-of-secants", "-p", "f=log(x)", "-p", "x0=-1"], "not finite"),
        (["render", "limit-of-secants", "-p", "nonsense"], "NAME=VALUE"),
        (["render", "limit-of-secants", "-q", "ultra"], "ultra"),
        (["render", "limit-of-secants", "--format", "avi"], "avi"),
        (["render"], "at least one scene"),
        (["render", "limit-of-secants", "--all"], "not both"),
        (["render", "limit-of-secants", "--format", "mp4", "--transparent"], "transparent"),
    ],
)
def test_bad_input_exits_2_with_one_line_and_writes_nothing(tmp_path, args, fragment):
    out = tmp_path / "out"
    code, stdout, stderr = invoke([*args, "-o", str(out)])
    assert code == 2, stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert fragment in lines[0]
    assert "Traceback" not in stderr
    assert not out.exists()
    assert not (tmp_path / "pwned").exists()


def test_help_lists_commands():
    code, out, _ = invoke(["--help"])
    assert code == 0
    for command in ("list", "render", "doctor"):
        assert command in out
