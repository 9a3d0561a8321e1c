"""Bearer-token check for the write endpoints: no configured token means no writes at all."""

from __future__ import annotations

import secrets

from fastapi import HTTPException, Request

from .queries import facade

__all__ = ["require_token"]

_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="concord"'}


async def require_token(request: Request) -> None:
    """FastAPI dependency: 403 when no ``api_token`` is configured, 401 when the request's
    ``Authorization: Bearer`` token is missing or wrong (compared in constant time).
    """
    expected = (await facade(request)).settings.api_token
    if not expected:
        raise HTTPException(403, "writes are disabled: set api_token (CONCORD_API_TOKEN) to enable them")
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise HTTPException(401, "missing bearer token (Authorization: Bearer <token>)", headers=_CHALLENGE)
    if not secrets.compare_digest(given.strip().encode(), expected.encode()):
        raise HTTPException(401, "wrong bearer token", headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})
