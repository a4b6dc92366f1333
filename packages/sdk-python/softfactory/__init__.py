"""Python client for the SoftFactory API: ``client.coocook.list_chefs(cuisine="Italian")``."""

from typing import Any, Optional

from ._api import SoftFactoryApi
from ._transport import Transport
from .errors import (
    AuthenticationError,
    BadRequestError,
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServiceUnavailableError,
    SoftFactoryError,
    ValidationError,
)

__version__ = "1.0.0"


class SoftFactory(SoftFactoryApi):
    """The SoftFactory API: one attribute per method group, over the canonical /api/v1 paths."""

    def __init__(
        self,
        base_url: str = "http://localhost:8000",
        access_token: Optional[str] = None,
        refresh_token: Optional[str] = None,
        api_key: Optional[str] = None,
        **options: Any,
    ) -> None:
        self._transport = Transport(base_url, access_token, refresh_token, api_key, **options)
        super().__init__(self._transport)

    def login(self, email: str, password: str) -> Any:
        """Signs in and keeps the tokens; later calls carry them and refresh them once on a 401."""
        return self.auth.login(email=email, password=password)

    @property
    def access_token(self) -> Optional[str]:
        return self._transport.access_token

    @property
    def refresh_token(self) -> Optional[str]:
        return self._transport.refresh_token


__all__ = [
    "SoftFactory",
    "SoftFactoryError",
    "BadRequestError",
    "AuthenticationError",
    "PermissionDeniedError",
    "NotFoundError",
    "ConflictError",
    "ValidationError",
    "RateLimitError",
    "ServiceUnavailableError",
]
