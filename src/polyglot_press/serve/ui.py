"""The ``/ui`` page for the people who keep the glossaries, and the endpoints it calls.

Plain HTML and one small script (``static/``), no build step. Search and
browse concepts (``GET /v1/concepts``), lint a term as it is typed
(``POST /v1/concepts/lint``), add or edit it (``POST /v1/concepts``: written
through :func:`~polyglot_press.glossary.store.edit_glossary`, the same locked,
atomic path as ``polyglot-press glossary add``; refused when lint finds an
error), and paste a text to see it scanned, normalized and translated with
every term check highlighted (the page calls ``/v1/scan``, ``/v1/normalize``
and ``/v1/translate``).
"""

from __future__ import annotations

import asyncio
import dataclasses
from importlib.resources import files
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from ..errors import PolyglotPressError
from ..glossary.model import Concept, ConceptKind, Glossary, Term
from .requests import caller
from .safety import ApiError
from .service import Service

__all__ = ["router"]

router = APIRouter(tags=["glossary editing"])


def _static(name: str) -> str:
    return files("polyglot_press.serve").joinpath("static", name).read_text(encoding="utf-8")


@router.get("/ui", include_in_schema=False)
async def page() -> HTMLResponse:
    return HTMLResponse(_static("ui.html"))


@router.get("/ui/app.js", include_in_schema=False)
async def script() -> Response:
    return Response(_static("ui.js"), media_type="text/javascript; charset=utf-8")


def _service(request: Request) -> Service:
    service: Service = request.app.state.service
    return service


def _editable(service: Service, name: str | None) -> str:
    name = name or service.settings.ui_glossary or next(iter(sorted(service.glossary_paths)), None)
    if name is None or name not in service.glossary_paths:
        raise ApiError(400, f"unknown glossary {name!r}; this server has: "
                            f"{', '.join(sorted(service.glossary_paths)) or 'none'}")
    return name


def _concept_dict(concept: Concept) -> dict[str, Any]:
    return {"id": concept.id, "kind": str(concept.kind), "terms": [
        {"lang": t.lang, "preferred": t.preferred, "variants": list(t.variants),
         "forbidden": list(t.forbidden)} for t in concept.terms]}


@router.get("/v1/concepts", summary="Search a glossary's concepts (id or any form, case-insensitive)")
async def search(request: Request, q: str = "", glossary: str | None = None, limit: int = 50,
                 api_key: str | None = None) -> JSONResponse:
    service = _service(request)
    caller(request, {"api_key": api_key})
    name = _editable(service, glossary)
    needle = q.casefold().strip()
    found = []
    for concept in service.glossaries[name].concepts:
        forms = [concept.id, *(f for t in concept.terms for f, _ in t.forms())]
        if not needle or any(needle in f.casefold() for f in forms):
            found.append(_concept_dict(concept))
            if len(found) >= max(1, min(limit, 500)):
                break
    return JSONResponse({"glossary": name, "concepts": found,
                         "total": len(service.glossaries[name].concepts)})


class TermEdit(BaseModel):
    """One term of one concept, as the form sends it."""

    model_config = ConfigDict(extra="forbid")
    glossary: str | None = None
    concept: str = Field(min_length=1, max_length=200)
    kind: str = "term"
    lang: str = Field(min_length=1, max_length=35)
    preferred: str = Field(max_length=500)
    variants: list[str] = Field(default_factory=list, max_length=100)
    forbidden: list[str] = Field(default_factory=list, max_length=100)
    api_key: str | None = None


def _apply(glossary: Glossary, edit: TermEdit) -> Glossary:
    """``glossary`` with the edited term (a new concept when the id is new)."""
    try:
        kind = ConceptKind(edit.kind)
    except ValueError:
        raise ApiError(400, f"unknown kind {edit.kind!r}; one of: "
                            f"{', '.join(k.value for k in ConceptKind)}") from None
    clean = [v for v in edit.variants if v.strip()]
    banned = [v for v in edit.forbidden if v.strip()]
    existing = glossary.get(edit.concept)
    old = existing.term(edit.lang) if existing is not None else None
    if old is not None:
        term = dataclasses.replace(old, preferred=edit.preferred, variants=tuple(clean),
                                   forbidden=tuple(banned))
    else:
        term = Term(edit.lang, edit.preferred, tuple(clean), tuple(banned))
    concept = (existing.with_term(term) if existing is not None
               else Concept(edit.concept, kind, (term,)))
    if existing is not None and existing.kind != kind:
        concept = dataclasses.replace(concept, kind=kind)
    updated = glossary.with_concept(concept)
    if edit.lang not in updated.languages:
        updated = dataclasses.replace(updated, languages=(*updated.languages, edit.lang))
    return updated


def _issues(glossary: Glossary, concept_id: str) -> list[dict[str, Any]]:
    from ..glossary.lint import lint_glossary

    out = []
    for issue in lint_glossary(glossary):
        if issue.concept_id in (concept_id, ""):
            data = issue.to_dict()
            data.pop("path", None)  # never show where the file lives on the server
            out.append(data)
    out.sort(key=lambda issue: issue["severity"] != "error")  # errors first, file order kept
    return out


def _check(glossary: Glossary, edit: TermEdit) -> tuple[Glossary | None, list[dict[str, Any]]]:
    try:
        updated = _apply(glossary, edit)
    except (PolyglotPressError, ValueError) as exc:
        if isinstance(exc, ApiError):
            raise
        return None, [{"rule": "invalid", "severity": "error", "message": str(exc),
                       "concept": edit.concept, "lang": edit.lang}]
    return updated, _issues(updated, edit.concept)


@router.post("/v1/concepts/lint", summary="Lint a term edit without writing it")
async def lint(request: Request, edit: TermEdit) -> JSONResponse:
    service = _service(request)
    caller(request, {"api_key": edit.api_key})
    name = _editable(service, edit.glossary)
    _, issues = await asyncio.get_running_loop().run_in_executor(
        None, _check, service.glossaries[name], edit)
    return JSONResponse({"issues": issues, "ok": not any(i["severity"] == "error" for i in issues)})


@router.post("/v1/concepts", summary="Add or edit a term (locked, atomic write; refused on lint errors)")
async def save(request: Request, edit: TermEdit) -> JSONResponse:
    service = _service(request)
    caller(request, {"api_key": edit.api_key})
    name = _editable(service, edit.glossary)
    path = service.glossary_paths[name]

    def write() -> tuple[bool, list[dict[str, Any]]]:
        from ..glossary.store import edit_glossary

        with edit_glossary(path) as current:
            updated, issues = _check(current.glossary, edit)
            if updated is None or any(i["severity"] == "error" for i in issues):
                return False, issues  # nothing is written: the glossary is left as it was
            current.glossary = updated
        service.reload_glossaries()
        return True, issues

    saved, issues = await asyncio.get_running_loop().run_in_executor(None, write)
    body = {"saved": saved, "glossary": name, "issues": issues}
    if saved:
        body["concept"] = _concept_dict(service.glossaries[name].concept(edit.concept))
    return JSONResponse(body, status_code=200 if saved else 422)
