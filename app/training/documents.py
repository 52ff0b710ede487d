"""A scenario's customer documents as image files the desk shows (docs/training.md): each of
the scenario's documents rendered by the specimen generator (app/training/specimens.py) from its
kind and seed, degraded when the scenario says (a phone photo), into the training folder,
`<data>/training/documents/<scenario>/`. Rendered once; the same kind and seed always give the
same document. The wizard's scan steps offer them to be read or dragged in, as a clerk would
take the customer's cards: the photo is read by the real OCR and fills the real fields."""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from pathlib import Path

from app.training.sandbox import training_home
from app.training.scenarios import Scenario

FOLDER = "documents"


@dataclass(frozen=True)
class DocumentFile:
    kind: str  # the generator's kind: id-front, id-back, vehicle-licence, …
    degraded: bool
    path: Path


def scenario_documents(real_home: Path, scenario: Scenario) -> list[DocumentFile]:
    """The scenario's documents as JPEG files in the training folder (rendered the first time)."""
    from app.training.specimens import make  # numpy and Pillow: only when documents are shown

    folder = training_home(real_home) / FOLDER / scenario.id
    out = []
    for doc in scenario.documents:
        kind, seed, degraded = doc["kind"], int(doc["seed"]), bool(doc.get("degraded"))
        path = folder / f"{kind}-{seed}{'-degraded' if degraded else ''}.jpg"
        if not path.is_file():
            folder.mkdir(parents=True, exist_ok=True)
            # Its own partial file: the page renders ahead while opening the wizard may too.
            partial = path.with_name(f"{path.name}.{uuid.uuid4().hex}.partial")
            make(kind, seed, degraded=degraded).image.save(partial, "JPEG", quality=92)
            os.replace(partial, path)  # whole or not at all
        out.append(DocumentFile(kind, degraded, path))
    return out
