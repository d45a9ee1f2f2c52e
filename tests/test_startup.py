"""The quick commands load no rendering engine (timings live in tools/bench_render.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ENGINES = ("weasyprint", "docxtpl", "docx", "pypdf", "pikepdf", "openpyxl", "textstat")
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

PROBE = """
import json, sys
from kap_consent.cli import app
try:
    app(sys.argv[1:])
except SystemExit:
    pass
print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {engines})), file=sys.stderr)
"""


VALIDATE = ["validate", "--practice", str(EXAMPLES / "practice.yaml"), "--client",
            str(EXAMPLES / "clients.yaml")]  # fmt: skip


def _loaded(args: list[str], packages: set[str]) -> list[str]:
    """Run the CLI with `args` in a fresh interpreter; return which of `packages` it imported."""
    result = subprocess.run(
        [sys.executable, "-c", PROBE.replace("{engines}", repr(packages)), *args],
        capture_output=True,
        text=True,
        check=False,
    )
    loaded: list[str] = json.loads(result.stderr.strip().splitlines()[-1])
    return loaded


@pytest.mark.parametrize(
    "args", [["--help"], ["--version"], ["documents"], ["schema", "client"], VALIDATE]
)
def test_quick_commands_import_no_rendering_engine(args: list[str]) -> None:
    loaded = _loaded(args, set(ENGINES))
    assert loaded == [], loaded


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["schema", "client"], VALIDATE])
def test_plain_commands_skip_rich_jinja_and_font_parsing(args: list[str]) -> None:
    """Rich is for tables, Jinja for wording, fontTools for fonts: none is needed to check data."""
    loaded = _loaded(args, {"rich", "jinja2", "fontTools"})
    assert loaded == [], loaded


def test_listing_documents_reads_wording_without_jinja() -> None:
    """The wording files are plain data: only rendering clause text needs the template engine."""
    loaded = _loaded(["documents"], {"jinja2", "fontTools"})
    assert loaded == [], loaded


def test_yaml_input_loads_no_toml_parser() -> None:
    """tomllib costs nearly two Python starts to import; only TOML files need it."""
    assert _loaded(VALIDATE, {"tomllib"}) == []


CONSOLE = """
import json, sys
sys.argv = ["kap-consent", *sys.argv[1:]]
from kap_consent.quick import main
main()
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def _console(args: list[str]) -> tuple[str, set[str]]:
    """Run the console script's entry with `args`; return what it printed and the modules it
    loaded."""
    result = subprocess.run(
        [sys.executable, "-c", CONSOLE, *args],
        capture_output=True,
        text=True,
        check=True,
        env={"COLUMNS": "80"},
    )
    return result.stdout, set(json.loads(result.stderr.strip().splitlines()[-1]))


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["schema", "client"]])
def test_help_version_and_schema_load_no_command_framework(args: list[str]) -> None:
    """The console script answers these alone: no Typer, pydantic, typing or metadata scan."""
    stdout, modules = _console(args)
    heavy = {"typer", "click", "pydantic", "pydantic_core", "typing", "yaml", *ENGINES}
    assert {m.split(".")[0] for m in modules} & heavy == set()
    assert "importlib.metadata" not in modules
    starts = {"--help": "Usage: kap-consent", "--version": "kap-consent ", "schema": "{"}
    assert stdout.startswith(starts[args[0]])


@pytest.mark.parametrize("args", [["documents"], ["documents", "--json"]])
def test_document_lists_load_no_command_framework_or_parser(args: list[str]) -> None:
    """The packaged document list is printed from its stored copy: no Typer, pydantic, YAML."""
    stdout, modules = _console(args)
    heavy = {"typer", "click", "pydantic", "pydantic_core", "yaml", "rich", "jinja2", *ENGINES}
    assert {m.split(".")[0] for m in modules} & heavy == set()
    assert "importlib.metadata" not in modules
    assert stdout.startswith("[" if "--json" in args else "10 documents")


def test_package_import_is_lazy() -> None:
    probe = "import sys, kap_consent; print(sorted(m for m in sys.modules if 'kap_consent' in m))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['kap_consent']"
    import kap_consent

    assert kap_consent.generate_packets.__module__ == "kap_consent.generate"
    assert kap_consent.__version__


def test_every_public_name_resolves() -> None:
    import kap_consent

    for name in kap_consent.__all__:
        assert getattr(kap_consent, name) is not None, name
