"""Error hierarchy: one root, each child also the matching builtin."""

from __future__ import annotations

import pytest

from polyglot_press import errors


@pytest.mark.parametrize(
    ("cls", "builtin"),
    [
        (errors.InputError, ValueError),
        (errors.FormatError, ValueError),
        (errors.UnknownFormatError, LookupError),
        (errors.GlossaryError, ValueError),
        (errors.FileAccessError, OSError),
        (errors.ChangeConflictError, ValueError),
        (errors.MissingDependencyError, ImportError),
        (errors.EngineError, RuntimeError),
        (errors.LanguagePairError, LookupError),
        (errors.ModelPackageError, ValueError),
        (errors.OfflineError, ConnectionError),
        (errors.TranslationMemoryError, RuntimeError),
    ],
)
def test_every_error_is_rooted_and_builtin(cls: type[Exception], builtin: type[Exception]) -> None:
    assert issubclass(cls, errors.PolyglotPressError)
    assert issubclass(cls, builtin)


def test_input_error_location_prefix() -> None:
    err = errors.InputError("bad thing", path="g.yaml", line=4)
    assert str(err) == "g.yaml:4: bad thing"
    assert (err.path, err.line, err.column, err.message) == ("g.yaml", 4, None, "bad thing")
    assert str(errors.InputError("plain")) == "plain"
