"""The Python clients of seeds/000 ("SoftFactory API Integration Guide"), copied verbatim
between the markers below, plus a small driver that exercises them against a gateway and prints
JSON results. Do not edit the classes to make a test pass: fix the gateway instead.

Usage: python3 client.py <mode> <base_url> [email] [password]
  client   - SoftFactoryClient: login(), get('/api/auth/me'), refresh_tokens(), get('/api/auth/me')
  api      - SoftFactoryAPI: login(), _refresh_token(), get('/api/auth/me'), post('/api/auth/logout')
  demo     - SoftFactoryAPI(base_url, token="demo_token").get("/api/auth/me")
  register - Workflow 1, step 1 (register and read the access token), with the given email
"""

# The imports the seed's snippets carry.
import requests
from datetime import datetime, timedelta
import json
import time
from typing import Optional, Dict, Any

# ---- BEGIN VERBATIM seeds/000 Python SoftFactoryClient ----
class SoftFactoryClient:
    def __init__(self, base_url, email, password):
        self.base_url = base_url
        self.email = email
        self.password = password
        self.access_token = None
        self.refresh_token = None
        self.token_expiry = None

    def login(self):
        """Login and obtain tokens"""
        response = requests.post(
            f"{self.base_url}/api/auth/login",
            json={
                "email": self.email,
                "password": self.password
            }
        )
        if response.status_code == 200:
            data = response.json()
            self.access_token = data['access_token']
            self.refresh_token = data['refresh_token']
            self.token_expiry = datetime.utcnow() + timedelta(hours=1)
            return True
        return False

    def refresh_tokens(self):
        """Refresh access token"""
        response = requests.post(
            f"{self.base_url}/api/auth/refresh",
            json={"refresh_token": self.refresh_token}
        )
        if response.status_code == 200:
            data = response.json()
            self.access_token = data['access_token']
            self.refresh_token = data['refresh_token']
            self.token_expiry = datetime.utcnow() + timedelta(hours=1)
            return True
        return False

    def request(self, method, endpoint, **kwargs):
        """Make authenticated request"""
        # Check if token needs refresh
        if self.token_expiry and datetime.utcnow() > self.token_expiry:
            self.refresh_tokens()

        headers = kwargs.get('headers', {})
        headers['Authorization'] = f'Bearer {self.access_token}'
        kwargs['headers'] = headers

        url = f"{self.base_url}{endpoint}"
        return requests.request(method, url, **kwargs)

    def get(self, endpoint, **kwargs):
        return self.request('GET', endpoint, **kwargs)

    def post(self, endpoint, **kwargs):
        return self.request('POST', endpoint, **kwargs)
# ---- END VERBATIM ----


# ---- BEGIN VERBATIM seeds/000 Python SoftFactoryAPI ----
class SoftFactoryAPI:
    def __init__(self, base_url: str, email: str = None, password: str = None, token: str = None):
        self.base_url = base_url.rstrip('/')
        self.email = email
        self.password = password
        self.access_token = token or "demo_token"
        self.refresh_token = None
        self.token_expiry = None
        self.session = requests.Session()
        self.max_retries = 3
        self.retry_delay = 1

    def login(self) -> bool:
        """Authenticate with email and password"""
        if not self.email or not self.password:
            return False

        response = self.session.post(
            f"{self.base_url}/api/auth/login",
            json={"email": self.email, "password": self.password}
        )

        if response.status_code == 200:
            data = response.json()
            self.access_token = data['access_token']
            self.refresh_token = data['refresh_token']
            self.token_expiry = datetime.utcnow() + timedelta(hours=1)
            return True
        return False

    def _ensure_valid_token(self):
        """Refresh token if expired"""
        if not self.token_expiry:
            return

        if datetime.utcnow() > self.token_expiry - timedelta(minutes=5):
            self._refresh_token()

    def _refresh_token(self) -> bool:
        """Get new access token using refresh token"""
        if not self.refresh_token:
            return False

        response = self.session.post(
            f"{self.base_url}/api/auth/refresh",
            json={"refresh_token": self.refresh_token}
        )

        if response.status_code == 200:
            data = response.json()
            self.access_token = data['access_token']
            self.refresh_token = data['refresh_token']
            self.token_expiry = datetime.utcnow() + timedelta(hours=1)
            return True
        return False

    def _request(self, method: str, endpoint: str, **kwargs) -> Dict[str, Any]:
        """Make HTTP request with retry logic"""
        self._ensure_valid_token()

        headers = kwargs.get('headers', {})
        headers['Authorization'] = f'Bearer {self.access_token}'
        headers['Content-Type'] = 'application/json'
        kwargs['headers'] = headers

        url = f"{self.base_url}{endpoint}"

        for attempt in range(self.max_retries):
            try:
                response = self.session.request(method, url, **kwargs)

                if response.status_code == 429:  # Rate limited
                    time.sleep(self.retry_delay ** attempt)
                    continue

                return response
            except requests.RequestException as e:
                if attempt == self.max_retries - 1:
                    raise
                time.sleep(self.retry_delay ** attempt)

        raise Exception(f"Failed to {method} {endpoint}")

    def get(self, endpoint: str, **kwargs) -> Dict[str, Any]:
        """GET request"""
        response = self._request('GET', endpoint, **kwargs)
        return response.json() if response.status_code < 400 else {"error": response.text}

    def post(self, endpoint: str, data: Dict[str, Any] = None, **kwargs) -> Dict[str, Any]:
        """POST request"""
        if data:
            kwargs['json'] = data
        response = self._request('POST', endpoint, **kwargs)
        return response.json() if response.status_code < 400 else {"error": response.text}

    def put(self, endpoint: str, data: Dict[str, Any] = None, **kwargs) -> Dict[str, Any]:
        """PUT request"""
        if data:
            kwargs['json'] = data
        response = self._request('PUT', endpoint, **kwargs)
        return response.json() if response.status_code < 400 else {"error": response.text}

    def delete(self, endpoint: str, **kwargs) -> Dict[str, Any]:
        """DELETE request"""
        response = self._request('DELETE', endpoint, **kwargs)
        return response.json() if response.status_code < 400 else {"error": response.text}
# ---- END VERBATIM ----


# ---- Driver (not from the seed) ----
import sys


def _json_or_text(response):
    try:
        return response.json()
    except ValueError:
        return response.text


def run_client(base_url, email, password):
    client = SoftFactoryClient(base_url, email, password)
    out = {"login": client.login()}
    first_refresh_token = client.refresh_token
    first_access_token = client.access_token
    before = client.get("/api/auth/me")
    out["me_before_refresh"] = {"status": before.status_code, "body": _json_or_text(before)}
    out["refresh"] = client.refresh_tokens()
    out["refresh_token_rotated"] = client.refresh_token is not None and client.refresh_token != first_refresh_token
    out["access_token_changed"] = client.access_token != first_access_token
    out["old_refresh_token"] = first_refresh_token
    after = client.get("/api/auth/me")
    out["me"] = {"status": after.status_code, "body": _json_or_text(after)}
    return out


def run_api(base_url, email, password):
    api = SoftFactoryAPI(base_url, email=email, password=password)
    out = {"login": api.login()}
    first_refresh_token = api.refresh_token
    out["refresh"] = api._refresh_token()
    out["refresh_token_rotated"] = api.refresh_token is not None and api.refresh_token != first_refresh_token
    out["me"] = api.get("/api/auth/me")
    # The seed's post() sends Content-Type: application/json with no body when given no data.
    out["logout"] = api.post("/api/auth/logout")
    out["me_after_logout"] = api.get("/api/auth/me")
    return out


def run_demo(base_url):
    api = SoftFactoryAPI(base_url, token="demo_token")
    user = api.get("/api/auth/me")
    return {"me": user}


def run_register(base_url, email):
    # Workflow 1, step 1, as the seed writes it (its example email replaced by a fresh one).
    register_response = requests.post(
        f"{base_url}/api/auth/register",
        json={
            "email": email,
            "password": "SecurePassword123",
            "name": "John Doe"
        }
    )
    access_token = register_response.json()['access_token']
    me = requests.get(f"{base_url}/api/auth/me", headers={'Authorization': f'Bearer {access_token}'})
    return {"status": register_response.status_code, "access_token": access_token, "me": _json_or_text(me)}


def run_usage(base_url, email, password):
    # The seed's "Usage" example as written (its base URL and credentials replaced by the test's),
    # with what it prints captured.
    import contextlib
    import io
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        client = SoftFactoryClient(base_url, email, password)
        client.login()

        # Get current user
        response = client.get("/api/auth/me")
        me_status = response.status_code
        print(response.json())

        # Get dashboard
        response = client.get("/api/platform/dashboard")
        print(response.json())
    return {
        "me_status": me_status,
        "dashboard_status": response.status_code,
        "dashboard": response.json(),
        "printed": printed.getvalue().splitlines(),
    }


def main(argv):
    mode, base_url = argv[1], argv[2]
    if mode == "client":
        result = run_client(base_url, argv[3], argv[4])
    elif mode == "api":
        result = run_api(base_url, argv[3], argv[4])
    elif mode == "demo":
        result = run_demo(base_url)
    elif mode == "usage":
        result = run_usage(base_url, argv[3], argv[4])
    elif mode == "register":
        result = run_register(base_url, argv[3])
    else:
        raise SystemExit(f"unknown mode {mode}")
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv)
