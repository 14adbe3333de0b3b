"""Hostile model archives (issue 18): each is generated here, never kept as a blob,
and each gives a clear :class:`ModelPackageError` (exit 2 in the CLI), installs
nothing and leaves no staging folder behind."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from polyglot_press.cli import main
from polyglot_press.engines.argos import (
    ArchiveLimits,
    ArgosEngine,
    install_package,
    list_packages,
    validate_archive,
)
from polyglot_press.errors import ModelPackageError

from .conftest import XX_EN

TOP = "translate-xx_en-1_0"


def _members() -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(XX_EN) as zf:
        return [(i.filename, zf.read(i)) for i in zf.infolist() if not i.is_dir()]


def _archive(path: Path, extra: list[tuple[str, bytes]] = (), *,  # type: ignore[assignment]
             rename_top: str | None = None, replace: dict[str, bytes] | None = None) -> Path:
    """The toy xx->en package, plus ``extra`` members, DEFLATE-compressed."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in _members():
            if replace and name.removeprefix(TOP + "/") in replace:
                data = replace[name.removeprefix(TOP + "/")]
            if rename_top:
                name = rename_top + name[len(TOP):]
            zf.writestr(name, data)
        for name, data in extra:
            zf.writestr(name, data)
    return path


def _refused(archive: Path, root: Path, match: str) -> ModelPackageError:
    with pytest.raises(ModelPackageError, match=match) as info:
        install_package(archive, root)
    assert list_packages(root) == []
    assert not root.exists() or list(root.iterdir()) == []  # no staging folder left
    return info.value


def test_the_toy_package_itself_installs(tmp_path: Path) -> None:
    """The generator makes a valid package: the refusals below are for what was added."""
    package = install_package(_archive(tmp_path / "ok.argosmodel"), tmp_path / "pkgs")
    assert package.pair == ("xx", "en")


@pytest.mark.parametrize(
    "extra",
    [
        [(f"{TOP}/x", b"file"), (f"{TOP}/x/y", b"inside")],  # file first
        [(f"{TOP}/x/y", b"inside"), (f"{TOP}/x", b"file")],  # folder first
        [(f"{TOP}/model", b"a file named like the model folder")],
    ],
)
def test_file_and_folder_of_the_same_name(tmp_path: Path, extra: list[tuple[str, bytes]]) -> None:
    archive = _archive(tmp_path / "clash.argosmodel", extra)
    error = _refused(archive, tmp_path / "pkgs", "both a file and a folder")
    assert str(archive) in str(error)


def test_a_name_used_twice(tmp_path: Path) -> None:
    with pytest.warns(UserWarning, match="Duplicate name"):  # zipfile itself warns on writing
        archive = _archive(tmp_path / "twice.argosmodel", [(f"{TOP}/metadata.json", b"{}")])
    _refused(archive, tmp_path / "pkgs", "appears twice")


@pytest.mark.parametrize("name", ["a" * 256, "é" * 128, "ж" * 200])
def test_member_names_over_255_bytes(tmp_path: Path, name: str) -> None:
    assert len(name.encode()) > 255
    archive = _archive(tmp_path / "long.argosmodel", [(f"{TOP}/{name}", b"x")])
    _refused(archive, tmp_path / "pkgs", "over the limit of 255 bytes")


def test_a_whole_member_path_over_the_limit(tmp_path: Path) -> None:
    deep = "/".join(["d" * 200] * 6)
    archive = _archive(tmp_path / "deep.argosmodel", [(f"{TOP}/{deep}/f", b"x")])
    _refused(archive, tmp_path / "pkgs", "longer than 1024 bytes")


def test_a_zip_bomb_is_refused_by_its_ratio(tmp_path: Path) -> None:
    """8 MB of zeros packs to about 8 kB (about 1000:1): refused before anything unpacks,
    though it is far under the size limits."""
    archive = _archive(tmp_path / "bomb.argosmodel", [(f"{TOP}/blob.bin", b"\0" * 8_000_000)])
    with zipfile.ZipFile(archive) as zf:
        info = zf.getinfo(f"{TOP}/blob.bin")
        assert info.file_size / info.compress_size > 900
    error = _refused(archive, tmp_path / "pkgs", "possible zip bomb")
    assert "blob.bin" in str(error)
    # the same archive passes when the ratio limit is raised: the ratio is what refused it
    assert validate_archive(archive, ArchiveLimits(max_ratio=2000)) == TOP


def test_the_ratio_of_the_whole_archive_counts(tmp_path: Path) -> None:
    """Many small members, each under the per-member floor, still add up."""
    extra = [(f"{TOP}/pad/{i}.bin", b"\0" * 900_000) for i in range(16)]
    archive = _archive(tmp_path / "many.argosmodel", extra)
    assert validate_archive(archive, ArchiveLimits(max_ratio=120, ratio_floor_bytes=2**40)) == TOP
    with pytest.raises(ModelPackageError, match="the archive unpacks"):
        validate_archive(archive, ArchiveLimits(max_ratio=120))


def test_a_hidden_top_folder_is_refused(tmp_path: Path) -> None:
    archive = _archive(tmp_path / "hidden.argosmodel", rename_top=".translate-xx_en")
    _refused(archive, tmp_path / "pkgs", "starts with a dot")


def test_corrupt_model_errors_never_name_the_staging_folder(tmp_path: Path) -> None:
    root = tmp_path / "pkgs"
    for member, what in (("sentencepiece.model", "SentencePiece"),
                         ("model/model.bin", "CTranslate2 cannot load")):
        archive = _archive(tmp_path / "corrupt.argosmodel", replace={member: b"garbage" * 20})
        error = str(_refused(archive, root, what))
        assert error.startswith(f"{archive}: {TOP}/")
        assert ".installing-" not in error
        assert str(root) not in error


def test_argos_dir_that_is_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    not_a_dir = tmp_path / "packages.txt"
    not_a_dir.write_text("not a folder")
    with pytest.raises(ModelPackageError, match="is a file, not a folder"):
        install_package(XX_EN, not_a_dir)
    with pytest.raises(ModelPackageError, match="is a file, not a folder"):
        ArgosEngine(packages_dir=not_a_dir)
    assert main(["models", "install", str(XX_EN), "--argos-dir", str(not_a_dir)]) == 2
    assert main(["models", "list", "--argos-dir", str(not_a_dir)]) == 2
    err = capsys.readouterr().err
    assert err.count("is a file, not a folder") == 2
    assert "Traceback" not in err
    assert "FileExistsError" not in err
    assert not_a_dir.read_text() == "not a folder"


def test_cli_hostile_archives_exit_2_without_traceback(tmp_path: Path) -> None:
    cases = {
        "clash": _archive(tmp_path / "clash.argosmodel", [(f"{TOP}/x", b"a"), (f"{TOP}/x/y", b"b")]),
        "long": _archive(tmp_path / "long.argosmodel", [(f"{TOP}/{'n' * 300}", b"x")]),
        "bomb": _archive(tmp_path / "bomb.argosmodel", [(f"{TOP}/z", b"\0" * 4_000_000)]),
    }
    for name, archive in cases.items():
        done = subprocess.run(
            [sys.executable, "-m", "polyglot_press", "models", "install", str(archive),
             "--argos-dir", str(tmp_path / "pkgs")],
            capture_output=True, text=True, timeout=120,
        )
        assert done.returncode == 2, (name, done.stderr)
        assert done.stderr.startswith(f"polyglot-press: error: {archive}: "), done.stderr
        assert "Traceback" not in done.stderr


def test_models_install_help_matches_what_it_accepts(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["models", "install", "--help"]) == 0
    usage = capsys.readouterr().out
    assert "(PATH.argosmodel | FROM TO)" in usage
    assert "[PATH" not in usage
    assert "..." not in usage.split("\n\n")[0]
    assert main(["models", "install", "a.argosmodel", "b.argosmodel", "c.argosmodel"]) == 2
    assert "one PATH.argosmodel or two language codes FROM TO, not 3" in capsys.readouterr().err
