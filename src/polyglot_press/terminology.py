"""The terminology layer: glossary terms come out of any engine as the glossary says.

It sits above engines and knows nothing of their insides except what it
measures. For each source segment and target language:

1. **Protect** (:meth:`TermLayer.protect`): every glossary match whose target
   rendering is fixed (do-not-translate terms, names, and every term of a
   target that does not inflect) and every protected span of the document
   (inline code, URLs, Markdown emphasis and link punctuation) is replaced by
   a placeholder token; emphasis or link markup glued to a term travels in
   the same placeholder.
2. **Calibrate** (:class:`Calibrator`): the placeholder *form* (``ZXQ1``,
   ``T1X``, ``__T1__``, ``{1}``, ...) is chosen per engine model and pair at
   first use, by translating probe sentences and counting which tokens come
   back intact; forms the model damages are rejected and the choice is cached
   in the user cache folder (``placeholders.json``).
3. **Restore** (:meth:`TermLayer.restore`): tokens become the target term
   (upper case when the source was all capitals, capitalized at the start of
   a sentence, unless the term's case policy is exact); damaged tokens are
   recovered by a tolerant pattern.
4. **Verify** (:meth:`TermLayer.verify`): every term instance gets a
   :class:`TermCheck`: ``exact``, ``inflected`` (inflecting targets are not
   forced into the nominative: the term is found by morphology-aware
   matching), ``repaired`` (recovered token, n-best hypothesis, or a forbidden
   variant replaced), ``missing`` or ``forbidden-variant-found``.

:func:`translate_segments` runs the whole loop around an engine, with n-best
hypotheses for segments that lost a term.

>>> from polyglot_press.glossary import Glossary, Concept, Term
>>> g = Glossary("demo", concepts=(
...     Concept("osce", "organization", (Term("en", "OSCE"), Term("pt", "OSCE"))),
...     Concept("cec", "organization", (Term("en", "CEC"), Term("pt", "CEC", forbidden=("CCE",)))),
... ))
>>> layer = TermLayer([g])
>>> form = PlaceholderForm("zxq", "ZXQ{n}")
>>> masked = layer.protect("The OSCE and the CEC met.", "en", "pt", form)
>>> masked.text
'The ZXQ1 and the ZXQ2 met.'
>>> restored = layer.restore(masked, "A ZXQ1 e a ZXQ2 reuniram-se.", "pt")
>>> restored.text
'A OSCE e a CEC reuniram-se.'
>>> [(c.concept, c.status) for c in layer.verify(masked, restored, "pt").checks]
[('osce', 'exact'), ('cec', 'exact')]
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import os
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import regex

from ._files import default_cache_dir
from .engines.base import Engine, normalize_language, pair_identity
from .glossary.matcher import GlossaryMatcher, Match, compile_matcher
from .glossary.model import CasePolicy, Concept, ConceptKind, Glossary, Role, Term
from .morphology import INFLECTING, find_forms, has_morphology
from .records import STATUSES, TermCheck, consistency
from .text import Finding, Severity, Span

__all__ = [
    "FORMS",
    "STATUSES",
    "Calibration",
    "Calibrator",
    "FormScore",
    "Masked",
    "PlaceholderForm",
    "Restored",
    "SegmentResult",
    "Slot",
    "TermCheck",
    "TermInstance",
    "TermLayer",
    "Verified",
    "consistency",
    "default_cache_dir",
    "markup_problems",
    "translate_segments",
]

# TermCheck, STATUSES and consistency live in polyglot_press.records (core types);
# they are re-exported here so existing imports keep working.


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
        token = self.token(n)
        before = r"(?<![\p{L}\p{N}])" if token[0].isalnum() else ""
        after = r"(?![\p{N}])" if token[-1].isalnum() else ""
        return regex.compile(before + regex.escape(token) + after)

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


class Calibrator:
    """Choose, per engine model and pair, the placeholder form the model keeps.

    The choice is cached in ``cache_dir / "placeholders.json"`` (written
    atomically, under a file lock), keyed by the engine's identity for the
    pair, so it is measured once per model. ``min_survival`` is the share of
    intact tokens a form needs; the first form of ``forms`` that reaches it
    wins, else the best measured.
    """

    FILE = "placeholders.json"

    def __init__(self, cache_dir: str | os.PathLike[str] | None = None, *,
                 forms: Sequence[PlaceholderForm] = FORMS, min_survival: float = 1.0,
                 persist: bool = True) -> None:
        self.cache_dir = Path(cache_dir) if cache_dir is not None else default_cache_dir()
        self.forms = tuple(forms)
        self.min_survival = min_survival
        self.persist = persist
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
        base = normalize_language(source).split("-")[0]
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
        found = self._memory.get(key) or self._read().get(key)
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

        from ._files import atomic_write_bytes

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


# ------------------------------------------------------------- protect/restore


@dataclass(frozen=True, slots=True)
class TermInstance:
    """A glossary term found in a source segment, and what the target must have."""

    concept: str
    span: Span
    text: str
    expected: str
    variants: tuple[str, ...] = ()
    forbidden: tuple[str, ...] = ()
    protected: bool = True
    slot: int | None = None
    source_lang: str | None = None


@dataclass(frozen=True, slots=True)
class Slot:
    """One placeholder: what it hides in the source and what restore writes.

    ``prefix`` and ``suffix`` are protected markup glued to a term; for a
    protected span alone, ``term`` is empty and ``prefix`` holds it.
    ``glue_left``/``glue_right``: no space separates it from its neighbours in
    the source, so spaces the masked text needed are taken out again.
    """

    n: int
    token: str
    span: Span
    source_text: str
    kind: str
    prefix: str = ""
    term: str = ""
    suffix: str = ""
    concept: str | None = None
    glue_left: bool = False
    glue_right: bool = False
    exact_case: bool = False
    upper: bool = False


@dataclass(frozen=True, slots=True)
class Masked:
    """A source segment with placeholders (``text`` goes to the engine)."""

    source: str
    text: str
    form: PlaceholderForm
    slots: tuple[Slot, ...] = ()
    terms: tuple[TermInstance, ...] = ()
    protected: tuple[tuple[Span, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Restored:
    """A translation with placeholders replaced.

    ``outcome[n]`` is ``intact``, ``recovered`` or ``lost`` for slot ``n``;
    ``spans[n]`` where the slot's term (without markup) landed in ``text``;
    ``placed[n]`` where the whole slot (term and glued markup) landed;
    ``guarded`` the spans of ``text`` restored from protected source spans
    (code, URLs, markup), which verification and repair never look into.
    """

    text: str
    outcome: Mapping[int, str]
    spans: Mapping[int, Span]
    findings: tuple[Finding, ...] = ()
    placed: Mapping[int, Span] = dataclasses.field(default_factory=dict)
    guarded: tuple[Span, ...] = ()


@dataclass(frozen=True, slots=True)
class Verified:
    """The final segment text and a :class:`TermCheck` for every term instance."""

    text: str
    checks: tuple[TermCheck, ...]
    findings: tuple[Finding, ...] = ()


def _lang_base(lang: str) -> str:
    return normalize_language(lang).split("-")[0]


def _term_for(concept: Concept, lang: str) -> Term | None:
    term = concept.term(lang)
    if term is not None:
        return term
    wanted = normalize_language(lang)
    base = wanted.split("-")[0]
    for candidate in concept.terms:
        if normalize_language(candidate.lang) == wanted:
            return candidate
    for candidate in concept.terms:
        if normalize_language(candidate.lang).split("-")[0] == base:
            return candidate
    return None


_KEEP_NAMES = (ConceptKind.PERSON, ConceptKind.BRAND)


def _in_capitals(text: str, skip: Sequence[Span]) -> bool:
    """Whether the letters of ``text`` outside ``skip`` (terms, code) are all capitals.

    >>> _in_capitals("THE OSCE MET.", [Span(4, 8)]), _in_capitals("The OSCE met.", [Span(4, 8)])
    (True, False)
    >>> _in_capitals("OSCE", [Span(0, 4)])  # nothing around the term: no evidence
    False
    """
    letters = [c for i, c in enumerate(text) if c.isalpha()
               and not any(s.start <= i < s.end for s in skip)]
    cased = [c for c in letters if c.isupper() or c.islower()]
    return len(cased) >= 2 and all(c.isupper() for c in cased)
_LEADING = regex.compile(r"[\s\p{Pi}\p{Ps}\"'«“„¿¡*_~\-–—]*")
_SPACES = regex.compile(r"\s*")


class TermLayer:
    """Glossaries compiled once; protect, restore and verify around any engine.

    ``repair_forbidden``: replace a forbidden target form the engine produced
    with the preferred one (reported as ``repaired``); when false it is
    reported as ``forbidden-variant-found``. ``protect=False`` audits an
    engine: no placeholders, every term is only looked for in the output.
    ``repair_aligned``: a missing term whose rendering by the engine (the
    source term translated alone, see :meth:`verify`) is found in the output
    is replaced there by the glossary's form (reported ``repaired``, method
    ``aligned``).
    """

    def __init__(self, glossaries: Sequence[Glossary], *, repair_forbidden: bool = True,
                 protect: bool = True, repair_aligned: bool = True) -> None:
        self.glossaries = tuple(glossaries)
        self.repair_forbidden = repair_forbidden
        self.repair_aligned = repair_aligned
        self.protect_terms = protect
        self._matchers: list[GlossaryMatcher] = [compile_matcher(g) for g in self.glossaries]
        self._concepts: dict[str, Concept] = {}
        for glossary in self.glossaries:
            for concept in glossary.concepts:
                self._concepts.setdefault(concept.id, concept)
        self._target_matchers: dict[str, list[GlossaryMatcher]] = {}

    def digest(self) -> str:
        """One digest for all glossaries (keys the translation memory)."""
        if not self.glossaries:
            return ""
        if len(self.glossaries) == 1:
            return self.glossaries[0].digest()
        import hashlib

        return hashlib.sha256("+".join(g.digest() for g in self.glossaries).encode()).hexdigest()

    def concept(self, concept_id: str) -> Concept | None:
        """The concept with this id in any of the glossaries."""
        return self._concepts.get(concept_id)

    def matches(self, text: str, lang: str | None = None) -> list[Match]:
        """Non-overlapping glossary matches in ``text`` (the first glossary wins ties)."""
        found: list[Match] = []
        for matcher in self._matchers:
            for match in matcher.find(text, lang):
                if not any(m.span.overlaps(match.span) for m in found):
                    found.append(match)
        found.sort(key=lambda m: m.span)
        return found

    # -- protect -------------------------------------------------------------

    def _instance(self, match: Match, source: str, target: str) -> TermInstance | None:
        concept = self._concepts.get(match.concept_id)
        if concept is None:
            return None
        target_term = _term_for(concept, target)
        source_term = _term_for(concept, match.lang) or _term_for(concept, source)
        dnt = bool((source_term and source_term.do_not_translate)
                   or (target_term and target_term.do_not_translate))
        if target_term is None:
            if not (dnt or concept.kind in _KEEP_NAMES):
                return None  # nothing says what the target must have
            expected = source_term.preferred if source_term is not None else match.text
            variants: tuple[str, ...] = ()
            forbidden: tuple[str, ...] = ()
            indeclinable = True
        else:
            expected = target_term.preferred
            variants = target_term.variants
            forbidden = target_term.forbidden
            indeclinable = target_term.indeclinable or dnt
        # an inflecting target with no morphology back-end cannot recognize an
        # inflected form afterwards: the term is protected (nominative) instead
        inflecting = _lang_base(target) in INFLECTING and has_morphology(target) is not None
        protected = self.protect_terms and (dnt or indeclinable or not inflecting)
        return TermInstance(concept.id, match.span, match.text, expected, variants, forbidden,
                            protected, None, match.lang)

    def protect(self, text: str, source: str, target: str, form: PlaceholderForm,
                protected: Sequence[tuple[Span, str]] = ()) -> Masked:
        """Replace terms and ``protected`` spans (segment offsets, with a kind) by placeholders."""
        instances: list[TermInstance] = []
        matched: list[Span] = []
        for match in self.matches(text, source):
            if any(span.overlaps(match.span) for span, kind in protected if kind != "markup"):
                continue  # a term inside code or a URL stays as it is
            if any(span.overlaps(match.span) for span, _ in protected):
                continue
            matched.append(match.span)
            instance = self._instance(match, source, target)
            if instance is not None:
                instances.append(instance)
        capitals = _in_capitals(text, matched + [span for span, _ in protected])
        # pieces to hide: protected terms and protected spans, merged when adjacent
        pieces: list[tuple[Span, str, TermInstance | None]] = [
            (span, kind, None) for span, kind in protected if len(span)]
        pieces += [(i.span, "term", i) for i in instances if i.protected]
        pieces.sort(key=lambda p: p[0])
        groups: list[list[tuple[Span, str, TermInstance | None]]] = []
        for piece in pieces:
            if groups and groups[-1][-1][0].end == piece[0].start and self._joinable(groups[-1], piece):
                groups[-1].append(piece)
            else:
                groups.append([piece])
        used = {n for n in range(1, 100) if form.strict(n).search(text)}
        numbers = (n for n in range(1, 10_000) if n not in used)
        slots: list[Slot] = []
        out: list[str] = []
        position = 0
        by_instance: dict[int, int] = {}
        for group in groups:
            start, end = group[0][0].start, group[-1][0].end
            n = next(numbers)
            term_pieces = [p for p in group if p[2] is not None]
            instance = term_pieces[0][2] if term_pieces else None
            if instance is not None:
                prefix = text[start:instance.span.start]
                suffix = text[instance.span.end:end]
                by_instance[id(instance)] = n
            else:
                prefix, suffix = text[start:end], ""
            kind = "term" if instance is not None else group[0][1]
            glue_left = start > 0 and text[start - 1].isalnum()
            glue_right = end < len(text) and text[end].isalnum()
            concept = self._concepts.get(instance.concept) if instance is not None else None
            exact_case = False
            upper = False
            if instance is not None and concept is not None:
                policy_term = _term_for(concept, target) or _term_for(concept, instance.source_lang
                                                                      or source)
                exact_case = (policy_term.case_policy() if policy_term is not None
                              else CasePolicy.EXACT) is CasePolicy.EXACT
                # capitals only when the sentence around the term is written in capitals
                # (a headline), not because the source term is an acronym
                letters = [c for c in instance.text if c.isalpha()]
                upper = capitals and len(letters) > 1 and all(c.isupper() for c in letters) and not all(
                    c.isupper() for c in instance.expected if c.isalpha())
            token = form.token(n)
            out.append(text[position:start])
            if glue_left and out[-1] and not out[-1][-1].isspace():
                out.append(" ")
            out.append(token)
            if glue_right:
                out.append(" ")
            position = end
            slots.append(Slot(n, token, Span(start, end), text[start:end], kind, prefix,
                              instance.expected if instance is not None else "", suffix,
                              instance.concept if instance is not None else None,
                              glue_left, glue_right, exact_case, upper))
        out.append(text[position:])
        terms = tuple(dataclasses.replace(i, slot=by_instance.get(id(i))) for i in instances)
        return Masked(text, "".join(out), form, tuple(slots), terms,
                      tuple((span, kind) for span, kind in protected if len(span)))

    @staticmethod
    def _joinable(group: list[tuple[Span, str, TermInstance | None]],
                  piece: tuple[Span, str, TermInstance | None]) -> bool:
        kinds = [p[1] for p in group] + [piece[1]]
        terms = sum(1 for k in kinds if k == "term")
        # markup glues to one term; two terms or two plain spans stay apart
        return terms <= 1 and all(k in {"term", "markup"} for k in kinds)

    # -- restore -------------------------------------------------------------

    def restore(self, masked: Masked, translated: str, target: str) -> Restored:
        """Put the target terms (and protected spans) where the placeholders are."""
        if not masked.slots:
            return Restored(translated, {}, {})
        form = masked.form
        taken: list[tuple[int, int, Slot, str]] = []
        extra: list[tuple[int, int]] = []
        outcome: dict[int, str] = {}

        def free(start: int, end: int) -> bool:
            return not any(s < end and start < e for s, e, _, _ in taken) and not any(
                s < end and start < e for s, e in extra)

        slot: Slot | None
        for slot in masked.slots:
            hits = [m for m in form.strict(slot.n).finditer(translated) if free(m.start(), m.end())]
            if hits:
                taken.append((hits[0].start(), hits[0].end(), slot, "intact"))
                extra.extend((m.start(), m.end()) for m in hits[1:])
                outcome[slot.n] = "intact"
        for slot in masked.slots:
            if slot.n in outcome:
                continue
            hit = next((m for m in form.tolerant(slot.n).finditer(translated)
                        if free(m.start(), m.end())), None)
            if hit is not None:
                taken.append((hit.start(), hit.end(), slot, "recovered"))
                outcome[slot.n] = "recovered"
            else:
                outcome[slot.n] = "lost"
        findings: list[Finding] = []
        edits: list[tuple[int, int, Slot | None]] = [(s, e, slot) for s, e, slot, _ in taken]
        edits += [(s, e, None) for s, e in extra]
        edits.sort(key=lambda x: x[0])
        out: list[str] = []
        spans: dict[int, Span] = {}
        placed: dict[int, Span] = {}
        guarded: list[Span] = []
        position = 0
        length = 0
        for start, end, edit in edits:
            slot = edit
            if slot is not None and slot.glue_left:
                start = max(position, len(translated[:start].rstrip()))
            if slot is None or slot.glue_right:
                end += len(_SPACES.match(translated, end).group())  # type: ignore[union-attr]
            before = translated[position:start]
            if slot is not None and not slot.glue_left and before and before[-1].isalnum():
                before += " "  # a letter the engine glued to the token
            out.append(before)
            length += len(before)
            position = end
            if slot is None:
                findings.append(Finding(Span(start, end), "placeholder-duplicated",
                                        "the engine repeated a placeholder; the copy was removed",
                                        Severity.INFO, "terminology", text=translated[start:end]))
                continue
            term = slot.term
            if slot.kind == "term":
                initial = not _LEADING.sub("", "".join(out)) and not slot.prefix
                term = self._cased(slot, term, initial)
            piece = slot.prefix + term + slot.suffix
            placed[slot.n] = Span(length, length + len(piece))
            if slot.kind == "term":
                spans[slot.n] = Span(length + len(slot.prefix), length + len(slot.prefix) + len(term))
                if slot.prefix:
                    guarded.append(Span(length, length + len(slot.prefix)))
                if slot.suffix:
                    guarded.append(Span(length + len(piece) - len(slot.suffix), length + len(piece)))
            else:
                guarded.append(placed[slot.n])
            out.append(piece)
            length += len(piece)
        out.append(translated[position:])
        return Restored("".join(out), outcome, spans, tuple(findings), placed, tuple(guarded))

    @staticmethod
    def _cased(slot: Slot, term: str, initial: bool) -> str:
        if slot.exact_case or not term:
            return term
        if slot.upper:
            return term.upper()
        if initial and term[0].islower():
            return term[0].upper() + term[1:]
        return term

    # -- verify --------------------------------------------------------------

    def _forbidden_matcher(self, target: str) -> list[GlossaryMatcher]:
        matchers = self._target_matchers.get(target)
        if matchers is None:
            matchers = []
            for glossary in self.glossaries:
                langs = [lang for lang in glossary.all_languages()
                         if _lang_base(lang) == _lang_base(target)]
                if langs:
                    matchers.append(compile_matcher(glossary, langs, roles=(Role.FORBIDDEN,)))
            self._target_matchers[target] = matchers
        return matchers

    def verify(self, masked: Masked, restored: Restored, target: str,
               repaired: frozenset[int] = frozenset(),
               renderings: Mapping[str, str] | None = None) -> Verified:
        """A :class:`TermCheck` for every term of ``masked``; forbidden forms repaired.

        ``repaired`` lists slots that an n-best hypothesis brought back.
        ``renderings`` maps a source term (as written) to the engine's own
        translation of it alone: a missing term whose rendering is in the
        output is replaced there (``repair_aligned``). Text restored from
        protected spans (code, URLs, markup) is never searched or changed.
        """
        text = restored.text
        checks: list[TermCheck] = []
        findings = list(restored.findings)
        occupied = list(restored.spans.values()) + list(restored.guarded)
        # terms left to the engine (inflecting targets): find them, in order
        edits: list[tuple[Span, str]] = []
        pending: list[tuple[TermInstance, TermCheck | None]] = []
        for instance in masked.terms:
            if instance.slot is not None:
                state = restored.outcome.get(instance.slot, "lost")
                span = restored.spans.get(instance.slot)
                if state == "lost" or span is None:
                    pending.append((instance, None))
                    continue
                status = "repaired" if state == "recovered" or instance.slot in repaired else "exact"
                method = ("n-best" if instance.slot in repaired else
                          "placeholder-recovered" if state == "recovered" else "placeholder")
                pending.append((instance, TermCheck(
                    instance.concept, status, target, instance.expected, span.slice(text),
                    instance.source_lang, instance.text, None, instance.span, span, method)))
                continue
            pending.append((instance, None))
        for instance, check in pending:
            if check is not None:
                checks.append(check)
                continue
            found = self._find_unprotected(instance, text, target, occupied)
            if found is not None:
                span, status = found
                occupied.append(span)
                checks.append(TermCheck(instance.concept, status, target, instance.expected,
                                        span.slice(text), instance.source_lang, instance.text,
                                        None, instance.span, span, "morphology"))
                continue
            bad = self._find_forms(instance.forbidden, text, target, occupied)
            if bad is not None:
                span, _ = bad
                occupied.append(span)
                if self.repair_forbidden:
                    edits.append((span, instance.expected))
                    checks.append(TermCheck(instance.concept, "repaired", target, instance.expected,
                                            instance.expected, instance.source_lang, instance.text,
                                            None, instance.span, span, "replaced",
                                            f"forbidden {span.slice(text)!r} replaced"))
                else:
                    checks.append(TermCheck(instance.concept, "forbidden-variant-found", target,
                                            instance.expected, span.slice(text),
                                            instance.source_lang, instance.text, None,
                                            instance.span, span, "morphology"))
                continue
            rendering = (renderings or {}).get(instance.text)
            aligned = (self._find_rendering(rendering, instance, text, target, occupied)
                       if rendering and self.repair_aligned else None)
            if aligned is not None:
                occupied.append(aligned)
                engine_form = aligned.slice(text)
                new = instance.expected
                if engine_form[:1].isupper() and new[:1].islower():
                    new = new[0].upper() + new[1:]
                edits.append((aligned, new))
                checks.append(TermCheck(instance.concept, "repaired", target, instance.expected,
                                        new, instance.source_lang, instance.text, None,
                                        instance.span, aligned, "aligned",
                                        f"the engine's rendering {engine_form!r} replaced"))
                continue
            if instance.slot is not None:
                checks.append(TermCheck(
                    instance.concept, "missing", target, instance.expected, None,
                    instance.source_lang, instance.text, None, instance.span, None,
                    "placeholder", "the engine dropped the placeholder for this term"))
                continue
            message = "no form of the term in the translation"
            if _lang_base(target) in INFLECTING and has_morphology(target) is None:
                message += f" (no morphology back-end for {target}: inflected forms are not recognized)"
            checks.append(TermCheck(instance.concept, "missing", target, instance.expected, None,
                                    instance.source_lang, instance.text, None, instance.span,
                                    None, "morphology", message))
        # forbidden forms the engine produced for terms it was not asked about
        for matcher in self._forbidden_matcher(target):
            for match in matcher.find(text, target):
                if any(match.span.overlaps(s) for s in occupied):
                    continue
                concept = self._concepts.get(match.concept_id)
                term = _term_for(concept, target) if concept is not None else None
                if term is None:
                    continue
                occupied.append(match.span)
                if self.repair_forbidden:
                    edits.append((match.span, term.preferred))
                    checks.append(TermCheck(match.concept_id, "repaired", target, term.preferred,
                                            term.preferred, None, "", None, None, match.span,
                                            "replaced", f"forbidden {match.text!r} replaced"))
                else:
                    checks.append(TermCheck(match.concept_id, "forbidden-variant-found", target,
                                            term.preferred, match.text, None, "", None, None,
                                            match.span, "glossary"))
        if edits:
            text, checks = _apply_edits(text, edits, checks)
        return Verified(text, tuple(checks), tuple(findings))

    @staticmethod
    def _find_rendering(rendering: str, instance: TermInstance, text: str, target: str,
                        occupied: list[Span]) -> Span | None:
        """Where the engine's own rendering of a term is in ``text`` (string search, then
        morphology-aware), outside ``occupied``; ``None`` when it is not, or too weak to align."""
        core = rendering.strip().strip(".!?;:,\"'«»“”").strip()
        if len(core) < 2 or not any(c.isalpha() for c in core):
            return None
        pattern = regex.compile(r"(?<![\p{L}\p{N}])" + regex.escape(core) + r"(?![\p{L}\p{N}])",
                                regex.IGNORECASE)
        for match in pattern.finditer(text):
            span = Span(match.start(), match.end())
            if not any(span.overlaps(s) for s in occupied):
                return span
        for found in find_forms(core, text, target):
            if not any(found.span.overlaps(s) for s in occupied):
                return found.span
        return None

    def _find_unprotected(self, instance: TermInstance, text: str, target: str,
                          occupied: list[Span]) -> tuple[Span, str] | None:
        found = self._find_forms((instance.expected,), text, target, occupied)
        if found is not None:
            return found
        variant = self._find_forms(instance.variants, text, target, occupied)
        if variant is not None:
            return variant[0], "variant"
        return None

    @staticmethod
    def _find_forms(forms: Sequence[str], text: str, target: str,
                    occupied: list[Span]) -> tuple[Span, str] | None:
        best: tuple[Span, str] | None = None
        for form in forms:
            for match in find_forms(form, text, target):
                if any(match.span.overlaps(s) for s in occupied):
                    continue
                if best is None or match.span.start < best[0].start:
                    best = (match.span, match.status)
                break
        return best


def _apply_edits(text: str, edits: list[tuple[Span, str]],
                 checks: list[TermCheck]) -> tuple[str, list[TermCheck]]:
    """Replace spans of ``text`` and move the checks' target spans to the new text."""
    edits = sorted(edits, key=lambda e: e[0].start)
    pieces: list[str] = []
    position = 0
    new_spans: dict[Span, Span] = {}
    shifts: list[tuple[int, int]] = []  # (old end, total delta after it)
    delta = 0
    for span, new in edits:
        pieces.append(text[position:span.start])
        new_spans[span] = Span(span.start + delta, span.start + delta + len(new))
        pieces.append(new)
        position = span.end
        delta += len(new) - len(span)
        shifts.append((span.end, delta))
    pieces.append(text[position:])

    def move(span: Span | None) -> Span | None:
        if span is None:
            return None
        if span in new_spans:
            return new_spans[span]
        shift = 0
        for end, after in shifts:
            if end <= span.start:
                shift = after
        return span.shift(shift)

    moved = [dataclasses.replace(c, target_span=move(c.target_span)) for c in checks]
    return "".join(pieces), moved


# -------------------------------------------------------------- the whole loop


@dataclass(frozen=True, slots=True)
class SegmentResult:
    """One translated segment: final text, term checks (segment offsets), findings."""

    text: str
    checks: tuple[TermCheck, ...] = ()
    findings: tuple[Finding, ...] = ()
    masked: str = ""
    n_best_used: bool = False


def _score(masked: Masked, restored: Restored) -> int:
    return sum(1 for state in restored.outcome.values() if state != "lost")


def _needs_retry(masked: Masked, restored: Restored, verified: Verified) -> bool:
    if any(state == "lost" for state in restored.outcome.values()):
        return True
    return any(c.status in {"missing", "forbidden-variant-found"} for c in verified.checks)


_EMPHASIS_MARK = regex.compile(r"[*_~]+")
_TAG = regex.compile(r"<(/?)([A-Za-z][\w:.-]*)\b[^<>]*>")


def _tag_name(mark: str) -> str | None:
    """The element name of an opening tag (``<b class="x">`` -> ``b``), else None."""
    match = _TAG.fullmatch(mark)
    return match.group(2) if match is not None and not match.group(1) else None


def _markup_pairs(spans: Sequence[tuple[Span, str]], text: str) -> list[tuple[int, int]]:
    """Index pairs of protected markup spans that enclose text: emphasis open/close,
    ``[``/``![`` with ``](...)``/``][...]``."""
    pairs: list[tuple[int, int]] = []
    opened: list[int] = []
    for i, (span, kind) in enumerate(spans):
        if kind != "markup":
            continue
        mark = span.slice(text)
        tag = _TAG.fullmatch(mark)
        if tag is not None:  # an HTML/XML inline element: <b> ... </b>, <g id="1"> ... </g>
            name = tag.group(2)
            if tag.group(1):
                j = next((k for k in reversed(opened) if _tag_name(spans[k][0].slice(text)) == name),
                         None)
                if j is not None:
                    opened.remove(j)
                    pairs.append((j, i))
            elif not mark.endswith("/>"):
                opened.append(i)
            continue
        if mark in {"[", "!["}:
            opened.append(i)
        elif mark.startswith(("](", "][")):
            j = next((k for k in reversed(opened) if spans[k][0].slice(text) in {"[", "!["}), None)
            if j is not None:
                opened.remove(j)
                pairs.append((j, i))
        elif _EMPHASIS_MARK.fullmatch(mark):
            j = next((k for k in reversed(opened) if spans[k][0].slice(text) == mark), None)
            if j is not None:
                opened.remove(j)
                pairs.append((j, i))
            else:
                opened.append(i)
    return pairs


def _has_words(text: str) -> bool:
    return any(c.isalnum() for c in text)


def markup_problems(masked: Masked, restored: Restored) -> list[str]:
    """What is wrong with the protected spans in a restored translation (empty: nothing).

    Every protected span must come back, in the source's order, and paired
    markup (emphasis, link text) must still enclose text where the source's did.

    >>> layer = TermLayer([])
    >>> form = PlaceholderForm("zxq", "ZXQ{n}")
    >>> m = layer.protect("that __observers__ were", "en", "pt", form,
    ...                   [(Span(5, 7), "markup"), (Span(16, 18), "markup")])
    >>> markup_problems(m, layer.restore(m, "que ZXQ1 observadores ZXQ2 foram", "pt"))
    []
    >>> markup_problems(m, layer.restore(m, "os observadores do ZXQ1 ZXQ2 foram", "pt"))
    ["'__' ... '__' no longer encloses any text"]
    """
    spans = sorted(masked.protected, key=lambda p: p[0])
    if not spans:
        return []
    problems: list[str] = []
    where: list[Span | None] = []
    alone: list[bool] = []  # not glued to a term (a term may move, and its markup with it)
    for span, _ in spans:
        slot = next((s for s in masked.slots if s.span.start <= span.start and span.end <= s.span.end),
                    None)
        placed = restored.placed.get(slot.n) if slot is not None else None
        alone.append(slot is None or slot.kind != "term")
        if slot is None or placed is None or restored.outcome.get(slot.n) == "lost":
            problems.append(f"{span.slice(masked.source)!r} was lost")
            where.append(None)
            continue
        offset = span.start - slot.span.start
        if offset + len(span) <= len(slot.prefix):
            start = placed.start + offset
        else:
            start = placed.end - (len(slot.source_text) - offset)
        where.append(Span(start, start + len(span)))
    if problems:
        return problems
    order = [w for w, free in zip(where, alone, strict=True) if w is not None and free]
    if any(b.start < a.end for a, b in itertools.pairwise(order)):
        problems.append("protected spans came back in another order")
    for i, j in _markup_pairs(spans, masked.source):
        a, b = where[i], where[j]
        if a is None or b is None:
            continue
        inside_source = masked.source[spans[i][0].end:spans[j][0].start]
        if a.end > b.start or (_has_words(inside_source)
                               and not _has_words(restored.text[a.end:b.start])):
            problems.append(f"{spans[i][0].slice(masked.source)!r} ... "
                            f"{spans[j][0].slice(masked.source)!r} no longer encloses any text")
    return problems


def translate_segments(
    layer: TermLayer,
    engine: Engine,
    segments: Sequence[str],
    source: str,
    target: str,
    form: PlaceholderForm,
    *,
    protected: Sequence[Sequence[tuple[Span, str]]] | None = None,
    n_best: int = 4,
    retry_engine: Engine | None = None,
) -> list[SegmentResult]:
    """Protect, translate in one batch, restore and verify ``segments``.

    ``protected[i]`` lists spans of segment ``i`` (segment offsets, with their
    kind) that must survive unchanged. Segments that lost a placeholder or a
    term are translated again with ``n_best`` hypotheses (by ``retry_engine``,
    default ``engine``) and the hypothesis that keeps the most wins; a term
    still missing is looked for as the engine renders it alone and replaced
    (``layer.repair_aligned``); when protected markup is lost, reordered or
    no longer encloses its text, the text between protected spans is
    translated piece by piece.
    """
    spans_of = protected or [() for _ in segments]
    masks = [layer.protect(text, source, target, form, spans)
             for text, spans in zip(segments, spans_of, strict=True)]
    outputs = engine.translate_batch([m.text for m in masks], source, target) if masks else []
    results: list[SegmentResult | None] = [None] * len(masks)
    retry: list[int] = []
    states: list[tuple[Restored, Verified]] = []
    repaired_slots: list[frozenset[int]] = [frozenset() for _ in masks]
    for i, (masked, output) in enumerate(zip(masks, outputs, strict=True)):
        restored = layer.restore(masked, output, target)
        verified = layer.verify(masked, restored, target)
        states.append((restored, verified))
        if _needs_retry(masked, restored, verified) and n_best > 1:
            retry.append(i)
    if retry:
        alternatives = (retry_engine or engine).translate_batch(
            [masks[i].text for i in retry], source, target, n_best=n_best)
        for i, hyps in zip(retry, alternatives, strict=True):
            masked = masks[i]
            best_restored, best_verified = states[i]
            best_key = (_score(masked, best_restored),
                        sum(1 for c in best_verified.checks if c.status in {"exact", "inflected"}))
            chosen = False
            for hyp in hyps:
                restored = layer.restore(masked, hyp, target)
                verified = layer.verify(masked, restored, target)
                key = (_score(masked, restored),
                       sum(1 for c in verified.checks if c.status in {"exact", "inflected"}))
                if key > best_key:
                    best_key, best_restored, best_verified, chosen = key, restored, verified, True
            if chosen:
                before = {n for n, s in states[i][0].outcome.items() if s != "lost"}
                fixed = frozenset(n for n, s in best_restored.outcome.items()
                                  if s != "lost" and n not in before)
                repaired_slots[i] = fixed
                before_ok = {(c.concept, c.source_span) for c in states[i][1].checks if c.ok}
                best_verified = layer.verify(masked, best_restored, target, fixed)
                best_verified = _mark_n_best(best_verified, before_ok)
                states[i] = (best_restored, best_verified)
    # a term still missing: find the engine's own rendering of it and replace that
    if layer.repair_aligned:
        wanted = sorted({c.source_text for _, v in states for c in v.checks
                         if c.status == "missing" and c.source_text})
        if wanted:
            rendered = engine.translate_batch(wanted, source, target)
            renderings = dict(zip(wanted, rendered, strict=True))
            for i, masked in enumerate(masks):
                restored, verified = states[i]
                if any(c.status == "missing" for c in verified.checks):
                    again = layer.verify(masked, restored, target, repaired_slots[i], renderings)
                    if repaired_slots[i]:
                        before_ok = {(c.concept, c.source_span) for c in verified.checks
                                     if c.ok and c.method != "n-best"}
                        again = _mark_n_best(again, before_ok)
                    states[i] = (restored, again)
    for i, masked in enumerate(masks):
        restored, verified = states[i]
        problems = markup_problems(masked, restored)
        if problems:
            results[i] = _in_pieces(layer, engine, masked, source, target, form,
                                    spans_of[i], problems)
        else:
            results[i] = SegmentResult(verified.text, verified.checks, verified.findings,
                                       masked.text, bool(repaired_slots[i]) or i in retry)
    return [r for r in results if r is not None]


def _mark_n_best(verified: Verified, before_ok: set[tuple[str, Span | None]]) -> Verified:
    """Terms found by morphology only thanks to an n-best hypothesis count as repaired."""
    return dataclasses.replace(verified, checks=tuple(
        dataclasses.replace(c, status="repaired", method="n-best")
        if c.status in {"exact", "inflected"} and c.method == "morphology"
        and (c.concept, c.source_span) not in before_ok else c
        for c in verified.checks))


def _in_pieces(layer: TermLayer, engine: Engine, masked: Masked, source: str, target: str,
               form: PlaceholderForm, spans: Sequence[tuple[Span, str]],
               problems: Sequence[str]) -> SegmentResult:
    """Translate the runs between protected spans one by one (structure over fluency)."""
    text = masked.source
    cuts = sorted((s for s, kind in spans if len(s)), key=lambda s: s.start)
    runs: list[tuple[int, int, bool]] = []
    position = 0
    for span in cuts:
        if span.start > position:
            runs.append((position, span.start, True))
        runs.append((span.start, span.end, False))
        position = max(position, span.end)
    if position < len(text):
        runs.append((position, len(text), True))
    todo = [(s, e) for s, e, translate in runs if translate and text[s:e].strip()
            and any(c.isalpha() for c in text[s:e])]
    pieces = translate_segments(layer, engine, [text[s:e] for s, e in todo], source, target,
                                form, n_best=1) if todo else []
    done = dict(zip(todo, pieces, strict=True))
    out: list[str] = []
    checks: list[TermCheck] = []
    findings: list[Finding] = []
    placed: dict[int, Span] = {}
    length = 0
    for start, end, _ in runs:
        result = done.get((start, end))
        if result is None:
            piece = text[start:end]
            placed[start] = Span(length, length + len(piece))
        else:
            original = text[start:end]
            lead = original[: len(original) - len(original.lstrip())]
            trail = original[len(original.rstrip()):]
            piece = lead + result.text.strip() + trail
            offset = length + len(lead) - (len(result.text) - len(result.text.lstrip()))
            checks.extend(c.shifted(source=start, target=offset) for c in result.checks)
            findings.extend(dataclasses.replace(f, span=f.span.shift(offset)) for f in result.findings)
        out.append(piece)
        length += len(piece)
    joined = "".join(out)
    findings.insert(0, Finding(Span(0, len(text)), "markup-fallback",
                               f"the engine broke the protected markup ({'; '.join(problems)}); "
                               "the text between protected spans was translated piece by piece "
                               "to keep it", Severity.WARNING, "terminology", text=text))
    # the pieces keep every protected span by construction; what can still go wrong is
    # a run the engine translated to nothing, leaving a pair of markers around no text
    kept = sorted(((s, kind) for s, kind in spans if len(s)), key=lambda p: p[0])
    ordered = [s for s, _ in kept]
    for i, j in _markup_pairs(kept, text):
        a, b = placed.get(ordered[i].start), placed.get(ordered[j].start)
        if a is None or b is None:
            continue
        if _has_words(text[ordered[i].end:ordered[j].start]) and not _has_words(joined[a.end:b.start]):
            findings.append(Finding(Span(a.start, b.end), "markup-lost",
                                    f"{ordered[i].slice(text)!r} ... {ordered[j].slice(text)!r} "
                                    "encloses no text in the translation (the engine dropped it)",
                                    Severity.ERROR, "terminology", text=joined[a.start:b.end]))
    return SegmentResult(joined, tuple(checks), tuple(findings), masked.text)
