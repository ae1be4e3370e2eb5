"""Rule data, one file per jurisdiction (`<code>.toml`), and its typed loader."""

from __future__ import annotations

from backend.warranty.rules.loader import (
    JurisdictionRules,
    RuleSpec,
    as_jurisdiction,
    load_rules,
    parse_rules,
)

__all__ = ["JurisdictionRules", "RuleSpec", "as_jurisdiction", "load_rules", "parse_rules"]
