"""Load the packaged rule data (`<code>.toml` beside this module) into typed, cached objects."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any

from backend.warranty.texts import RULE_TEXTS
from backend.warranty.types import FrozenParams, Jurisdiction, ParamValue, Rule

Number = int | Decimal
_DATA_PACKAGE = "backend.warranty.rules"
CITATION_PREFIX = "article_"  # `article_ru = "..."`: the article as written in Russian


@dataclass(frozen=True)
class RuleSpec:
    """One rule as the data file states it: id, article and named numbers."""

    id: str
    article: str
    numbers: Mapping[str, Number]
    citations: Mapping[str, str] = field(default_factory=dict)  # locale -> article as written there
    company_policy: bool = False

    def number(self, key: str) -> Number:
        """Return the number stored under `key`; LookupError naming the rule if absent."""
        try:
            return self.numbers[key]
        except KeyError:
            raise LookupError(f"rule {self.id!r} has no number {key!r}") from None


@dataclass(frozen=True)
class JurisdictionRules:
    """All rules of one jurisdiction, keyed by rule id."""

    jurisdiction: Jurisdiction
    law: str
    loaner_policy: bool
    specs: Mapping[str, RuleSpec]

    def spec(self, rule_id: str) -> RuleSpec:
        """Return the spec of `rule_id`; LookupError naming it if the data lacks it."""
        try:
            return self.specs[rule_id]
        except KeyError:
            raise LookupError(f"{self.jurisdiction} rules have no rule {rule_id!r}") from None

    def count(self, rule_id: str, key: str) -> int:
        """Return a whole number (days, months, repairs) of a rule."""
        value = self.spec(rule_id).number(key)
        if not isinstance(value, int):
            raise TypeError(f"rule {rule_id!r}: {key!r} must be a whole number")
        return value

    def quantity(self, rule_id: str, key: str) -> Decimal:
        """Return a measured number (such as kilograms) of a rule as a Decimal."""
        return Decimal(self.spec(rule_id).number(key))

    def rule(self, rule_id: str, **extra: ParamValue) -> Rule:
        """Build the `Rule` for `rule_id`: its numbers plus `extra` become the params."""
        spec = self.spec(rule_id)
        params: dict[str, ParamValue] = {key: _param(v) for key, v in spec.numbers.items()}
        params.update(extra)
        return Rule(
            spec.id,
            spec.article,
            RULE_TEXTS[spec.id],
            FrozenParams(params),
            FrozenParams(spec.citations),
            spec.company_policy,
        )


def _param(value: Number) -> ParamValue:
    return value if isinstance(value, int) else str(value)


def as_jurisdiction(value: Jurisdiction | str) -> Jurisdiction:
    """Return the jurisdiction for a code such as "RU"; ValueError naming unknown codes."""
    if isinstance(value, Jurisdiction):
        return value
    try:
        return Jurisdiction(str(value).strip().upper())
    except ValueError:
        known = ", ".join(j.value for j in Jurisdiction)
        raise ValueError(f"unknown jurisdiction {value!r}; known: {known}") from None


def load_rules(jurisdiction: Jurisdiction | str) -> JurisdictionRules:
    """Return the (cached) rules of a jurisdiction; ValueError naming an unknown code."""
    return _load(as_jurisdiction(jurisdiction))


@cache
def _load(jurisdiction: Jurisdiction) -> JurisdictionRules:
    source = resources.files(_DATA_PACKAGE) / f"{jurisdiction.value.lower()}.toml"
    with source.open("rb") as stream:
        data = tomllib.load(stream, parse_float=Decimal)
    return parse_rules(jurisdiction, data)


def parse_rules(jurisdiction: Jurisdiction, data: Mapping[str, Any]) -> JurisdictionRules:
    """Validate the parsed TOML of one jurisdiction and build its typed rules."""
    where = f"rules/{jurisdiction.value.lower()}.toml"
    if data.get("jurisdiction") != jurisdiction.value:
        raise ValueError(f"{where}: jurisdiction must be {jurisdiction.value!r}")
    specs: dict[str, RuleSpec] = {}
    for table in data.get("rule", []):
        spec = _parse_spec(table, where)
        if spec.id in specs:
            raise ValueError(f"{where}: rule {spec.id!r} is defined twice")
        specs[spec.id] = spec
    loaner_policy = data.get("loaner_policy", False)
    if not isinstance(loaner_policy, bool):
        raise ValueError(f"{where}: loaner_policy must be true or false")
    law = str(data.get("law", ""))
    return JurisdictionRules(jurisdiction, law, loaner_policy, MappingProxyType(specs))


def _parse_spec(table: Mapping[str, Any], where: str) -> RuleSpec:
    rule_id = table.get("id")
    article = table.get("article")
    if not isinstance(rule_id, str) or not rule_id:
        raise ValueError(f"{where}: a rule has no id")
    if not isinstance(article, str) or not article.strip():
        raise ValueError(f"{where}: rule {rule_id!r} has no article")
    if rule_id not in RULE_TEXTS:
        raise ValueError(f"{where}: rule {rule_id!r} has no text in texts.RULE_TEXTS")
    numbers: dict[str, Number] = {}
    citations: dict[str, str] = {}
    for key, value in table.items():
        if key in ("id", "article", "company_policy"):
            continue
        if key.startswith(CITATION_PREFIX):
            if not isinstance(value, str) or not value.strip():
                raise ValueError(f"{where}: rule {rule_id!r}: {key!r} must be a text")
            citations[key.removeprefix(CITATION_PREFIX)] = value
            continue
        if isinstance(value, bool) or not isinstance(value, int | Decimal):
            raise ValueError(f"{where}: rule {rule_id!r}: {key!r} must be a number")
        numbers[key] = value
    company_policy = table.get("company_policy", False)
    if not isinstance(company_policy, bool):
        raise ValueError(f"{where}: rule {rule_id!r}: company_policy must be true or false")
    return RuleSpec(
        rule_id,
        article,
        MappingProxyType(numbers),
        MappingProxyType(citations),
        company_policy,
    )
