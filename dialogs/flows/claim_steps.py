"""The steps of "Register a defect", shared by its three modules (item, details, summary)."""

from __future__ import annotations

from enum import StrEnum


class ClaimStep(StrEnum):
    """Every step of the claim flow, in the order a customer usually meets them."""

    SERIAL = "serial"
    MODEL = "model"
    PURCHASE_DATE = "purchase_date"
    RECEIPT = "receipt"
    PROOF = "proof"
    CATEGORY = "category"
    DESCRIPTION = "description"
    MEDIA = "media"
    PHONE = "phone"
    REMEDY = "remedy"
    QUOTE = "quote"
    SUMMARY = "summary"
    EDIT = "edit"
    DONE = "done"
