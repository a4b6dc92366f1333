"""Seed workflows 1 and 2 of seeds/000, written with the Python SDK (packages/sdk-python).

Usage: PYTHONPATH=packages/sdk-python python3 sdk_workflows.py <base_url> <location>
Prints JSON: what each step answered. Between steps the driver does what a browser would: it
opens the checkout_url the API hands out (the local Stripe completes the payment).
"""
import json
import sys
import time
import uuid

import requests

from softfactory import NotFoundError, PermissionDeniedError, SoftFactory, SoftFactoryError


def until(check, timeout=15.0):
    deadline = time.time() + timeout
    while True:
        try:
            return check()
        except (AssertionError, SoftFactoryError):
            if time.time() > deadline:
                raise
            time.sleep(0.1)


def main():
    base_url, location = sys.argv[1], sys.argv[2]
    tag = uuid.uuid4().hex[:8]
    out = {}

    # Workflow 1: register, browse plans, check out product 1, pay, subscribed.
    client = SoftFactory(base_url=base_url)
    registered = client.auth.register(email=f"py-{tag}@example.com", password="SecurePassword123", name="John Doe")
    out["registered_user"] = registered["user"]
    out["plans"] = [p["slug"] for p in client.payment.list_plans()["plans"]]
    checkout = client.payment.checkout(product_id=1, plan_type="monthly")
    out["checkout"] = {k: checkout[k] for k in ("product_id", "plan_type", "amount_krw")}
    requests.get(checkout["checkout_url"], allow_redirects=False)  # the browser pays

    def active():
        subscriptions = client.payment.list_subscriptions()["subscriptions"]
        assert any(s["status"] == "active" for s in subscriptions)
        return subscriptions

    out["subscriptions"] = until(active)

    # Workflow 2: a chef to book (registered with the SDK too), then browse, book, pay, confirm, complete, review.
    chef = SoftFactory(base_url=base_url)
    chef.auth.register(email=f"py-chef-{tag}@example.com", password="SecurePassword123", name="Chef Py")
    chef.coocook.register_chef(name="Chef Py", bio="Pasta", cuisine="Italian", location=location, hourly_rate_krw=80000)

    chefs = client.coocook.list_chefs(cuisine="Italian", location=location)
    chef_id = chefs["chefs"][0]["id"]
    out["chefs_total"] = chefs["total"]
    out["chef_detail"] = client.coocook.get_chef(chef_id)
    key = str(uuid.uuid4())
    # The subscription reaches the coocook service by an event: until then a booking is 403.
    booking = until(
        lambda: client.coocook.book_chef(
            chef_id=chef_id,
            booking_date="2031-03-15T19:00:00",
            duration_hours=3,
            special_requests="Vegetarian options",
            idempotency_key=key,
        )
    )
    out["booking"] = booking
    payment = client.coocook.pay_booking(booking["id"], amount=booking["total_price"])
    out["payment"] = {k: payment[k] for k in ("booking_id", "amount_krw")}
    requests.get(payment["checkout_url"], allow_redirects=False)

    def paid():
        status = client.coocook.get_booking(booking["id"])["status"]
        assert status == "paid", status
        return status

    out["status_after_payment"] = until(paid)
    out["confirmed"] = chef.coocook.update_booking(booking["id"], status="confirmed")["status"]
    out["completed"] = chef.coocook.update_booking(booking["id"], status="completed")["status"]
    out["review"] = client.coocook.review_booking(booking["id"], rating=5, comment="Amazing experience!")

    # Behaviours: typed errors with the contract's code; one refresh on a 401.
    try:
        client.coocook.get_booking(str(uuid.uuid4()))
    except NotFoundError as error:
        out["not_found"] = {"status": error.status, "code": error.code, "request_id": error.request_id}
    try:
        SoftFactory(base_url=base_url).coocook.list_bookings()
    except SoftFactoryError as error:
        out["anonymous"] = {"status": error.status, "code": error.code, "class": type(error).__name__}
    stale = SoftFactory(base_url=base_url, access_token="not-a-token", refresh_token=client.refresh_token)
    out["after_refresh"] = stale.auth.get_me()["id"]
    out["rotated"] = stale.refresh_token != client.refresh_token
    out["forbidden_is_permission_error"] = issubclass(PermissionDeniedError, SoftFactoryError)

    print(json.dumps(out))


if __name__ == "__main__":
    main()
