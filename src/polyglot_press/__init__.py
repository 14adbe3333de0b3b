"""polyglot_press: a document goes in, clean translations with consistent names come out.

This module only assembles the public API. Names are imported lazily on first
use, so ``import polyglot_press`` stays fast and loads no model, no language
profile and no engine until one is asked for.

>>> import polyglot_press as pp
>>> pp.Span(0, 4).slice("Owen Murphy")
'Owen'
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# public name -> module that defines it (relative to this package)
_EXPORTS: dict[str, str] = {
    # errors
    "PolyglotPressError": ".errors",
    "InputError": ".errors",
    "FormatError": ".errors",
    "UnknownFormatError": ".errors",
    "GlossaryError": ".errors",
    "FileAccessError": ".errors",
    "ChangeConflictError": ".errors",
    "MissingDependencyError": ".errors",
    "EngineError": ".errors",
    "LanguagePairError": ".errors",
    "ModelPackageError": ".errors",
    "OfflineError": ".errors",
    "TranslationMemoryError": ".errors",
    # documents and reports
    "Document": ".document",
    "Block": ".document",
    "Segment": ".document",
    "Protected": ".document",
    "ReadOptions": ".document",
    "split_sentences": ".segment",
    "Report": ".report",
    "DocumentReport": ".report",
    "StageRecord": ".report",
    # script analysis
    "scan": ".scripts",
    "repair": ".scripts",
    "Repaired": ".scripts",
    "RepairPolicy": ".scripts",
    "ScanContext": ".scripts",
    "skeleton": ".scripts",
    "resolved_scripts": ".scripts",
    "restriction_level": ".scripts",
    "RestrictionLevel": ".scripts",
    "are_confusable": ".scripts",
    # language detection
    "detect_language": ".langid",
    "detect_languages": ".langid",
    "LanguageDetector": ".langid",
    "LanguageGuess": ".langid",
    # translation engines and memory
    "Engine": ".engines",
    "BaseEngine": ".engines",
    "PivotEngine": ".engines",
    "get_engine": ".engines",
    "available_engines": ".engines",
    "register_engine": ".engines",
    "TranslationMemory": ".tm",
    "CachedEngine": ".tm",
    # transliteration
    "transliterate": ".translit",
    "transliterate_explain": ".translit",
    "Transliterated": ".translit",
    "romanization_variants": ".translit",
    "standards": ".translit",
    "StandardInfo": ".translit",
    # glossaries and name normalization
    "Glossary": ".glossary",
    "Concept": ".glossary",
    "Term": ".glossary",
    "ConceptKind": ".glossary",
    "CasePolicy": ".glossary",
    "GlossaryMatcher": ".glossary",
    "compile_matcher": ".glossary",
    "Match": ".glossary",
    "lint_glossary": ".glossary",
    "import_glossary": ".glossary",
    "export_glossary": ".glossary",
    "normalize_names": ".names",
    "Normalized": ".names",
    "NameNormalizer": ".names",
    # shared value types
    "Span": ".text",
    "Change": ".text",
    "CharInfo": ".text",
    "Finding": ".text",
    "Severity": ".text",
    "apply_changes": ".text",
    "undo_changes": ".text",
    "inverse_changes": ".text",
    "map_offset": ".text",
    # the pipeline and the terminology layer
    "Press": ".press",
    "PressConfig": ".press",
    "Result": ".press",
    "register_stage": ".stages",
    "known_stages": ".stages",
    "TermCheck": ".records",
    "TermLayer": ".terminology",
    "Calibrator": ".terminology",
    "PlaceholderForm": ".terminology",
    "translate_segments": ".terminology",
}

if TYPE_CHECKING:
    from .document import Block, Document, Protected, ReadOptions, Segment
    from .engines import (
        BaseEngine,
        Engine,
        PivotEngine,
        available_engines,
        get_engine,
        register_engine,
    )
    from .errors import (
        ChangeConflictError,
        EngineError,
        FileAccessError,
        FormatError,
        GlossaryError,
        InputError,
        LanguagePairError,
        MissingDependencyError,
        ModelPackageError,
        OfflineError,
        PolyglotPressError,
        TranslationMemoryError,
        UnknownFormatError,
    )
    from .glossary import (
        CasePolicy,
        Concept,
        ConceptKind,
        Glossary,
        GlossaryMatcher,
        Match,
        Term,
        compile_matcher,
        export_glossary,
        import_glossary,
        lint_glossary,
    )
    from .langid import LanguageDetector, LanguageGuess, detect_language, detect_languages
    from .names import NameNormalizer, Normalized, normalize_names
    from .press import Press, PressConfig, Result
    from .records import TermCheck
    from .report import DocumentReport, Report, StageRecord
    from .scripts import (
        Repaired,
        RepairPolicy,
        RestrictionLevel,
        ScanContext,
        are_confusable,
        repair,
        resolved_scripts,
        restriction_level,
        scan,
        skeleton,
    )
    from .segment import split_sentences
    from .stages import known_stages, register_stage
    from .terminology import Calibrator, PlaceholderForm, TermLayer, translate_segments
    from .text import (
        Change,
        CharInfo,
        Finding,
        Severity,
        Span,
        apply_changes,
        inverse_changes,
        map_offset,
        undo_changes,
    )
    from .tm import CachedEngine, TranslationMemory
    from .translit import (
        StandardInfo,
        Transliterated,
        romanization_variants,
        standards,
        transliterate,
        transliterate_explain,
    )

__all__ = sorted([*_EXPORTS, "__version__"])


def __getattr__(name: str) -> Any:
    module_name = _EXPORTS.get(name)
    if module_name is None:
        raise AttributeError(f"module 'polyglot_press' has no attribute {name!r}")
    value = getattr(importlib.import_module(module_name, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
