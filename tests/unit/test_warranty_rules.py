"""The rule data files: every rule has an article, numbers and a text; loading validates."""

from __future__ import annotations

import re
import tomllib
from datetime import date
from decimal import Decimal
from importlib import resources
from typing import Any

import pytest

from backend.warranty import (
    RULE_TEXTS,
    ClaimFacts,
    Jurisdiction,
    ProductFacts,
    Remedy,
    Rule,
    UnitFacts,
    evaluate,
    load_rules,
)
from backend.warranty.rules import parse_rules
from backend.warranty.texts import AFTER_WARRANTY_SUFFIX

PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def raw(jurisdiction: Jurisdiction) -> dict[str, Any]:
    source = resources.files("backend.warranty.rules") / f"{jurisdiction.value.lower()}.toml"
    return tomllib.loads(source.read_text(encoding="utf-8"), parse_float=Decimal)


@pytest.mark.parametrize("jurisdiction", list(Jurisdiction))
def test_every_rule_in_the_data_has_an_article_and_a_text(jurisdiction: Jurisdiction) -> None:
    tables = raw(jurisdiction)["rule"]
    assert tables
    for table in tables:
        assert table["id"].startswith(jurisdiction.value.lower() + ".")
        assert table["article"].strip(), table["id"]
        assert RULE_TEXTS[table["id"]].strip(), table["id"]
    assert len(load_rules(jurisdiction).specs) == len(tables)


def test_every_text_belongs_to_a_rule_in_the_data() -> None:
    known = {spec_id for j in Jurisdiction for spec_id in load_rules(j).specs}
    for rule_id in RULE_TEXTS:
        assert rule_id.removesuffix(AFTER_WARRANTY_SUFFIX) in known, rule_id


def test_placeholders_are_plain_names() -> None:
    for rule_id, text in RULE_TEXTS.items():
        for name in PLACEHOLDER.findall(text):
            assert name.isidentifier(), f"{rule_id}: {{{name}}}"


def test_load_rules_is_cached_and_accepts_codes() -> None:
    assert load_rules("ru") is load_rules(Jurisdiction.RU)
    assert load_rules(" kr ").jurisdiction is Jurisdiction.KR


@pytest.mark.parametrize("code", ["US", "", "RUS"])
def test_unknown_jurisdiction_is_named(code: str) -> None:
    with pytest.raises(ValueError, match=f"unknown jurisdiction {code!r}"):
        load_rules(code)
    unit = UnitFacts(ProductFacts("M", "c", 12, 1.0, False, False, False), date(2024, 1, 1))
    with pytest.raises(ValueError, match="unknown jurisdiction"):
        evaluate(unit, ClaimFacts(date(2024, 2, 1)), code, date(2024, 2, 1))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"article": ""}, "has no article"),
        ({"id": "ru.unheard_of"}, "has no text"),
        ({"days": True}, "must be a number"),
        ({"days": "45"}, "must be a number"),
    ],
)
def test_invalid_rule_data_is_refused(change: dict[str, object], message: str) -> None:
    data = raw(Jurisdiction.RU)
    data["rule"] = [{**data["rule"][0], **change}, *data["rule"][1:]]
    with pytest.raises(ValueError, match=message):
        parse_rules(Jurisdiction.RU, data)


def test_duplicate_rule_and_wrong_jurisdiction_are_refused() -> None:
    data = raw(Jurisdiction.RU)
    with pytest.raises(ValueError, match="defined twice"):
        parse_rules(Jurisdiction.RU, {**data, "rule": [*data["rule"], data["rule"][0]]})
    with pytest.raises(ValueError, match="jurisdiction must be"):
        parse_rules(Jurisdiction.EU, data)


def test_missing_number_is_named() -> None:
    with pytest.raises(LookupError, match=r"'ru\.repair' has no number 'weeks'"):
        load_rules("RU").count("ru.repair", "weeks")
    with pytest.raises(LookupError, match=r"no rule 'ru\.nothing'"):
        load_rules("RU").rule("ru.nothing")


def test_rule_is_frozen_hashable_and_renders_translated() -> None:
    rule = load_rules("RU").rule("ru.repair", due_on="2024-07-16")
    assert rule == load_rules("RU").rule("ru.repair", due_on="2024-07-16")
    assert len({rule, rule}) == 1
    assert dict(rule.params) == {"days": 45, "due_on": "2024-07-16"}
    with pytest.raises(TypeError):
        rule.params["days"] = 1  # type: ignore[index]
    assert rule.render(lambda text: "Ремонт за {days} дней, до {due_on}.") == (
        "Ремонт за 45 дней, до 2024-07-16."
    )
    assert Rule("x", "a", "{n}", {"n": 1}).params == {"n": 1}


def test_facts_refuse_negative_numbers() -> None:
    with pytest.raises(ValueError, match="warranty_months"):
        ProductFacts("M", "c", -1, 1.0, False, False, False)
    with pytest.raises(ValueError, match="weight_kg"):
        ProductFacts("M", "c", 12, float("nan"), False, False, False)
    product = ProductFacts("M", "c", 12, 1.0, False, False, False)
    with pytest.raises(ValueError, match="repair_days"):
        UnitFacts(product, None, repair_days=-1)
    assert Remedy("refund") is Remedy.REFUND
