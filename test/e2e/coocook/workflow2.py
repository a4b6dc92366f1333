"""Seed workflow 2 of seeds/000 ("Book a Chef (CooCook)"), run as the seed writes it.

The two blocks below are the seed's Python, copied verbatim (the test checks them against the
seed). The seed leaves steps 5 and 6 to the chef's dashboard and never opens the checkout it
gets in step 4; this driver does those between the blocks: it opens the checkout_url (the local
Stripe completes the payment), waits until the booking is paid, and the chef confirms and
completes it. The one change to the seed's text: its booking date, 2026-03-15T19:00:00, was
written when that day was ahead; the service books only future times, so the same day and hour
of 2031 (as the contract writes it) is used.

Usage: python3 workflow2.py <base_url> <guest_access_token> <chef_access_token>
Prints JSON: every value the seed's code computed, and what the driver saw.
"""
import json
import sys
import time

import requests

SEED_BOOKING_DATE = "2026-03-15T19:00:00"
BOOKING_DATE = "2031-03-15T19:00:00"

# ---- BEGIN VERBATIM seeds/000 Workflow 2, steps 1-4 ----
STEPS_1_TO_4 = """# 1. Browse chefs
chefs = requests.get(
    f"{base_url}/api/coocook/chefs",
    params={"cuisine": "Italian", "location": "Seoul"}
).json()

# 2. View chef details
chef_id = chefs['chefs'][0]['id']
chef_detail = requests.get(
    f"{base_url}/api/coocook/chefs/{chef_id}"
).json()

# 3. Create booking
booking = requests.post(
    f"{base_url}/api/coocook/bookings",
    headers={'Authorization': f'Bearer {access_token}'},
    json={
        "chef_id": chef_id,
        "booking_date": "2026-03-15T19:00:00",
        "duration_hours": 3,
        "special_requests": "Vegetarian options"
    }
).json()
booking_id = booking['id']

# 4. Process payment
payment = requests.post(
    f"{base_url}/api/coocook/bookings/{booking_id}/pay",
    headers={'Authorization': f'Bearer {access_token}'},
    json={"amount": booking['total_price']}
).json()

"""
# ---- END VERBATIM ----

# ---- BEGIN VERBATIM seeds/000 Workflow 2, steps 5-7 ----
STEPS_5_TO_7 = """# 5. Chef confirms booking (from chef dashboard)

# 6. Complete booking

# 7. Submit review
review = requests.post(
    f"{base_url}/api/coocook/bookings/{booking_id}/review",
    headers={'Authorization': f'Bearer {access_token}'},
    json={
        "rating": 5,
        "comment": "Amazing experience!"
    }
).json()
"""
# ---- END VERBATIM ----


def main():
    base_url, access_token, chef_token = sys.argv[1:4]
    scope = {"requests": requests, "base_url": base_url, "access_token": access_token}
    exec(STEPS_1_TO_4.replace(SEED_BOOKING_DATE, BOOKING_DATE), scope)

    # Between step 4 and step 5: the guest opens the checkout (as a browser would).
    checkout = requests.get(scope["payment"]["checkout_url"], allow_redirects=False)
    booking_url = f"{base_url}/api/coocook/bookings/{scope['booking_id']}"
    deadline = time.time() + 15
    status = None
    while time.time() < deadline:
        status = requests.get(booking_url, headers={"Authorization": f"Bearer {access_token}"}).json().get("status")
        if status == "paid":
            break
        time.sleep(0.1)
    chef = {"Authorization": f"Bearer {chef_token}"}
    confirmed = requests.put(booking_url, headers=chef, json={"status": "confirmed"})
    completed = requests.put(booking_url, headers=chef, json={"status": "completed"})

    exec(STEPS_5_TO_7, scope)

    print(json.dumps({
        "chefs": scope["chefs"],
        "chef_id": scope["chef_id"],
        "chef_detail": scope["chef_detail"],
        "booking": scope["booking"],
        "payment": scope["payment"],
        "review": scope["review"],
        "checkout_status": checkout.status_code,
        "status_after_payment": status,
        "confirmed": {"status": confirmed.status_code, "body": confirmed.json()},
        "completed": {"status": completed.status_code, "body": completed.json()},
    }))


if __name__ == "__main__":
    main()
