"""The one writer: safe packet folders, owner-only permissions, all-or-nothing packets."""

from __future__ import annotations

import errno
import stat
from pathlib import Path

import pytest

from kap_consent import output
from kap_consent.errors import OutputError
from kap_consent.output import (
    check_out_dir,
    name_packet_files,
    packet_dir,
    write_file,
    write_packet,
)

FILES = {"01-informed-consent.pdf": b"%PDF-1 one", "packet.pdf": b"%PDF-1 all"}


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_packet_files_named_by_stem_and_format_then_the_packet() -> None:
    documents = [("01-informed-consent", b"pdf 1", b"docx 1"), ("02-medication", None, b"docx 2")]
    files = name_packet_files(documents, b"all")
    assert files == {
        "01-informed-consent.pdf": b"pdf 1",
        "01-informed-consent.docx": b"docx 1",
        "02-medication.docx": b"docx 2",
        "packet.pdf": b"all",
    }
    assert list(name_packet_files(documents[1:], None)) == ["02-medication.docx"]


def test_packet_dir_inside_out_dir(tmp_path: Path) -> None:
    assert packet_dir(tmp_path, "CP-0001") == tmp_path / "CP-0001"


@pytest.mark.parametrize("client_id", ["../x", "/abs", "a/b", "..", ".", "", "a b", "CON"])
def test_packet_dir_refuses_unsafe_ids(tmp_path: Path, client_id: str) -> None:
    with pytest.raises(OutputError) as info:
        packet_dir(tmp_path, client_id)
    assert str(info.value) == f"client id {client_id!r} is not safe as a folder name"


def test_packet_dir_refuses_a_symlink_out(tmp_path: Path) -> None:
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    (out / "CP-0001").symlink_to(elsewhere)
    with pytest.raises(OutputError) as info:
        packet_dir(out, "CP-0001")
    assert str(info.value) == f"client id 'CP-0001' would write outside {out}"


def test_check_out_dir_accepts_a_new_folder_without_creating_it(tmp_path: Path) -> None:
    check_out_dir(tmp_path / "a" / "b")
    assert list(tmp_path.iterdir()) == []


def test_check_out_dir_refuses_a_file(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.write_text("not a folder")
    with pytest.raises(OutputError) as info:
        check_out_dir(out)
    assert str(info.value) == f"{out}: exists and is not a folder; choose another --out"


def test_check_out_dir_refuses_a_parent_that_cannot_hold_folders(tmp_path: Path) -> None:
    # A path under a regular file can never be created, even by root (who ignores chmod).
    (tmp_path / "file.txt").write_text("x")
    out = tmp_path / "file.txt" / "sub"
    with pytest.raises(OutputError) as info:
        check_out_dir(out)
    assert str(info.value) == f"{out}: cannot write there (no permission); choose another --out"


def test_write_packet_owner_only(tmp_path: Path) -> None:
    target = write_packet(tmp_path, "CP-0001", FILES, force=False)
    assert target == tmp_path / "CP-0001"
    assert mode(target) == 0o700
    assert {p.name: p.read_bytes() for p in target.iterdir()} == FILES
    assert {mode(p) for p in target.iterdir()} == {0o600}
    assert list(tmp_path.iterdir()) == [target]


def test_write_packet_refuses_existing_without_force(tmp_path: Path) -> None:
    target = tmp_path / "CP-0001"
    target.mkdir()
    (target / "keep.pdf").write_bytes(b"old")
    with pytest.raises(OutputError) as info:
        write_packet(tmp_path, "CP-0001", FILES, force=False)
    assert str(info.value) == f"{target}: already exists; use --force to replace it"
    assert [p.name for p in target.iterdir()] == ["keep.pdf"]
    assert list(tmp_path.iterdir()) == [target]


def test_write_packet_force_replaces_only_its_own_files(tmp_path: Path) -> None:
    write_packet(tmp_path, "CP-0001", {"old.pdf": b"old", "packet.pdf": b"x"}, force=False)
    target = write_packet(tmp_path, "CP-0001", FILES, force=True)
    assert {p.name: p.read_bytes() for p in target.iterdir()} == {"old.pdf": b"old", **FILES}
    assert list(tmp_path.iterdir()) == [target]  # no .partial or .old folder left


def test_write_packet_force_removes_stale_files_it_names(tmp_path: Path) -> None:
    write_packet(tmp_path, "CP-0001", {"04-support.pdf": b"old", "packet.pdf": b"x"}, force=False)
    target = write_packet(tmp_path, "CP-0001", FILES, force=True, stale=["04-support.pdf"])
    assert {p.name: p.read_bytes() for p in target.iterdir()} == FILES


def test_failure_mid_write_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    written: list[str] = []
    real_write = output._write_file

    def write_then_fail(path: Path, data: bytes) -> None:
        if written:
            raise OSError(errno.ENOSPC, "No space left on device")
        written.append(path.name)
        real_write(path, data)

    monkeypatch.setattr(output, "_write_file", write_then_fail)
    with pytest.raises(OutputError) as info:
        write_packet(tmp_path, "CP-0001", FILES, force=False)
    assert str(info.value) == (
        f"{tmp_path / 'CP-0001'}: could not write the packet (No space left on device); "
        "this client's folder was not changed"
    )
    assert written == ["01-informed-consent.pdf"]
    assert list(tmp_path.iterdir()) == []


def test_failure_while_replacing_keeps_the_old_packet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = write_packet(tmp_path, "CP-0001", {"old.pdf": b"old"}, force=False)
    real_rename = Path.rename

    def rename(self: Path, to: Path) -> Path:
        if self.name.endswith(".partial"):
            raise OSError(errno.EXDEV, "Invalid cross-device link")
        return real_rename(self, to)

    monkeypatch.setattr(Path, "rename", rename)
    with pytest.raises(OutputError) as info:
        write_packet(tmp_path, "CP-0001", FILES, force=True)
    assert str(info.value) == (
        f"{target}: could not write the packet (Invalid cross-device link); this client's "
        "folder was not changed"
    )
    assert {p.name: p.read_bytes() for p in target.iterdir()} == {"old.pdf": b"old"}
    assert list(tmp_path.iterdir()) == [target]


def test_write_packet_refuses_file_names_with_a_path(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(OutputError):
        write_packet(out, "CP-0001", {"../escape.pdf": b"x"}, force=False)
    assert list(out.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_write_packet_refuses_hidden_file_names_and_cleans_up(tmp_path: Path) -> None:
    with pytest.raises(OutputError) as info:
        write_packet(tmp_path, "CP-0001", {".hidden.pdf": b"x"}, force=False)
    assert str(info.value) == "refusing unsafe file name '.hidden.pdf'"
    assert list(tmp_path.iterdir()) == []


def test_interrupted_write_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupt(path: Path, data: bytes) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(output, "_write_file", interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_packet(tmp_path, "CP-0001", FILES, force=False)
    assert list(tmp_path.iterdir()) == []


def test_write_file_is_atomic_and_owner_only(tmp_path: Path) -> None:
    path = write_file(tmp_path / "roster.csv", b"id\r\n")
    assert path.read_bytes() == b"id\r\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    with pytest.raises(OutputError) as info:
        write_file(path, b"other")
    assert str(info.value) == f"{path}: already exists; use --force to replace it"
    write_file(path, b"new", force=True)
    assert path.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["roster.csv"]
