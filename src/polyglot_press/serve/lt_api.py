"""The LibreTranslate API, as its clients call it.

``POST /translate``, ``POST /detect``, ``GET /languages``, ``POST /translate_file``
(+ ``GET /download_file/{name}``) and ``GET /frontend/settings``, with
LibreTranslate's field names, response shapes, status codes and error messages.
Behind it runs the whole pipeline: script repair, name normalization and the
glossary terms enforced. The glossaries come from the request's extra
``glossaries`` field, else from its API key, else the server's default.
"""

from __future__ import annotations

import asyncio
import re
import time
import uuid
from pathlib import Path
from typing import Any

from fastapi import APIRouter
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse

from ..errors import LanguagePairError
from ..lang import same_language
from .requests import caller, read_params, requested_glossaries
from .safety import ApiError
from .service import Service, language_name

__all__ = ["router"]

router = APIRouter(tags=["LibreTranslate"])

_FORM = {"application/x-www-form-urlencoded": {"schema": {"type": "object"}},
         "application/json": {"schema": {"type": "object"}}}


def _body(fields: dict[str, Any], required: list[str]) -> dict[str, Any]:
    schema = {"type": "object", "properties": fields, "required": required}
    return {"requestBody": {"content": {k: {"schema": schema} for k in _FORM}}}


_TRANSLATE_FIELDS = {
    "q": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}],
          "description": "text, or a list of texts"},
    "source": {"type": "string", "description": "language code, or auto"},
    "target": {"type": "string"},
    "format": {"type": "string", "enum": ["text", "html"]},
    "alternatives": {"type": "integer", "description": "alternative translations wanted"},
    "api_key": {"type": "string"},
    "glossaries": {"type": "string", "description": "extra: glossary names, comma-separated"},
}


def _service(request: Request) -> Service:
    service: Service = request.app.state.service
    return service


def _formats(service: Service) -> list[str]:
    from ..formats import available_formats

    return [f for f in ("text", "html") if f in available_formats()]


@router.post("/translate", openapi_extra=_body(_TRANSLATE_FIELDS, ["q", "source", "target"]),
             summary="Translate text (LibreTranslate)")
async def translate(request: Request) -> JSONResponse:
    params, is_json = await read_params(request)
    who = caller(request, params)
    service = _service(request)
    settings = service.settings
    q = params.get("q")
    source = params.get("source")
    target = params.get("target")
    fmt = params.get("format") or "text"
    if not q:
        raise ApiError(400, "Invalid request: missing q parameter")
    if not source:
        raise ApiError(400, "Invalid request: missing source parameter")
    if not target:
        raise ApiError(400, "Invalid request: missing target parameter")
    if not isinstance(q, str) and not (isinstance(q, list) and all(isinstance(t, str) for t in q)):
        raise ApiError(400, "Invalid request: q must be a string or a list of strings")
    if not isinstance(source, str) or not isinstance(target, str) or not isinstance(fmt, str):
        raise ApiError(400, "Invalid request: source, target and format must be strings")
    try:
        alternatives = max(0, int(params.get("alternatives", 0) or 0))
    except (TypeError, ValueError):
        raise ApiError(400, "Invalid request: alternatives parameter is not a number") from None
    if alternatives > settings.alternatives_limit:
        raise ApiError(400, "Invalid request: alternatives parameter must be <= "
                            f"{settings.alternatives_limit}")
    if not is_json and isinstance(q, str):
        q = "\n".join(q.splitlines())
    batch = isinstance(q, list)
    texts: list[str] = list(q) if isinstance(q, list) else [q]
    if batch and len(texts) > settings.batch_limit:
        raise ApiError(400, f"Invalid request: request ({len(texts)}) exceeds text limit "
                            f"({settings.batch_limit})")
    size = sum(len(t) for t in texts)
    if size > settings.char_limit:
        raise ApiError(400, f"Invalid request: request ({size}) exceeds text limit ({settings.char_limit})")
    if source != "auto" and not service.has_language(source):
        raise ApiError(400, f"{source} is not supported")
    if not service.has_language(target):
        raise ApiError(400, f"{target} is not supported")
    if fmt not in ("text", "html"):
        raise ApiError(400, f"{fmt} format is not supported")
    if fmt not in _formats(service):
        raise ApiError(400, f"{fmt} format is not supported on this server (no HTML reader installed)")
    names = service.glossary_names(requested_glossaries(params), who.glossaries)
    detected: dict[str, Any] | None = None
    if source == "auto":
        detected = await asyncio.get_running_loop().run_in_executor(
            None, _detect_source, service, "\n".join(texts), target)
        source = detected["language"]
    try:
        if not same_language(source, target):  # same language: the text comes back as it is
            service.router.resolve_pair(source, target)
    except LanguagePairError:
        raise ApiError(400, f"{language_name(target)} ({target}) is not available as a target language "
                            f"from {language_name(source)} ({source})") from None
    results = await _with_timeout(service.translate(texts, source, target, names, fmt), settings.timeout)
    translated = [r[target].text for r in results]
    body: dict[str, Any] = {"translatedText": translated if batch else translated[0]}
    if detected is not None:
        body["detectedLanguage"] = [detected] * len(texts) if batch else detected
    if alternatives:
        alts = [[] if fmt == "html" else await _alternatives(service, r, source, target, alternatives)
                for r in results]
        body["alternatives"] = alts if batch else alts[0]
    return JSONResponse(body)


async def _with_timeout(work: Any, timeout: float) -> Any:
    try:
        return await asyncio.wait_for(work, timeout)
    except TimeoutError:
        raise ApiError(503, f"Translation took longer than {timeout:g} s; try again later") from None


def _detect_source(service: Service, text: str, target: str) -> dict[str, Any]:
    """LibreTranslate's auto source: the best language that some engine translates into ``target``."""
    sources = sorted({s for s, t in service.router.pairs() if t == target})
    candidates = _detect(service, text, sources)
    return candidates[0] if candidates else {"confidence": 0.0, "language": sources[0] if sources else "en"}


def _detect(service: Service, text: str, languages: list[str]) -> list[dict[str, Any]]:
    from ..langid import detect_language
    from ..langid.detector import known_languages

    known = set(known_languages())
    usable = [lang for lang in languages if lang in known]
    if not usable:
        return []
    guess = detect_language(text, candidates=usable) if len(usable) > 1 else None
    if guess is None:
        return [{"confidence": 100.0, "language": usable[0]}]
    if not guess.known:
        return []
    out = [{"confidence": round(guess.confidence * 100, 1), "language": guess.lang}]
    out += [{"confidence": round(p * 100, 1), "language": lang}
            for lang, p in guess.alternatives if lang != guess.lang]
    return out


async def _alternatives(service: Service, result: Any, source: str, target: str, count: int) -> list[str]:
    """Other translations: each segment's next engine hypotheses (glossary terms not enforced)."""
    doc = result.source
    segments = [s for s in doc.iter_segments() if any(c.isalpha() for c in s.text)]
    if not segments:
        return []
    loop = asyncio.get_running_loop()
    hyps = await loop.run_in_executor(
        service.batcher.executor,
        lambda: service.router.translate_batch([s.text for s in segments], source, target,
                                               n_best=count + 1))
    best = result[target].text
    out: list[str] = []
    for rank in range(1, count + 1):
        chosen = {s.index: h[rank] if rank < len(h) else h[0] for s, h in zip(segments, hyps, strict=True)}
        text = doc.replace_segments(chosen).text
        if text != best and text not in out:
            out.append(text)
    return out


@router.post("/detect", openapi_extra=_body({"q": {"type": "string"}, "api_key": {"type": "string"}}, ["q"]),
             summary="Detect the language of a text (LibreTranslate)")
async def detect(request: Request) -> JSONResponse:
    params, _ = await read_params(request)
    caller(request, params)
    service = _service(request)
    q = params.get("q")
    if not q:
        raise ApiError(400, "Invalid request: missing q parameter")
    if isinstance(q, list) and all(isinstance(t, str) for t in q):
        q = "\n".join(q)
    if not isinstance(q, str):
        raise ApiError(400, "Invalid request: q must be a string")
    if len(q) > service.settings.char_limit:
        raise ApiError(400, f"Invalid request: request ({len(q)}) exceeds text limit "
                            f"({service.settings.char_limit})")
    found = await asyncio.get_running_loop().run_in_executor(
        None, _detect, service, q, service.router.languages())
    return JSONResponse(found or [{"confidence": 0.0, "language": "en"}])


@router.get("/languages", summary="Languages and their targets (LibreTranslate)")
async def languages(request: Request) -> JSONResponse:
    return JSONResponse(_service(request).languages())


_SUFFIXES = {"text": [".txt"], "markdown": [".md"], "html": [".html", ".htm"]}


def _file_formats() -> dict[str, str]:
    from ..formats import available_formats

    have = available_formats()
    return {suffix: name for name, suffixes in _SUFFIXES.items() if name in have for suffix in suffixes}


@router.get("/frontend/settings", summary="Settings for LibreTranslate's web front end")
async def frontend_settings(request: Request) -> JSONResponse:
    service = _service(request)
    langs = service.languages()
    target = next((lang for lang in langs if lang["code"] != "en"), langs[0] if langs else None)
    return JSONResponse({
        "charLimit": service.settings.char_limit,
        "frontendTimeout": 500,
        "apiKeys": bool(request.app.state.keys),
        "keyRequired": bool(request.app.state.keys) and not service.settings.allow_anonymous,
        "suggestions": False,
        "filesTranslation": True,
        "supportedFilesFormat": sorted(_file_formats()),
        "language": {
            "source": {"code": "auto", "name": "Auto Detect"},
            "target": {"code": target["code"], "name": target["name"]} if target else None,
        },
    })


_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
_DOWNLOAD = re.compile(r"^[0-9a-f]{32}\.[A-Za-z0-9._-]{1,120}$")


@router.post("/translate_file", summary="Translate a file (LibreTranslate)", openapi_extra={
    "requestBody": {"content": {"multipart/form-data": {"schema": {"type": "object", "properties": {
        "file": {"type": "string", "format": "binary"}, "source": {"type": "string"},
        "target": {"type": "string"}, "api_key": {"type": "string"},
        "glossaries": {"type": "string"}}, "required": ["file", "source", "target"]}}}}})
async def translate_file(request: Request) -> JSONResponse:
    params, _ = await read_params(request)
    who = caller(request, params)
    service = _service(request)
    upload = params.get("file")
    source, target = params.get("source"), params.get("target")
    if not isinstance(upload, UploadFile):
        raise ApiError(400, "Invalid request: missing file parameter")
    if not source:
        raise ApiError(400, "Invalid request: missing source parameter")
    if not target:
        raise ApiError(400, "Invalid request: missing target parameter")
    if not upload.filename:
        raise ApiError(400, "Invalid request: empty file")
    name = _SAFE_NAME.sub("_", Path(upload.filename.replace("\\", "/")).name).lstrip(".") or "file.txt"
    suffix = Path(name).suffix.lower()
    formats = _file_formats()
    if suffix not in formats:
        raise ApiError(400, "Invalid request: file format not supported")
    if source != "auto" and not service.has_language(str(source)):
        raise ApiError(400, f"{source} is not supported")
    if not service.has_language(str(target)):
        raise ApiError(400, f"{target} is not supported")
    data = await upload.read()  # held in memory: the body limit bounds it; never written as given
    from .._files import decode_bytes

    text, _bom = decode_bytes(data, path=name)
    if len(text) > service.settings.char_limit:
        raise ApiError(400, f"Invalid request: request ({len(text)}) exceeds text limit "
                            f"({service.settings.char_limit})")
    src = str(source)
    if src == "auto":
        src = _detect_source(service, text, str(target))["language"]
    try:
        service.router.resolve_pair(src, str(target))
    except LanguagePairError:
        raise ApiError(400, f"{language_name(str(target))} ({target}) is not available as a target "
                            f"language from {language_name(src)} ({src})") from None
    names = service.glossary_names(requested_glossaries(params), who.glossaries)
    results = await _with_timeout(service.translate([text], src, str(target), names, formats[suffix]),
                                  service.settings.timeout)
    out_name = f"{uuid.uuid4().hex}.{Path(name).stem[:80]}.{target}{suffix}"
    folder: Path = request.app.state.files_dir
    _expire(folder, request.app.state.files_ttl)
    from .._files import atomic_write_bytes

    atomic_write_bytes(folder / out_name, results[0][str(target)].to_bytes())
    url = str(request.url_for("download_file", filename=out_name))
    return JSONResponse({"translatedFileUrl": url})


def _expire(folder: Path, ttl: float) -> None:
    cutoff = time.time() - ttl
    for old in folder.iterdir():
        if not _DOWNLOAD.match(old.name):
            continue
        try:
            if old.stat().st_mtime < cutoff:
                old.unlink()
        except OSError:
            continue


@router.get("/download_file/{filename}", name="download_file", summary="A translated file")
async def download_file(request: Request, filename: str) -> FileResponse:
    folder: Path = request.app.state.files_dir
    if not _DOWNLOAD.match(filename) or ".." in filename:
        raise ApiError(400, "Invalid filename")
    path = folder / filename
    if not path.is_file():
        raise ApiError(404, "File not found (translated files are kept for a limited time)")
    download = filename.split(".", 1)[1]
    return FileResponse(path, filename=download)
