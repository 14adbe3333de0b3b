"""Placeholder forms, and the calibration that picks the form an engine model keeps."""

from __future__ import annotations

import dataclasses
import json
import os
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import regex

from .._files import default_cache_dir
from ..engines.base import Engine, normalize_language, pair_identity
from ..lang import lang_base

# --------------------------------------------------------------- placeholders


@dataclass(frozen=True, slots=True)
class PlaceholderForm:
    """A placeholder shape: ``template`` with ``{n}`` (a format field) for the number.

    >>> f = PlaceholderForm("t-x", "T{n}X")
    >>> f.token(3), bool(f.strict(3).search("O T3X chegou")), bool(f.strict(3).search("T31X"))
    ('T3X', True, False)
    >>> f.tolerant(3).search("o t 3 x chegou").group()
    't 3 x'
    """

    name: str
    template: str

    def token(self, n: int) -> str:
        """The placeholder for number ``n``."""
        return self.template.format(n=n)

    def strict(self, n: int) -> regex.Pattern[str]:
        """The intact token, not inside a longer word or number."""
        return _strict(self.token(n))

    def tolerant(self, n: int) -> regex.Pattern[str]:
        """The token as engines damage it: case changed, spaces, ``_ - .`` inserted,
        brackets lost. Falls back to :meth:`strict` when the token has too little
        of its own to be recognized safely (a bare number)."""
        token = self.token(n)
        core = [c for c in token if c.isalnum()]
        if not any(c.isalpha() for c in core) and len(core) < 4:
            return self.strict(n)
        # separators may be inserted between the token's own characters, not after
        # its last one or before its first (they are the sentence's spaces and commas)
        first = next(i for i, c in enumerate(token) if c.isalnum())
        last = max(i for i, c in enumerate(token) if c.isalnum())
        pieces: list[str] = []
        for c in token[first:last + 1]:
            if c.isalnum():
                pieces.append(regex.escape(c))
            else:
                pieces.append(regex.escape(c) + "?")
        joiner = r"[\s_.,\-]{0,2}"
        edge = "".join(regex.escape(c) + "?" for c in token[:first])
        tail = "".join(regex.escape(c) + "?" for c in token[last + 1:])
        body = edge + joiner.join(pieces) + tail
        # no look-behind: engines glue letters to a token they do not know ("'aZXQ1")
        before = r"(?<![\p{N}])" if core and token[0].isalnum() else ""
        return regex.compile(before + body + r"(?![\p{N}])", regex.IGNORECASE)


@lru_cache(maxsize=4096)
def _strict(token: str) -> regex.Pattern[str]:
    before = r"(?<![\p{L}\p{N}])" if token[0].isalnum() else ""
    after = r"(?![\p{N}])" if token[-1].isalnum() else ""
    return regex.compile(before + regex.escape(token) + after)


#: Forms tried by calibration, in order of preference.
FORMS: tuple[PlaceholderForm, ...] = (
    PlaceholderForm("zxq", "ZXQ{n}"),
    PlaceholderForm("t-x", "T{n}X"),
    PlaceholderForm("xyzzy", "Xyzzy{n}"),
    PlaceholderForm("underscore", "__T{n}__"),
    PlaceholderForm("number", "900{n}"),
    PlaceholderForm("double-bracket", "[[T{n}]]"),
    PlaceholderForm("brace", "{{{n}}}"),
    PlaceholderForm("white-bracket", "⟦{n}⟧"),
    PlaceholderForm("xml", '<x id="{n}"/>'),
    PlaceholderForm("at", "@@{n}@@"),
)
FORMS_BY_NAME = {f.name: f for f in FORMS}


# ------------------------------------------------------------------ calibration

# Probe sentences: "{1}", "{2}", ... stand for placeholders (names or terms).
_PROBES: dict[str, tuple[str, ...]] = {
    "en": (
        "{1} said that the elections were free and fair.",
        "The head of the {1} mission met {2} in the capital.",
        "The report of the {1} will be published in a few months.",
        "Observers from {1}, {2} and {3} took part in the vote.",
        "The minister thanked {1} for the work done by the mission.",
        "According to {1}, the reforms strengthen the role of {2}.",
        "The {1} observer mission is finishing its work in {2}.",
        "Representatives of {1} discussed the results with {2}.",
    ),
    "pt": (
        "{1} disse que as eleições foram livres e justas.",
        "O chefe da missão da {1} encontrou-se com {2} na capital.",
        "O relatório da {1} será publicado dentro de alguns meses.",
        "Observadores de {1}, {2} e {3} participaram da votação.",
        "O ministro agradeceu a {1} pelo trabalho realizado pela missão.",
        "Segundo {1}, as reformas fortalecem o papel do {2}.",
        "A missão de observação da {1} está terminando o seu trabalho em {2}.",
        "Representantes da {1} discutiram os resultados com {2}.",
    ),
    "ru": (
        "{1} заявил, что выборы были свободными и честными.",
        "Глава миссии {1} встретился с {2} в столице.",
        "Доклад {1} будет опубликован через несколько месяцев.",
        "В голосовании участвовали наблюдатели из {1}, {2} и {3}.",
        "Министр поблагодарил {1} за проделанную работу.",
        "По словам {1}, реформы укрепляют роль {2}.",
    ),
}
_PROBE_FIELD = regex.compile(r"\{(\d)\}")


@dataclass(frozen=True, slots=True)
class FormScore:
    """How a placeholder form fared on the probes: tokens kept intact, and recovered."""

    form: str
    tokens: int
    intact: int
    recovered: int

    @property
    def survival(self) -> float:
        """Share of tokens that came back intact."""
        return self.intact / self.tokens if self.tokens else 0.0

    @property
    def recoverable(self) -> float:
        """Share of tokens intact or recovered by the tolerant pattern."""
        return (self.intact + self.recovered) / self.tokens if self.tokens else 0.0


@dataclass(frozen=True, slots=True)
class Calibration:
    """The placeholder form chosen for one engine model and language pair."""

    identity: str
    source: str
    target: str
    form: PlaceholderForm
    scores: tuple[FormScore, ...] = ()
    created: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        """JSON form (the cache file's entry)."""
        return {
            "identity": self.identity, "source": self.source, "target": self.target,
            "form": self.form.name, "template": self.form.template, "created": self.created,
            "scores": [dataclasses.asdict(s) for s in self.scores],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Calibration:
        """Inverse of :meth:`to_dict`."""
        return cls(
            identity=str(data["identity"]), source=str(data["source"]), target=str(data["target"]),
            form=PlaceholderForm(str(data["form"]), str(data["template"])),
            scores=tuple(FormScore(**s) for s in data.get("scores", ())),
            created=float(data.get("created", 0.0)),
        )


def _fill(probe: str, form: PlaceholderForm) -> tuple[str, list[int]]:
    numbers = [int(m) for m in _PROBE_FIELD.findall(probe)]
    return _PROBE_FIELD.sub(lambda m: form.token(int(m.group(1))), probe), numbers


@cache
def _shipped() -> dict[str, Calibration]:
    """Calibrations measured for the models the pinned dependencies bundle
    (``data/calibrations.json``), so a cold start translates no probes for them."""
    try:
        raw = json.loads(resources.files(__package__).joinpath("data", "calibrations.json")
                         .read_text(encoding="utf-8"))
        return {k: Calibration.from_dict(v) for k, v in raw.get("entries", {}).items()}
    except (OSError, ValueError, KeyError, TypeError):  # pragma: no cover - packaging error
        return {}


class Calibrator:
    """Choose, per engine model and pair, the placeholder form the model keeps.

    The choice is cached in ``cache_dir / "placeholders.json"`` (written
    atomically, under a file lock), keyed by the engine's identity for the
    pair, so it is measured once per model. ``min_survival`` is the share of
    intact tokens a form needs; the first form of ``forms`` that reaches it
    wins, else the best measured. With the default forms, an engine model
    measured before it was shipped (the bundled bergamot models,
    ``data/calibrations.json``) is not measured again (``shipped=False`` measures).
    """

    FILE = "placeholders.json"

    def __init__(self, cache_dir: str | os.PathLike[str] | None = None, *,
                 forms: Sequence[PlaceholderForm] = FORMS, min_survival: float = 1.0,
                 persist: bool = True, shipped: bool = True) -> None:
        self.cache_dir = Path(cache_dir) if cache_dir is not None else default_cache_dir()
        self.forms = tuple(forms)
        self.min_survival = min_survival
        self.persist = persist
        self.shipped = shipped and tuple(forms) == FORMS and min_survival == 1.0
        self._memory: dict[str, Calibration] = {}

    @property
    def path(self) -> Path:
        """The cache file."""
        return self.cache_dir / self.FILE

    @staticmethod
    def key(identity: str, source: str, target: str) -> str:
        """The cache key of a calibration."""
        return f"{identity}|{source}>{target}"

    def probes(self, source: str, samples: Sequence[str] = ()) -> list[str]:
        """Probe sentences (with ``{1}``-style fields) for ``source``.

        Built-in probes exist for a few languages; otherwise ``samples`` (real
        sentences of the document) get placeholders at the start and end;
        otherwise the English probes are used.
        """
        base = lang_base(normalize_language(source))
        if base in _PROBES:
            return list(_PROBES[base])
        made: list[str] = []
        for sample in samples:
            core = sample.strip().replace("{", "(").replace("}", ")")
            if len(core) < 12:
                continue
            stop = core[-1] if core[-1] in ".!?" else ""
            body = core[:-1] if stop else core
            made.append("{1} " + body + " {2}" + (stop or "."))
            if len(made) >= 6:
                break
        return made or list(_PROBES["en"])

    def measure(self, engine: Engine, source: str, target: str, *,
                forms: Sequence[PlaceholderForm] | None = None,
                samples: Sequence[str] = ()) -> list[FormScore]:
        """Translate the probes with each form and count surviving tokens."""
        probes = self.probes(source, samples)
        scores = []
        for form in forms or self.forms:
            filled = [_fill(p, form) for p in probes]
            outputs = engine.translate_batch([f for f, _ in filled], source, target)
            tokens = intact = recovered = 0
            for (_, numbers), out in zip(filled, outputs, strict=True):
                for n in numbers:
                    tokens += 1
                    if len(form.strict(n).findall(out)) == 1:
                        intact += 1
                    elif form.tolerant(n).search(out):
                        recovered += 1
            scores.append(FormScore(form.name, tokens, intact, recovered))
        return scores

    def form_for(self, engine: Engine, source: str, target: str,
                 samples: Sequence[str] = ()) -> Calibration:
        """The calibrated form for ``engine`` on ``source -> target`` (cached)."""
        identity = pair_identity(engine, source, target)
        key = self.key(identity, source, target)
        found = (self._memory.get(key) or self._read().get(key)
                 or (_shipped().get(key) if self.shipped else None))
        if found is not None:
            self._memory[key] = found
            return found
        scores: list[FormScore] = []
        chosen: PlaceholderForm | None = None
        for form in self.forms:
            score = self.measure(engine, source, target, forms=[form], samples=samples)[0]
            scores.append(score)
            if score.survival >= self.min_survival:
                chosen = form
                break
        if chosen is None:
            best = max(scores, key=lambda s: (s.survival, s.recoverable))
            chosen = FORMS_BY_NAME.get(best.form) or next(f for f in self.forms if f.name == best.form)
        calibration = Calibration(identity, source, target, chosen, tuple(scores), time.time())
        self._memory[key] = calibration
        if self.persist:
            self._write(key, calibration)
        return calibration

    def _read(self) -> dict[str, Calibration]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            entries = data.get("entries", {}) if isinstance(data, dict) else {}
            return {k: Calibration.from_dict(v) for k, v in entries.items()}
        except (OSError, ValueError, KeyError, TypeError):
            return {}  # a missing or unreadable cache is measured again

    def _write(self, key: str, calibration: Calibration) -> None:
        from filelock import FileLock, Timeout

        from .._files import atomic_write_bytes

        try:
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            with FileLock(str(self.path) + ".lock", timeout=10):
                entries = {k: v.to_dict() for k, v in self._read().items()}
                entries[key] = calibration.to_dict()
                data = {"version": 1, "entries": entries}
                atomic_write_bytes(self.path, json.dumps(data, ensure_ascii=False, indent=1,
                                                         sort_keys=True).encode("utf-8"))
        except (OSError, Timeout):
            pass  # the cache is an optimization: an unwritable cache folder only costs time


