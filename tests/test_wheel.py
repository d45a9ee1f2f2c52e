"""The packaged templates reach users who install the wheel, not only a source checkout."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow  # builds a wheel and installs it into a fresh environment


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return next(dist.glob("kap_consent-*.whl"))


def test_wheel_contains_templates_and_registry(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "kap_consent/templates/documents/KAP-IC.yaml" in names
    assert "kap_consent/templates/layout/document.html.j2" in names
    assert "kap_consent/templates/fonts/DejaVuSans.ttf" in names
    assert "kap_consent/templates/fonts/DroidSansFallback.ttf" in names
    assert "kap_consent/templates/fonts/LICENSE-DroidSansFallback.txt" in names
    assert "kap_consent/examples/practice.yaml" in names
    assert "kap_consent/render/fonts.conf" in names
    assert "kap_consent/templates/facts.yaml" in names
    assert "kap_consent/disclosures/KAP-MED.yaml" in names
    assert "kap_consent/py.typed" in names
    assert "kap_consent/answers/documents.sha256" in names


def test_installed_wheel_renders(wheel: Path, tmp_path: Path) -> None:
    """Install the wheel alone in a new venv (dependencies borrowed from this one) and render."""
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    site = Path(
        subprocess.check_output(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            text=True,
        ).strip()
    )
    # Dependencies come from the test environment; its own editable kap_consent does not,
    # because .pth files inside a path added this way are not processed.
    (site / "borrowed_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", str(wheel)],
        check=True,
    )
    located = subprocess.check_output(
        [str(python), "-c", "import kap_consent; print(kap_consent.__file__)"],
        cwd=tmp_path,
        text=True,
    )
    assert located.startswith(str(site))
    out = tmp_path / "out"
    result = subprocess.run(
        [
            str(env_dir / "bin" / "kap-consent"),
            "render",
            "--practice",
            str(ROOT / "examples" / "practice.yaml"),
            "--client",
            str(ROOT / "examples" / "clients.yaml"),
            "--out",
            str(out),
            "--documents",
            "KAP-MED",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": ""},
    )
    assert result.returncode == 0, result.stderr
    for client in ("CP-0001", "CP-0002", "CP-0003"):
        assert (out / client / "02-medication-disclosure.pdf").stat().st_size > 10_000
        assert (out / client / "02-medication-disclosure.docx").stat().st_size > 10_000
    # The installed wording files are the ones the stored document list was made from.
    stored = subprocess.run(
        [
            str(python),
            "-c",
            "from kap_consent.quick import quick_answer as q, stored_answer as s; "
            "print(q(['documents'], 'kap-consent', 80) == s('documents.txt'))",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert stored.stdout == "True\n"
