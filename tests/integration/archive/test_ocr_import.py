"""Importing paper documents into the archive with the real OCR engine (PP-OCR on ONNX Runtime,
the models in the wheel) on the committed specimen images (tests/fixtures/specimens, made-up
documents with their truth beside them): a 行驶证 photo is read, filed as a 行驶证 and linked to
the policy of the vehicle whose VIN it carries; the same photo as a scanned PDF (an image with no
text of its own) is rendered, read and linked the same way; an ID card matching no policy waits
for review and is still found by its number (through the keyed digest, never in clear)."""

from __future__ import annotations

import copy
import io
import json
from datetime import UTC, datetime

import pytest
from PIL import Image
from sqlalchemy import text

from app.archive.paper_import import PaperImport
from app.archive.service import ArchiveService
from app.desk.context import AppContext
from app.ocr import OcrService
from tests.support.examples import POLICY_REQUEST
from tests.support.outlet import demo_clerk
from tests.support.paths import SPECIMEN_IMAGES
from tests.support.report_month import BEIJING, Clock

pytestmark = pytest.mark.slow  # loading the OCR models and reading three scans: a few seconds

TRUTH = json.loads((SPECIMEN_IMAGES / "truth.json").read_text(encoding="utf-8"))
LICENCE = "vehicle-licence-103.jpg"
ID_CARD = "id-front-101.jpg"


@pytest.fixture(scope="module")
def ocr():
    service = OcrService()
    service.warm_up()
    return service


@pytest.fixture
def desk(seeded_home, ocr):
    """A desk that issued a policy for the specimen 行驶证's vehicle."""
    ctx = AppContext.open(seeded_home, clock=Clock(datetime(2026, 12, 2, 2, 0, tzinfo=UTC)))
    clerk = demo_clerk(ctx)
    req = copy.deepcopy(POLICY_REQUEST)
    truth = TRUTH[LICENCE]["fields"]
    req["vehicle"]["vin"] = truth["vin"]
    req["vehicle"]["plate"] = truth["plate"]
    issued = ctx.issuance.issue(clerk, req)
    importer = PaperImport(ctx.store, ctx.audit, lambda: ocr, ctx.clock, BEIJING)
    yield ctx, clerk, issued, importer, ArchiveService(ctx.store, ctx.audit, ctx.clock, tz=BEIJING)
    ctx.close()


def _scanned_pdf(image: bytes) -> bytes:
    """The photo as a scanner would send it: one page holding the image, no text of its own."""
    buf = io.BytesIO()
    Image.open(io.BytesIO(image)).convert("RGB").save(buf, format="PDF", resolution=200)
    return buf.getvalue()


def test_a_licence_photo_and_its_scanned_pdf_are_read_filed_and_linked(desk):
    ctx, clerk, issued, importer, archive = desk
    photo = (SPECIMEN_IMAGES / LICENCE).read_bytes()
    truth = TRUTH[LICENCE]["fields"]
    got = importer.import_file(clerk, LICENCE, photo)
    assert (got.category, got.pages, got.policy_number, got.review) == (
        "vehicle_licence",
        1,
        issued.policy_number,
        False,
    )
    pdf = importer.import_file(clerk, "scan.pdf", _scanned_pdf(photo))
    assert (pdf.category, pdf.pages, pdf.policy_number, pdf.review) == (
        "vehicle_licence",
        1,
        issued.policy_number,
        False,
    )
    both = {got.document_id, pdf.document_id}
    # Found by the plate exactly, and by words of the text the OCR read.
    assert both <= {h.document_id for h in archive.search(clerk, truth["plate"])}
    assert both <= {h.document_id for h in archive.search(clerk, truth["brand_model"][:4])}
    opened = archive.open(clerk, pdf.document_id)
    assert truth["vin"] in opened.text.replace(" ", "")  # what was read is kept with it


def test_an_id_card_matching_nothing_waits_for_review_and_is_found_by_its_number(desk):
    ctx, clerk, _issued, importer, archive = desk
    truth = TRUTH[ID_CARD]["fields"]
    got = importer.import_file(clerk, ID_CARD, (SPECIMEN_IMAGES / ID_CARD).read_bytes())
    assert (got.category, got.policy_number, got.customer_linked, got.review) == (
        "id_front",
        None,
        False,
        True,
    )
    hits = archive.search(clerk, truth["id_number"])
    assert [(h.document_id, h.review) for h in hits] == [(got.document_id, True)]
    with ctx.store.read() as s:  # the number is in the digests only, never in the text index
        body = s.execute(
            text("SELECT count(*) FROM archive_fts WHERE archive_fts MATCH :q"),
            {"q": f'"{truth["id_number"][-8:]}"'},
        ).scalar_one()
        assert body == 0
