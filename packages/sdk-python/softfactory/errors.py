"""Errors of the SoftFactory API: each carries the contract's code, message, details and request id."""

from typing import Any, Dict, Optional

import requests


class SoftFactoryError(Exception):
    """An answer outside 2xx."""

    def __init__(self, status: int, code: str, message: str, details: Optional[Dict[str, Any]], request_id: Optional[str]) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.details = details
        self.request_id = request_id


class BadRequestError(SoftFactoryError):
    pass


class AuthenticationError(SoftFactoryError):
    pass


class PermissionDeniedError(SoftFactoryError):
    pass


class NotFoundError(SoftFactoryError):
    pass


class ConflictError(SoftFactoryError):
    pass


class ValidationError(SoftFactoryError):
    pass


class RateLimitError(SoftFactoryError):
    pass


class ServiceUnavailableError(SoftFactoryError):
    pass


_BY_CODE = {
    "BAD_REQUEST": BadRequestError,
    "PAYLOAD_TOO_LARGE": BadRequestError,
    "UNAUTHORIZED": AuthenticationError,
    "TWO_FACTOR_REQUIRED": AuthenticationError,
    "FORBIDDEN": PermissionDeniedError,
    "SUBSCRIPTION_REQUIRED": PermissionDeniedError,
    "NOT_FOUND": NotFoundError,
    "CONFLICT": ConflictError,
    "VALIDATION_ERROR": ValidationError,
    "RATE_LIMIT_EXCEEDED": RateLimitError,
    "SERVICE_UNAVAILABLE": ServiceUnavailableError,
}


def error_for(response: requests.Response) -> SoftFactoryError:
    try:
        body = response.json()
    except ValueError:
        body = {}
    error = body.get("error") if isinstance(body, dict) else None
    error = error if isinstance(error, dict) else {}
    code = error.get("code") or ("INTERNAL_ERROR" if response.status_code >= 500 else "BAD_REQUEST")
    meta = body.get("meta") if isinstance(body, dict) and isinstance(body.get("meta"), dict) else {}
    return _BY_CODE.get(code, SoftFactoryError)(
        response.status_code,
        code,
        error.get("message") or response.text[:200] or response.reason,
        error.get("details"),
        meta.get("request_id") or response.headers.get("X-Request-ID"),
    )
