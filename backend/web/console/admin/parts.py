"""Suppliers and the spare-parts catalog per model: the lists and their CSV upload."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request, UploadFile
from fastapi.responses import Response
from sqlalchemy import select

from backend.catalog.models import Product
from backend.parts.csv_rows import PART_COLUMNS, SUPPLIER_COLUMNS
from backend.parts.importer import import_parts, import_suppliers
from backend.parts.models import Part, Supplier
from backend.staff.models import StaffUser
from backend.web.console.admin.common import Admin, admin_page
from backend.web.console.admin.csv_upload import upload_csv
from backend.web.console.pages import console_page
from backend.web.state import app_state

router = APIRouter()
KINDS = {"suppliers": SUPPLIER_COLUMNS, "parts": PART_COLUMNS}


async def _page(request: Request, user: StaffUser, **context: object) -> Response:
    state = app_state(request.app)
    async with state.sessions() as session:
        suppliers = list(await session.scalars(select(Supplier).order_by(Supplier.name)))
        rows = await session.execute(
            select(Part, Product.model_code)
            .join(Product, Product.id == Part.product_id)
            .order_by(Product.model_code, Part.component, Part.part_number)
        )
        parts = list(rows.all())
    return admin_page(
        request,
        "parts.html",
        user,
        status_code=400 if context.get("file_error") else 200,
        kinds=KINDS,
        suppliers=suppliers,
        supplier_names={s.id: s.name for s in suppliers},
        parts=parts,
        currency=state.settings.currency,
        **context,
    )


@router.get("/parts")
async def parts_page(request: Request, user: Admin) -> Response:
    """Suppliers, the parts of every model with cost and stock, and the two upload forms."""
    return await _page(request, user)


@router.post("/parts/{kind}")
async def upload(
    request: Request,
    kind: str,
    user: Admin,
    file: UploadFile | None = None,
    csrf: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    """Import suppliers or parts from CSV with the catalog importer's line-by-line report."""
    if kind not in KINDS:
        return console_page(request, "not_found.html", user, status_code=404)
    importer = import_suppliers if kind == "suppliers" else import_parts
    upload = (file, csrf)
    return await upload_csv(request, user, kind, upload, importer, _page, f"parts.{kind}")
