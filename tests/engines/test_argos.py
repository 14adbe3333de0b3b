"""The argos engine on the built toy packages: exact output, pivoting, installing, limits."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from polyglot_press.engines.argos import (
    ArchiveLimits,
    ArgosConfig,
    ArgosEngine,
    default_packages_dir,
    install_from_index,
    install_package,
    list_packages,
    validate_archive,
)
from polyglot_press.errors import (
    EngineError,
    LanguagePairError,
    ModelPackageError,
    OfflineError,
)

from .conftest import EN_YY, EN_ZZ, XX_EN


@pytest.fixture(scope="module")
def engine(argos_packages_dir: Path) -> ArgosEngine:
    return ArgosEngine(packages_dir=argos_packages_dir)


# -- translation ---------------------------------------------------------------


def test_toy_models_translate_word_by_word(engine: ArgosEngine) -> None:
    assert engine.translate_batch(["eht tac sees a god."], "xx", "en") == ["the cat sees a dog."]
    assert engine.translate_batch(["the cat sees a dog."], "en", "yy") == ["THE CAT SEES A DOG."]


def test_unknown_words_and_names_are_copied(engine: ArgosEngine) -> None:
    out = engine.translate_batch(["Tokayev reads ZXQ1 and Жомарт today."], "en", "yy")
    assert out == ["Tokayev READS ZXQ1 AND Жомарт TODAY."]


def test_pivots_through_english(engine: ArgosEngine) -> None:
    assert ("xx", "yy") not in engine.direct_pairs()
    assert ("xx", "yy") in engine.pairs()
    out = engine.translate_batch(["eht tnediserp sdaer a wen koob yadot."], "xx", "yy")
    assert out == ["THE PRESIDENT READS A NEW BOOK TODAY."]
    assert engine.identity_for("xx", "yy") == "argos[xx-en@1.0+en-yy@1.0]"
    assert engine.identity_for("en", "yy") == "argos[en-yy@1.0]"
    assert engine.identity == "argos[en-yy@1.0,xx-en@1.0]"


def test_n_best_gives_alternatives_best_first(engine: ArgosEngine) -> None:
    (hyps,) = engine.translate_batch(["eht tac"], "xx", "en", n_best=3)
    assert hyps[0] == "the cat"
    assert len(hyps) == 3
    assert len(set(hyps)) == 3


def test_regional_and_case_variants_resolve(engine: ArgosEngine) -> None:
    assert engine.translate_batch(["the dog"], "EN", "yy") == ["THE DOG"]
    assert engine.resolve_pair("en_GB", "yy") == ("en", "yy")


def test_missing_pair_says_how_to_add(engine: ArgosEngine) -> None:
    with pytest.raises(LanguagePairError) as info:
        engine.translate_batch(["hello"], "de", "fr")
    message = str(info.value)
    assert "installed pairs: en->yy, xx->en, xx->yy" in message
    assert "polyglot-press models install de fr" in message


def test_config_options_are_used(argos_packages_dir: Path) -> None:
    for options in (
        {"beam_size": 1, "threads": 1},
        {"compute_type": "int8", "max_batch_size": 2},
        {"compute_type": "float32", "inter_threads": 2},
    ):
        engine = ArgosEngine(packages_dir=argos_packages_dir, **options)
        out = engine.translate_batch(["the cat", "a dog", "the city"], "en", "yy")
        assert out == ["THE CAT", "A DOG", "THE CITY"]
    with pytest.raises(ValueError, match="beam_size"):
        ArgosEngine(beam_size=0)
    with pytest.raises(TypeError, match="beams"):
        ArgosEngine(beams=2)
    bad = ArgosEngine(packages_dir=argos_packages_dir, compute_type="no-such-type")
    with pytest.raises(EngineError, match="CTranslate2 cannot load"):
        bad.translate_batch(["the cat"], "en", "yy")
    assert ArgosEngine(ArgosConfig(beam_size=2)).config.beam_size == 2


def test_model_loaded_once_under_threads(argos_packages_dir: Path) -> None:
    engine = ArgosEngine(packages_dir=argos_packages_dir)
    assert engine.loaded_pairs() == []
    barrier = threading.Barrier(8)

    def work(_: int) -> int:
        barrier.wait()
        engine.translate_batch(["the cat"], "en", "yy")
        return id(engine._model(("en", "yy")).translator)

    with ThreadPoolExecutor(8) as pool:
        ids = set(pool.map(work, range(8)))
    assert len(ids) == 1
    assert engine.loaded_pairs() == [("en", "yy")]


def test_default_packages_dir_follows_argos_rules(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "env"))
    assert default_packages_dir() == tmp_path / "env"
    monkeypatch.delenv("ARGOS_PACKAGES_DIR")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    settings = tmp_path / "config" / "argos-translate" / "settings.json"
    settings.parent.mkdir(parents=True)
    settings.write_text(json.dumps({"ARGOS_PACKAGES_DIR": str(tmp_path / "json")}))
    assert default_packages_dir() == tmp_path / "json"
    settings.unlink()
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert default_packages_dir() == tmp_path / "data" / "argos-translate" / "packages"
    ArgosEngine().pairs()
    assert not (tmp_path / "data").exists()  # reading creates nothing


# -- installing ------------------------------------------------------------------


def _members(archive: Path) -> list[tuple[zipfile.ZipInfo, bytes]]:
    with zipfile.ZipFile(archive) as zf:
        return [(info, zf.read(info)) for info in zf.infolist()]


def _write(path: Path, members: list[tuple[zipfile.ZipInfo | str, bytes]]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for info, data in members:
            zf.writestr(info, data)
    return path


def test_install_lists_and_replaces(tmp_path: Path) -> None:
    root = tmp_path / "pkgs"
    package = install_package(XX_EN, root)
    assert package.pair == ("xx", "en")
    assert package.version == "1.0"
    assert [p.name for p in list_packages(root)] == ["translate-xx_en-1_0"]
    again = install_package(XX_EN, root)  # reinstalling replaces in place
    assert again.path == package.path
    assert sorted(p.name for p in root.iterdir()) == ["translate-xx_en-1_0"]
    engine = ArgosEngine(packages_dir=root)
    engine.install(EN_YY)
    assert engine.direct_pairs() == [("en", "yy"), ("xx", "en")]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("translate-xx_en-1_0/../../evil.txt", "escapes the folder"),
        ("/etc/evil.txt", "absolute path"),
        ("C:/evil.txt", "absolute path"),
        ("translate-xx_en-1_0\\..\\evil.txt", "absolute path"),
    ],
)
def test_rejects_path_escapes(tmp_path: Path, name: str, message: str) -> None:
    bad = _write(tmp_path / "bad.argosmodel", [*_members(XX_EN), (name, b"x")])
    with pytest.raises(ModelPackageError, match=message):
        install_package(bad, tmp_path / "pkgs")
    assert not (tmp_path / "evil.txt").exists()
    assert not (tmp_path / "pkgs").exists()


def test_rejects_symlinks_and_devices(tmp_path: Path) -> None:
    link = zipfile.ZipInfo("translate-xx_en-1_0/model/link")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    bad = _write(tmp_path / "bad.argosmodel", [*_members(XX_EN), (link, b"/etc/passwd")])
    with pytest.raises(ModelPackageError, match="symbolic link"):
        install_package(bad, tmp_path / "pkgs")
    fifo = zipfile.ZipInfo("translate-xx_en-1_0/model/fifo")
    fifo.external_attr = (stat.S_IFIFO | 0o644) << 16
    bad = _write(tmp_path / "bad.argosmodel", [*_members(XX_EN), (fifo, b"")])
    with pytest.raises(ModelPackageError, match="not a regular file"):
        install_package(bad, tmp_path / "pkgs")


def test_rejects_huge_members_and_totals(tmp_path: Path) -> None:
    big = _write(
        tmp_path / "big.argosmodel",
        [*_members(XX_EN), ("translate-xx_en-1_0/blob.bin", b"\0" * 50_000)],
    )
    with pytest.raises(ModelPackageError, match="over the limit of 40000"):
        validate_archive(big, ArchiveLimits(max_member_bytes=40_000))
    with pytest.raises(ModelPackageError, match="unpacks to more than"):
        validate_archive(big, ArchiveLimits(max_total_bytes=100_000))
    with pytest.raises(ModelPackageError, match="members, more than the limit"):
        validate_archive(big, ArchiveLimits(max_members=3))
    with pytest.raises(ModelPackageError, match="over the limit"):
        install_package(big, tmp_path / "pkgs", limits=ArchiveLimits(max_member_bytes=40_000))
    assert list_packages(tmp_path / "pkgs") == []


def test_rejects_other_bad_archives(tmp_path: Path) -> None:
    not_zip = tmp_path / "x.argosmodel"
    not_zip.write_bytes(b"this is not a zip")
    with pytest.raises(ModelPackageError, match="not a zip archive"):
        install_package(not_zip, tmp_path / "pkgs")
    with pytest.raises(ModelPackageError, match="no such file"):
        install_package(tmp_path / "missing.argosmodel", tmp_path / "pkgs")
    two_tops = _write(tmp_path / "two.argosmodel", [*_members(XX_EN), ("other/file", b"x")])
    with pytest.raises(ModelPackageError, match="exactly one top folder"):
        install_package(two_tops, tmp_path / "pkgs")
    no_meta = _write(
        tmp_path / "nometa.argosmodel",
        [(i, d) for i, d in _members(XX_EN) if not i.filename.endswith("metadata.json")],
    )
    with pytest.raises(ModelPackageError, match=r"no translate-xx_en-1_0/metadata\.json"):
        install_package(no_meta, tmp_path / "pkgs")
    no_model = _write(
        tmp_path / "nomodel.argosmodel",
        [(i, d) for i, d in _members(XX_EN) if "model.bin" not in i.filename],
    )
    with pytest.raises(ModelPackageError, match="no CTranslate2 model"):
        install_package(no_model, tmp_path / "pkgs")
    assert list_packages(tmp_path / "pkgs") == []
    assert [p.name for p in (tmp_path / "pkgs").iterdir()] == []  # no staging left behind


def test_broken_installed_package_is_skipped_with_warning(tmp_path: Path) -> None:
    root = tmp_path / "pkgs"
    install_package(XX_EN, root)
    broken = root / "broken"
    broken.mkdir()
    (broken / "metadata.json").write_text("{not json")
    with pytest.warns(UserWarning, match="skipping argos package"):
        packages = list_packages(root)
    assert [p.pair for p in packages] == [("xx", "en")]


def test_index_install_offline_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(OfflineError, match="offline") as info:
        install_from_index(
            "en", "de", tmp_path / "pkgs", index_url="http://127.0.0.1:9/index.json", timeout=5
        )
    assert "models install PATH" in str(info.value)
    assert isinstance(info.value, ConnectionError)


def test_index_install_downloads_and_validates(tmp_path: Path) -> None:
    index = tmp_path / "index.json"
    index.write_text(json.dumps([
        {"from_code": "en", "to_code": "yy", "package_version": "1.0",
         "links": [EN_YY.as_uri()]},
    ]))
    package = install_from_index("en", "yy", tmp_path / "pkgs", index_url=index.as_uri())
    assert package.pair == ("en", "yy")
    with pytest.raises(ModelPackageError, match="has no en->de package"):
        install_from_index("en", "de", tmp_path / "pkgs", index_url=index.as_uri())


def test_argostranslate_itself_installs_the_toy_package(tmp_path: Path) -> None:
    """Our archives are real argos packages: argostranslate's own installer takes them.

    argostranslate reads its folders from the environment when imported, so it
    runs in a child process whose folders all point into ``tmp_path``.
    """
    env = dict(os.environ)
    for var, sub in (
        ("ARGOS_PACKAGES_DIR", "packages"), ("XDG_DATA_HOME", "data"),
        ("XDG_CONFIG_HOME", "config"), ("XDG_CACHE_HOME", "cache"), ("HOME", "home"),
    ):
        env[var] = str(tmp_path / sub)
    code = (
        "import sys, argostranslate.package as p\n"
        "p.install_from_path(sys.argv[1])\n"
        "print([(k.from_code, k.to_code, k.package_version) for k in p.get_installed_packages()])"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, str(EN_YY)], env=env, capture_output=True, text=True,
        check=False, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[('en', 'yy', '1.0')]"
    # and our engine reads what argostranslate installed
    engine = ArgosEngine(packages_dir=tmp_path / "packages")
    assert engine.translate_batch(["the cat"], "en", "yy") == ["THE CAT"]


# -- unreadable archives and broken contents (found by the audit) ----------------


def _stored(path: Path, members: list[tuple[zipfile.ZipInfo | str, bytes]]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as zf:
        for info, data in members:
            if isinstance(info, zipfile.ZipInfo):
                info.compress_type = zipfile.ZIP_STORED
            zf.writestr(info, data)
    return path


def test_corrupted_member_names_archive_and_member(tmp_path: Path) -> None:
    payload = b"polyglot-press payload " * 40
    bad = _stored(tmp_path / "crc.argosmodel",
                  [*_members(XX_EN), ("translate-xx_en-1_0/notes.txt", payload)])
    raw = bytearray(bad.read_bytes())
    at = raw.index(payload) + 100
    raw[at] ^= 0xFF  # one flipped byte inside the stored data: the CRC no longer matches
    bad.write_bytes(bytes(raw))
    with pytest.raises(ModelPackageError) as info:
        install_package(bad, tmp_path / "pkgs")
    message = str(info.value)
    assert str(bad) in message
    assert "translate-xx_en-1_0/notes.txt" in message
    assert "CRC" in message
    assert list_packages(tmp_path / "pkgs") == []
    assert list((tmp_path / "pkgs").iterdir()) == []


def test_encrypted_member_names_archive_and_member(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    with zipfile.ZipFile(XX_EN) as zf:
        zf.extractall(tree)
    bad = tmp_path / "enc.argosmodel"
    subprocess.run(["zip", "-q", "-r", "-P", "secret", str(bad), "translate-xx_en-1_0"],
                   cwd=tree, check=True)
    with pytest.raises(ModelPackageError, match=r"enc\.argosmodel: member .* is encrypted"):
        install_package(bad, tmp_path / "pkgs")
    # reading it past validation (zipfile's RuntimeError) is caught as well
    from polyglot_press.engines.argos_packages import _extract

    with pytest.raises(ModelPackageError, match=r"enc\.argosmodel: member .*cannot be read"):
        _extract(bad, tmp_path / "out", ArchiveLimits())


def _replaced(tmp_path: Path, name: str, member: str, data: bytes) -> Path:
    members = [(i, data if i.filename.endswith(member) else d) for i, d in _members(XX_EN)]
    return _write(tmp_path / name, members)


def test_garbage_tokenizer_or_model_fails_at_install(tmp_path: Path) -> None:
    bad_sp = _replaced(tmp_path, "sp.argosmodel", "sentencepiece.model", b"garbage" * 20)
    with pytest.raises(ModelPackageError) as info:
        install_package(bad_sp, tmp_path / "pkgs")
    assert str(bad_sp) in str(info.value)
    assert "SentencePiece" in str(info.value)
    bad_bin = _replaced(tmp_path, "bin.argosmodel", "model/model.bin", b"garbage" * 20)
    with pytest.raises(ModelPackageError, match=r"bin\.argosmodel.*CTranslate2 cannot load"):
        install_package(bad_bin, tmp_path / "pkgs")
    assert list_packages(tmp_path / "pkgs") == []
    assert list((tmp_path / "pkgs").iterdir()) == []


def test_tokenizer_broken_after_install_is_an_engine_error(tmp_path: Path) -> None:
    package = install_package(EN_YY, tmp_path / "pkgs")
    (package.path / "sentencepiece.model").write_bytes(b"garbage" * 20)
    engine = ArgosEngine(packages_dir=tmp_path / "pkgs")
    with pytest.raises(EngineError) as info:
        engine.translate_batch(["the cat"], "en", "yy")
    assert str(package.path / "sentencepiece.model") in str(info.value)
    assert "reinstall" in str(info.value)


@pytest.mark.parametrize("code", ["../../x", "", "e n", "en/../de", "x" * 20])
def test_metadata_language_codes_are_checked(tmp_path: Path, code: str) -> None:
    members = []
    for info, data in _members(XX_EN):
        if info.filename.endswith("metadata.json"):
            meta = json.loads(data)
            meta["from_code"] = code
            data = json.dumps(meta).encode()
        members.append((info, data))
    bad = _write(tmp_path / "codes.argosmodel", members)
    with pytest.raises(ModelPackageError) as info:
        install_package(bad, tmp_path / "pkgs")
    message = str(info.value)
    assert message.startswith(f"{bad} (translate-xx_en-1_0/)/metadata.json")
    assert ".installing-" not in message
    assert list((tmp_path / "pkgs").iterdir()) == []


def test_bad_metadata_names_the_archive(tmp_path: Path) -> None:
    bad = _replaced(tmp_path, "meta.argosmodel", "metadata.json", b"{not json")
    with pytest.raises(ModelPackageError) as info:
        install_package(bad, tmp_path / "pkgs")
    assert str(info.value).startswith(f"{bad} (translate-xx_en-1_0/)/metadata.json: unreadable")
    assert ".installing-" not in str(info.value)


def test_index_picks_newest_version_numerically(tmp_path: Path) -> None:
    index = tmp_path / "index.json"
    index.write_text(json.dumps([
        {"from_code": "en", "to_code": "yy", "package_version": "1.9",
         "links": [(tmp_path / "missing-1.9.argosmodel").as_uri()]},
        {"from_code": "en", "to_code": "yy", "package_version": "1.10",
         "links": [EN_YY.as_uri()]},
    ]))
    # string comparison would pick 1.9, whose link does not exist (an OfflineError)
    package = install_from_index("en", "yy", tmp_path / "pkgs", index_url=index.as_uri())
    assert package.pair == ("en", "yy")


def test_index_download_is_capped_and_pair_checked(tmp_path: Path) -> None:
    index = tmp_path / "index.json"
    index.write_text(json.dumps([
        {"from_code": "en", "to_code": "yy", "package_version": "1.0",
         "links": [EN_YY.as_uri()]},
        {"from_code": "en", "to_code": "de", "package_version": "1.0",
         "links": [EN_YY.as_uri()]},  # the index lies: this archive is en->yy
    ]))
    with pytest.raises(ModelPackageError, match="limit of 10000"):
        install_from_index("en", "yy", tmp_path / "pkgs", index_url=index.as_uri(),
                           limits=ArchiveLimits(max_total_bytes=10_000))
    with pytest.raises(ModelPackageError, match=r"over the download limit|passed the limit"):
        install_from_index("en", "yy", tmp_path / "pkgs", index_url=index.as_uri(),
                           max_index_bytes=50)
    with pytest.raises(ModelPackageError, match="translates en->yy, not the en->de"):
        install_from_index("en", "de", tmp_path / "pkgs", index_url=index.as_uri())
    assert list_packages(tmp_path / "pkgs") == []


def test_newest_installed_version_wins_numerically(tmp_path: Path) -> None:
    root = tmp_path / "pkgs"
    for version, folder in (("1.9", "a-old"), ("1.10", "b-new")):
        package = install_package(EN_YY, root)
        meta = json.loads((package.path / "metadata.json").read_text())
        meta["package_version"] = version
        (package.path / "metadata.json").write_text(json.dumps(meta))
        os.replace(package.path, root / folder)
    engine = ArgosEngine(packages_dir=root)
    assert engine.identity == "argos[en-yy@1.10]"


# -- the BPE tokenizer path (Moses + subword-nmt codes in bpe.model) ---------------


def test_bpe_package_translates_exactly(tmp_path: Path) -> None:
    package = install_package(EN_ZZ, tmp_path / "pkgs")
    assert package.tokenizer == "bpe"
    engine = ArgosEngine(packages_dir=tmp_path / "pkgs")
    sentences = ["the cat sees a dog.", "The president reads a new book today!",
                 "Tokayev met Жомарт, (twice)."]
    expected = ["THE CAT SEES A DOG.", "THE PRESIDENT READS A NEW BOOK TODAY!",
                "TOKAYEV MET Жомарт, (TWICE)."]
    assert engine.translate_batch(sentences, "en", "zz") == expected
    (hyps,) = engine.translate_batch(["the cat"], "en", "zz", n_best=2)
    assert hyps[0] == "THE CAT"
    assert len(hyps) == 2
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda _: engine.translate_batch(sentences, "en", "zz"), range(8)))
    assert all(r == expected for r in results)


def test_garbage_bpe_codes_fail_at_install(tmp_path: Path) -> None:
    members = [(i, b"#version: 0.2\nthis line has four\n" if i.filename.endswith("bpe.model")
                else d) for i, d in _members(EN_ZZ)]
    bad = _write(tmp_path / "bpe.argosmodel", members)
    with pytest.raises(ModelPackageError) as info:
        install_package(bad, tmp_path / "pkgs")
    # names the archive and the member, never the temporary staging folder
    assert str(info.value).startswith(f"{bad}: translate-en_zz-1_0/bpe.model: ")
    assert ".installing-" not in str(info.value)
    assert str(tmp_path / "pkgs") not in str(info.value)
    assert "cannot read the BPE codes" in str(info.value)
    assert "invalid line 2" in str(info.value)
    assert list((tmp_path / "pkgs").iterdir()) == []
