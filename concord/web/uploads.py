"""``POST /api/ingest`` bodies: read them within the size limit, check their type, and ingest them
through a temporary file so they take exactly the path ``concord ingest FILE`` takes.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from fastapi import HTTPException, Request
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.datastructures import UploadFile
from starlette.types import Message

from ..api import Concord

__all__ = [
    "ALLOWED_SUFFIXES",
    "IngestText",
    "ingest_upload",
    "read_body",
    "safe_filename",
    "upload_from_request",
    "validation_message",
]

#: File types an upload may have (the formats concord reads, without compressed ones).
ALLOWED_SUFFIXES = (".txt", ".md", ".html", ".htm", ".json", ".jsonl", ".rss", ".atom", ".xml")
#: Room an envelope (JSON quoting and fields, multipart boundaries) may take on top of the report itself.
ENVELOPE_BYTES = 64 * 1024

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
#: Plain form fields parsed from a multipart upload (enough to tell "no file" from "more than a file").
_MAX_FIELDS = 16


class IngestText(BaseModel):
    """One report posted as JSON; the same fields a JSON file of one article has."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, description="The report's text.")
    title: str | None = None
    date: str | None = Field(None, description="Publication date, e.g. 2025-02-06.")
    source: str | None = Field(None, description="The outlet.")
    url: str | None = None


def safe_filename(name: str | None) -> str:
    """A harmless file name for an upload that keeps its suffix; 415 for a type concord does not take."""
    base = _UNSAFE.sub("_", Path(name or "").name).lstrip("._")
    suffix = Path(base).suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        allowed = ", ".join(ALLOWED_SUFFIXES)
        raise HTTPException(415, f"file type {suffix or '(none)'!r} not accepted; use one of {allowed}")
    stem = Path(base).stem[:80] or "upload"
    return stem + suffix


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refused with 413 as soon as it is (or says it will be) over ``limit`` bytes."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise HTTPException(413, f"request body of {declared} bytes is over the {limit}-byte limit")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise HTTPException(413, f"request body is over the {limit}-byte limit")
    return bytes(body)


async def upload_from_request(request: Request, max_bytes: int) -> tuple[str, bytes]:
    """The (file name, bytes) a write request carries: a JSON report, plain text, or one uploaded file."""
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media == "application/json":
        body = await read_body(request, max_bytes + ENVELOPE_BYTES)
        try:
            report = IngestText.model_validate_json(body)
        except ValidationError as exc:
            raise HTTPException(422, validation_message(exc.errors())) from exc
        data = json.dumps(report.model_dump(exclude_none=True), ensure_ascii=False).encode()
        return "upload.json", _within(data, max_bytes, "report")
    if media == "text/plain":
        return "upload.txt", await read_body(request, max_bytes)
    if media == "multipart/form-data":
        return await _uploaded_file(request, max_bytes)
    raise HTTPException(415, "send application/json, text/plain, or multipart/form-data with a 'file' field")


async def _uploaded_file(request: Request, max_bytes: int) -> tuple[str, bytes]:
    body = await read_body(request, max_bytes + ENVELOPE_BYTES)

    async def replay() -> Message:
        return {"type": "http.request", "body": body, "more_body": False}

    async with Request(request.scope, replay).form(max_files=1, max_fields=_MAX_FIELDS) as form:
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise HTTPException(422, "multipart body has no file in a 'file' field")
        if len(form) > 1:
            raise HTTPException(400, "multipart body may hold only the 'file' field")
        name = safe_filename(upload.filename)
        data = await upload.read(max_bytes + 1)
    return name, _within(data, max_bytes, "file")


def _within(data: bytes, max_bytes: int, what: str) -> bytes:
    """``data``, or a 413 when it is over the limit."""
    if len(data) > max_bytes:
        raise HTTPException(413, f"{what} is over the {max_bytes}-byte limit")
    return data


def ingest_upload(concord: Concord, name: str, data: bytes) -> dict[str, object]:
    """Ingest ``data`` as a file called ``name`` and return the ingest report, with the temporary
    folder taken out of the sources it names.
    """
    with tempfile.TemporaryDirectory(prefix="concord-upload-") as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        report = concord.ingest([str(path)]).to_json()
    prefix = folder + os.sep
    report["quarantined"] = [
        {**entry, "source": entry["source"].removeprefix(prefix)}
        for entry in report["quarantined"]  # type: ignore[attr-defined]
    ]
    return report


def validation_message(errors: Sequence[Mapping[str, Any]]) -> str:
    """One readable line from pydantic's error list: ``field: problem; field: problem``."""
    parts = []
    for error in errors:
        where = ".".join(str(p) for p in error.get("loc", ()) if p != "body")
        parts.append(f"{where}: {error.get('msg', 'invalid')}" if where else str(error.get("msg", "invalid")))
    return "; ".join(parts) or "invalid request"
