"""Seed workflow 4 of seeds/000 ("Create Review Campaign"), run as the seed writes it.

The two blocks below are the seed's Python, copied verbatim (the test checks them against the
seed). Between step 1 and step 2 a second user applies to the new campaign with their blog
account (the seed leaves that to the reviewers); the printed lines of steps 3 and 5 are
captured. The one change to the seed's text: its deadline, 2026-03-15T23:59:59Z, was written
when that day was ahead; the same day and hour of 2031 is used.

Usage: python3 workflow4.py <base_url> <owner_access_token> <applicant_access_token> <applicant_account_id>
Prints JSON: every value the seed's code computed, what it printed, and what the driver saw.
"""
import contextlib
import io
import json
import sys

import requests

SEED_DEADLINE = "2026-03-15T23:59:59Z"
DEADLINE = "2031-03-15T23:59:59Z"

# ---- BEGIN VERBATIM seeds/000 Workflow 4, step 1 ----
STEP_1 = """# 1. Create campaign
campaign = requests.post(
    f"{base_url}/api/review/campaigns",
    headers={'Authorization': f'Bearer {access_token}'},
    json={
        "title": "Winter Jacket Review",
        "product_name": "TechJacket Pro",
        "category": "Fashion",
        "reward_type": "cash",
        "reward_value": 50000,
        "max_reviewers": 10,
        "deadline": "2026-03-15T23:59:59Z",
        "description": "Review our new winter jacket"
    }
).json()
campaign_id = campaign['id']

"""
# ---- END VERBATIM ----

# ---- BEGIN VERBATIM seeds/000 Workflow 4, steps 2-5 ----
STEPS_2_TO_5 = """# 2. Get applications
applications = requests.get(
    f"{base_url}/api/review/campaigns/{campaign_id}/applications",
    headers={'Authorization': f'Bearer {access_token}'}
).json()

# 3. Review applications
for app in applications['applications']:
    print(f"{app['user_name']}: {app['follower_count']} followers")

# 4. Approve application
approval = requests.put(
    f"{base_url}/api/review/applications/{app['id']}",
    headers={'Authorization': f'Bearer {access_token}'},
    json={"status": "approved"}
).json()

# 5. Monitor progress
campaign_detail = requests.get(
    f"{base_url}/api/review/campaigns/{campaign_id}"
).json()
print(f"Applications: {campaign_detail['applications_count']}/{campaign_detail['max_reviewers']}")
"""
# ---- END VERBATIM ----


def main():
    base_url, access_token, applicant_token, account_id = sys.argv[1:5]
    scope = {"requests": requests, "base_url": base_url, "access_token": access_token}
    exec(STEP_1.replace(SEED_DEADLINE, DEADLINE), scope)

    # A reviewer applies with their blog account.
    applied = requests.post(
        f"{base_url}/api/review/applications",
        headers={"Authorization": f"Bearer {applicant_token}"},
        json={"campaign_id": scope["campaign_id"], "account_id": account_id},
    )

    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(STEPS_2_TO_5, scope)

    print(json.dumps({
        "campaign": scope["campaign"],
        "applied": {"status": applied.status_code, "body": applied.json()},
        "applications": scope["applications"],
        "approval": scope["approval"],
        "campaign_detail": scope["campaign_detail"],
        "printed": printed.getvalue().splitlines(),
    }))


if __name__ == "__main__":
    main()
