"""Seed workflow 3 of seeds/000 ("Create and Publish SNS Post"), run as the seed writes it.

The two blocks below are the seed's Python, copied verbatim (the test checks them against the
seed). Step 1 links an account, which starts as `pending`: between the blocks this driver opens
the account's authorize_url as the user's browser would (the platform stand-in approves at once
and sends the browser back to the callback on this gateway). Step 5 reads the post at once; the
driver then keeps monitoring until the post has settled. With file ids given, step 3's body also
carries them as `image_urls` (the same flow with images); otherwise the text is unchanged.

Usage: python3 workflow3.py <base_url> <access_token> [<file_id> ...]
Prints JSON: every value the seed's code computed, and what the driver saw.
"""
import json
import sys
import time
from urllib.parse import urlsplit

import requests

# ---- BEGIN VERBATIM seeds/000 Workflow 3, step 1 ----
STEP_1 = """# 1. Link SNS account
account = requests.post(
    f"{base_url}/api/sns/accounts",
    headers={'Authorization': f'Bearer {access_token}'},
    json={
        "platform": "instagram",
        "account_name": "myinstagram"
    }
).json()
account_id = account['id']

"""
# ---- END VERBATIM ----

# ---- BEGIN VERBATIM seeds/000 Workflow 3, steps 2-5 ----
STEPS_2_TO_5 = """# 2. Get account details
accounts = requests.get(
    f"{base_url}/api/sns/accounts",
    headers={'Authorization': f'Bearer {access_token}'}
).json()

# 3. Create post (draft)
post = requests.post(
    f"{base_url}/api/sns/posts",
    headers={'Authorization': f'Bearer {access_token}'},
    json={
        "account_id": account_id,
        "content": "Check out our new product! #excited",
        "template_type": "carousel"
    }
).json()
post_id = post['id']

# 4. Schedule post
scheduled = requests.post(
    f"{base_url}/api/sns/posts/{post_id}/publish",
    headers={'Authorization': f'Bearer {access_token}'},
    json={
        "scheduled_at": "2026-02-26T15:00:00"
    }
).json()

# 5. Monitor status
post_details = requests.get(
    f"{base_url}/api/sns/posts",
    headers={'Authorization': f'Bearer {access_token}'},
    params={"post_id": post_id}
).json()
"""
# ---- END VERBATIM ----

CAROUSEL = '"template_type": "carousel"'


class Recorded:
    """`requests` as the seed's code uses it, noting each call's method, path and status."""

    def __init__(self):
        self.calls = []

    def _note(self, method, url, response):
        self.calls.append({"method": method, "path": urlsplit(url).path, "status": response.status_code})
        return response

    def get(self, url, **kwargs):
        return self._note("GET", url, requests.get(url, **kwargs))

    def post(self, url, **kwargs):
        return self._note("POST", url, requests.post(url, **kwargs))


def main():
    base_url, access_token = sys.argv[1:3]
    file_ids = sys.argv[3:]
    recorded = Recorded()
    scope = {"requests": recorded, "base_url": base_url, "access_token": access_token}
    exec(STEP_1, scope)

    # Between step 1 and step 2: the user consents on the platform's page.
    consent = requests.get(scope["account"]["authorize_url"], allow_redirects=False)
    back = urlsplit(consent.headers["Location"])
    callback = requests.get(f"{base_url}{back.path}?{back.query}")

    steps = STEPS_2_TO_5
    if file_ids:
        steps = steps.replace(CAROUSEL, CAROUSEL + ", \"image_urls\": " + json.dumps(file_ids))
    exec(steps, scope)

    # Monitoring goes on until the post has settled.
    deadline = time.time() + 20
    settled = scope["post_details"]
    while time.time() < deadline and settled["posts"][0]["status"] not in ("published", "failed"):
        time.sleep(0.2)
        settled = requests.get(
            f"{base_url}/api/sns/posts",
            headers={"Authorization": f"Bearer {access_token}"},
            params={"post_id": scope["post_id"]},
        ).json()

    print(json.dumps({
        "calls": recorded.calls,
        "account": scope["account"],
        "consent_status": consent.status_code,
        "callback": {"status": callback.status_code, "body": callback.json()},
        "accounts": scope["accounts"],
        "post": scope["post"],
        "scheduled": scope["scheduled"],
        "post_details": scope["post_details"],
        "settled": settled,
    }))


if __name__ == "__main__":
    main()
