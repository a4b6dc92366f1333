"""HTTP for the SoftFactory SDK, on requests only.

Credentials, one refresh on the first 401, Idempotency-Key on POSTs, retries with back-off on 429
(honouring Retry-After) and on 503 where a repeat is safe, and errors carrying the contract's code.
"""

import random
import time
import uuid
from typing import Any, Callable, Dict, Optional
from urllib.parse import quote

import requests

from .errors import error_for

_IDEMPOTENT = {"GET", "PUT", "DELETE"}


class Transport:
    def __init__(
        self,
        base_url: str = "http://localhost:8000",
        access_token: Optional[str] = None,
        refresh_token: Optional[str] = None,
        api_key: Optional[str] = None,
        max_retries: int = 3,
        max_retry_delay: float = 30.0,
        timeout: float = 30.0,
        on_tokens: Optional[Callable[[str, str], None]] = None,
        session: Optional[requests.Session] = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.access_token = access_token
        self.refresh_token = refresh_token
        self.api_key = api_key
        self.max_retries = max_retries
        self.max_retry_delay = max_retry_delay
        self.timeout = timeout
        self.on_tokens = on_tokens
        self.session = session or requests.Session()

    def call(
        self,
        method: str,
        template: str,
        params: Dict[str, Any],
        query: Optional[dict] = None,
        body: Optional[dict] = None,
        public: bool = False,
        idempotency_key: Optional[str] = None,
    ) -> Any:
        path = template
        for name, value in params.items():
            path = path.replace("{" + name + "}", quote(str(value), safe=""))
        url = self.base_url + path
        key = (idempotency_key or str(uuid.uuid4())) if method == "POST" else None
        # A 503 may come after the work was done: repeat only what is safe to repeat.
        retry_503 = method in _IDEMPOTENT or idempotency_key is not None
        refreshed = False
        attempt = 0
        while True:
            response = self.session.request(
                method,
                url,
                params={k: v for k, v in (query or {}).items() if v is not None},
                json=body if body is not None else ({} if method in ("POST", "PUT") else None),
                headers=self._headers(key),
                timeout=self.timeout,
            )
            if response.ok:
                return self._read(response)
            if response.status_code == 401 and not refreshed and not public and not self.api_key and self.refresh_token:
                refreshed = True
                if self.refresh():
                    continue
            retryable = response.status_code == 429 or (response.status_code == 503 and retry_503)
            if retryable and attempt < self.max_retries:
                time.sleep(self._delay(response, attempt))
                attempt += 1
                continue
            raise error_for(response)

    def refresh(self) -> bool:
        """Exchanges the refresh token for new tokens (rotated)."""
        attempt = 0
        while True:
            response = self.session.post(
                f"{self.base_url}/api/v1/auth/refresh", json={"refresh_token": self.refresh_token}, timeout=self.timeout
            )
            if response.ok:
                self.keep_tokens(response.json())
                return True
            # Sign-in routes have tight per-address limits: a refused refresh is waited out, not lost.
            if response.status_code != 429 or attempt >= self.max_retries:
                return False
            time.sleep(self._delay(response, attempt))
            attempt += 1

    def keep_tokens(self, answer: Any) -> None:
        """Takes tokens from an answer that carries them (register, login, refresh, OAuth, 2FA)."""
        if isinstance(answer, dict) and isinstance(answer.get("access_token"), str) and isinstance(answer.get("refresh_token"), str):
            self.access_token = answer["access_token"]
            self.refresh_token = answer["refresh_token"]
            if self.on_tokens:
                self.on_tokens(self.access_token, self.refresh_token)

    def _headers(self, idempotency_key: Optional[str]) -> Dict[str, str]:
        headers = {"Accept": "application/json"}
        if self.api_key:
            headers["Authorization"] = f"ApiKey {self.api_key}"
        elif self.access_token:
            headers["Authorization"] = f"Bearer {self.access_token}"
        if idempotency_key:
            headers["Idempotency-Key"] = idempotency_key
        return headers

    def _read(self, response: requests.Response) -> Any:
        if response.status_code == 204:
            return None
        if "json" not in response.headers.get("Content-Type", ""):
            return response.content
        answer = response.json()
        self.keep_tokens(answer)
        return answer

    def _delay(self, response: requests.Response, attempt: int) -> float:
        try:
            retry_after = float(response.headers.get("Retry-After", ""))
        except ValueError:
            retry_after = 0
        if retry_after > 0:
            return min(retry_after, self.max_retry_delay)
        # Exponential back-off with jitter: 0.5 s, 1 s, 2 s, ...
        return min(0.5 * 2**attempt * (0.5 + random.random() / 2), self.max_retry_delay)
