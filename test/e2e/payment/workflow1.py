"""Seed workflow 1 of seeds/000 ("User Registration & Subscription"), run as the seed writes it.

The block below is the seed's Python, copied verbatim (the test checks it against the seed). The
seed stops at printing the checkout URL for a browser; this driver then does what the browser
does: it opens checkout_url (the local Stripe completes the payment and redirects to
/api/payment/success), follows that redirect to the gateway under test, and lists the
subscriptions.

Usage: python3 workflow1.py <base_url>
Prints JSON: every value the seed's code computed, and what the driver saw.
"""
import json
import sys
import time
from urllib.parse import urlsplit

import requests

# ---- BEGIN VERBATIM seeds/000 Workflow 1 ----
WORKFLOW_1 = """# 1. Register
register_response = requests.post(
    f"{base_url}/api/auth/register",
    json={
        "email": "newuser@example.com",
        "password": "SecurePassword123",
        "name": "John Doe"
    }
)
access_token = register_response.json()['access_token']

# 2. (Already logged in from registration)

# 3. Browse products
products = requests.get(
    f"{base_url}/api/payment/plans"
).json()

# 4. Create checkout session
checkout = requests.post(
    f"{base_url}/api/payment/checkout",
    headers={'Authorization': f'Bearer {access_token}'},
    json={
        "product_id": 1,
        "plan_type": "monthly"
    }
).json()

# 5. Open checkout_url in browser
print(f"Complete payment at: {checkout['checkout_url']}")

# 6-7. Payment success redirects to /api/payment/success
#      which creates subscription automatically
"""
# ---- END VERBATIM ----


def main() -> None:
    base_url = sys.argv[1].rstrip("/")
    printed = []
    scope = {"requests": requests, "base_url": base_url, "print": lambda *a: printed.append(" ".join(map(str, a)))}
    exec(WORKFLOW_1, scope)
    checkout = scope["checkout"]

    # 5. What the browser does: open the checkout page; Stripe sends it on to the success URL.
    page = requests.get(checkout["checkout_url"], allow_redirects=False)
    location = page.headers.get("Location", "")
    target = urlsplit(location)
    success = requests.get(f"{base_url}{target.path}?{target.query}")

    # 7. Access subscribed services: the subscription shows up.
    headers = {"Authorization": f"Bearer {scope['access_token']}"}
    subscriptions = None
    for _ in range(100):
        subscriptions = requests.get(f"{base_url}/api/payment/subscriptions", headers=headers).json()
        if any(s["status"] == "active" for s in subscriptions.get("subscriptions", [])):
            break
        time.sleep(0.1)

    json.dump(
        {
            "registered": scope["register_response"].status_code,
            "products": scope["products"],
            "checkout": checkout,
            "printed": printed,
            "checkout_page": {"status": page.status_code, "location": location},
            "success": {"status": success.status_code, "body": success.json()},
            "subscriptions": subscriptions,
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main()
