"""polyglot_press's own endpoints: scan, repair, normalize, translate with the full report, glossaries.

Bodies are JSON objects described in the OpenAPI document (``/docs``). Every
change is returned as data (span, before, after, rule, reason), as the
library returns it.
"""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field
from starlette.requests import Request
from starlette.responses import JSONResponse

from ..errors import LanguagePairError
from .requests import Caller, caller
from .safety import ApiError
from .service import Service

__all__ = ["router"]

router = APIRouter(prefix="/v1", tags=["polyglot_press"])


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")
    api_key: str | None = None


class TextBody(_Body):
    """A text to look at."""

    text: str = Field(description="the text")


class NormalizeBody(TextBody):
    lang: str | None = Field(None, description="language of the text (default: detected)")
    glossaries: list[str] | None = Field(None, description="glossary names (default: the key's or all)")


class TranslateBody(TextBody):
    targets: list[str] = Field(min_length=1, max_length=8, description="target languages")
    source: str | None = Field(None, description="source language (default: detected per segment)")
    format: str = Field("text", description="text, markdown (or html when its reader is installed)")
    glossaries: list[str] | None = None


def _service(request: Request) -> Service:
    service: Service = request.app.state.service
    return service


def _check(request: Request, body: _Body) -> tuple[Service, Caller]:
    service = _service(request)
    who = caller(request, {"api_key": body.api_key})
    text = getattr(body, "text", "")
    if len(text) > service.settings.char_limit:
        raise ApiError(400, f"Invalid request: request ({len(text)}) exceeds text limit "
                            f"({service.settings.char_limit})")
    return service, who


async def _off_loop(func: Any, *args: Any) -> Any:
    return await asyncio.get_running_loop().run_in_executor(None, func, *args)


@router.post("/scan", summary="Script analysis: mixed scripts, confusables, invisibles, bidi")
async def scan(request: Request, body: TextBody) -> JSONResponse:
    _check(request, body)
    from ..scripts import scan as run_scan

    findings = await _off_loop(run_scan, body.text)
    return JSONResponse({"findings": [f.to_dict() for f in findings]})


@router.post("/repair", summary="Fix what script analysis says is safe to fix")
async def repair(request: Request, body: TextBody) -> JSONResponse:
    _check(request, body)
    from ..scripts import repair as run_repair

    fixed = await _off_loop(run_repair, body.text)
    return JSONResponse({"text": fixed.text, "changes": [c.to_dict() for c in fixed.changes],
                         "findings": [f.to_dict() for f in fixed.findings]})


@router.post("/normalize", summary="Rewrite name variants to the glossary's preferred form")
async def normalize(request: Request, body: NormalizeBody) -> JSONResponse:
    service, who = _check(request, body)
    names = service.glossary_names(body.glossaries, who.glossaries)
    glossaries = [service.glossaries[n] for n in names]

    def work() -> dict[str, Any]:
        from ..names import normalize_names

        for name, glossary in zip(names, glossaries, strict=True):
            result = normalize_names(body.text, glossary, body.lang)
            if result.changes:  # the first glossary that changes the text decides (as Press does)
                return {"glossary": name, **result.to_dict()}
        return {"glossary": None, "text": body.text, "changes": []}

    return JSONResponse(await _off_loop(work))


@router.post("/translate", summary="Translate with the full report (term checks, findings, changes)")
async def translate(request: Request, body: TranslateBody) -> JSONResponse:
    service, who = _check(request, body)
    from ..document import Document
    from ..formats import available_formats

    if body.format not in available_formats():
        raise ApiError(400, f"{body.format} format is not supported")
    for lang in [*body.targets, *([body.source] if body.source else [])]:
        if not service.has_language(lang):
            raise ApiError(400, f"{lang} is not supported")
    names = service.glossary_names(body.glossaries, who.glossaries)
    doc = Document.from_text(body.text, body.format)
    try:
        result = await asyncio.wait_for(service.batcher.run(
            (names, body.source), lambda press: press.translate(doc, body.targets)),
            service.settings.timeout)
    except TimeoutError:
        raise ApiError(503, "Translation took too long; try again later") from None
    except LanguagePairError as exc:
        raise ApiError(400, str(exc)) from None
    return JSONResponse({
        "source": result.source.text,  # after repair and name normalization: source spans point here
        "translations": {t: result[t].text for t in result.targets},
        "glossaries": list(names),
        "report": result.report.to_dict(),
    })


@router.get("/glossaries", summary="The glossaries this server has")
async def glossaries(request: Request) -> JSONResponse:
    service = _service(request)
    return JSONResponse([
        {"name": name, "glossary": g.name, "concepts": len(g.concepts),
         "languages": list(g.all_languages()), "digest": g.digest(),
         "default": name in service.glossary_names(None, None)}
        for name, g in sorted(service.glossaries.items())])


class ReloadBody(_Body):
    pass


@router.post("/glossaries/reload", summary="Read every glossary file again")
async def reload(request: Request, body: ReloadBody | None = None) -> JSONResponse:
    service = _service(request)
    caller(request, {"api_key": body.api_key if body else None})
    counts = await _off_loop(service.reload_glossaries)
    return JSONResponse({"reloaded": counts})
