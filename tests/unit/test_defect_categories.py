"""The defect-category table beside the catalog: complete, named in every language, stable."""

from __future__ import annotations

import csv
from importlib import resources
from typing import get_args

from backend.catalog.defects import all_defect_categories, defect_categories_for
from backend.claims.labels import DEFECT_CATEGORIES
from backend.i18n import gettext_for
from backend.web.api.claims import Category

CODES_BEFORE = {"no_power", "stops", "noise", "leak", "display", "battery", "damage", "other"}


def _demo_categories() -> set[str]:
    text = resources.files("backend.demo").joinpath("products.csv").read_text(encoding="utf-8")
    return {row["category"] for row in csv.DictReader(text.splitlines())}


def test_every_demo_product_category_has_its_own_list_ending_in_other() -> None:
    default = defect_categories_for(None)
    for category in _demo_categories():
        codes = defect_categories_for(category)
        assert codes != default, category
        assert codes[-1] == "other" and len(set(codes)) == len(codes), category
    assert default[-1] == "other"
    assert defect_categories_for("hoverboard") == default


def test_a_washing_machine_and_a_phone_get_what_they_break_with() -> None:
    washer, phone = defect_categories_for("washing_machine"), defect_categories_for("smartphone")
    assert {"leak", "drum", "door", "noise", "error_code", "no_power"} <= set(washer)
    assert {"display", "battery", "charging", "camera"} <= set(phone)
    assert not {"display", "battery"} & set(washer) and not {"leak", "drum"} & set(phone)


def test_every_code_is_named_in_every_language_and_the_old_codes_stay() -> None:
    assert all_defect_categories() == set(DEFECT_CATEGORIES)
    assert set(DEFECT_CATEGORIES) >= CODES_BEFORE
    assert set(get_args(Category)) == set(DEFECT_CATEGORIES)  # the public API accepts them all
    for code, label in DEFECT_CATEGORIES.items():
        names = {locale: gettext_for(locale, label) for locale in ("en", "ru", "ko")}
        assert names["ru"] != names["en"] and names["ko"] != names["en"], code
