"""Finding accepted policies by their policyholder's ID number, through the keyed blind index
(hq.personal_data): the number itself is neither stored nor searched in clear."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.masking import mask_id_number, mask_name
from hq.models import Device, Policy
from hq.personal_data import DataKey


def by_holder(session: Session, key: DataKey, id_type: str, id_number: str) -> list[dict[str, Any]]:
    rows = session.execute(
        select(Policy, Device.outlet_code)
        .join(Device, Device.id == Policy.device_id)
        .where(Policy.holder_idx == key.blind_index(id_type, id_number))
        .order_by(Policy.period_start, Policy.policy_number)
    ).all()
    found = []
    for policy, outlet in rows:
        content = json.loads(
            key.open(policy.content_json, f"policies.content_json:{policy.policy_id}")
        )
        holder = content.get("customer") or {}
        found.append(
            {
                "policy_number": policy.policy_number,
                "outlet_code": outlet,
                "vin": policy.vin,
                "start": policy.period_start,
                "end": policy.period_end,
                "holder": mask_name(str(holder.get("name", ""))),
                "id_number": mask_id_number(str(holder.get("id_number", ""))),
                "confirmation_code": policy.confirmation_code,
            }
        )
    return found
