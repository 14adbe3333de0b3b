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

:func:`translate_segments` runs the whole loop around an engine: each segment
is translated as it is first, its terms verified, and only the segments with
a missing, wrong or forbidden term go through protection (placeholders, then
n-best hypotheses); the best candidate by verify and the QA checks is kept.

The package's modules, one job each: ``checks`` (:class:`TermCheck`),
``placeholders`` (forms and calibration), ``codes`` (inline codes in the loop),
``masking`` (protect and restore), ``verify``, ``layer`` (:class:`TermLayer`), ``loop`` (the segment loop) and
``finishing`` (agreement, leaked placeholders, headline casing).

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

from .._files import default_cache_dir
from .checks import STATUSES, TermCheck, consistency
from .codes import markup_problems
from .layer import TermLayer
from .loop import SegmentResult, translate_segments
from .masking import Masked, Restored, Slot, TermInstance
from .placeholders import (
    CODE_FORMS,
    FORMS,
    FORMS_BY_NAME,
    Calibration,
    Calibrator,
    FormScore,
    PlaceholderForm,
)
from .verify import Verified

__all__ = [
    "CODE_FORMS",
    "FORMS",
    "FORMS_BY_NAME",
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
