"""Write templates/fonts/coverage.txt from the packaged fonts (run after changing a font)."""

from __future__ import annotations

from kap_consent.glyphs import COVERAGE_FILE, coverage_text, read_fonts_coverage
from kap_consent.resources import packaged_dir


def main() -> None:
    """Read the fonts' character maps and write the ranges they cover."""
    target = packaged_dir() / "fonts" / COVERAGE_FILE
    target.write_text(coverage_text(read_fonts_coverage()), encoding="ascii")
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
