"""`warranty-intake warranty SERIAL`: the policy answer for one sold unit."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import typer

from backend.catalog.service import find_unit
from backend.claims.history import unit_facts_with_history
from backend.cli.common import language_option, run_with_runtime
from backend.config import JURISDICTION_CURRENCY, get_settings
from backend.i18n import LOCALES, pick_locale
from backend.runtime import Runtime
from backend.warranty import ClaimFacts, PolicyDecision, evaluate
from backend.warranty.explain import explain_decision, remedy_label, render_rule, status_label


def decision_json(
    label: str, decision: PolicyDecision, locale: str, currency: str
) -> dict[str, Any]:
    """The decision as plain data: status, dates, remedies with deadlines, and the rules."""
    return {
        "unit": label,
        "jurisdiction": decision.jurisdiction.value,
        "status": decision.status.value,
        "status_label": status_label(decision.status, locale),
        "start_proven": decision.start_proven,
        "warranty_start": decision.warranty_start.isoformat(),
        "warranty_end": decision.warranty_end.isoformat(),
        "guarantee_end": decision.guarantee_end.isoformat() if decision.guarantee_end else None,
        "claim_possible_until": (
            decision.claim_possible_until.isoformat() if decision.claim_possible_until else None
        ),
        "price": str(decision.price) if decision.price is not None else None,
        "remedies": [
            {
                "remedy": option.remedy.value,
                "label": remedy_label(option.remedy, locale),
                "due_on": option.due_on.isoformat(),
                "deadline_days": option.deadline_days,
                "rule": option.rule.id,
                "basis": option.basis.id if option.basis else None,
                "company_policy": option.rule.company_policy,
            }
            for option in decision.remedies
        ],
        "transport_free": decision.transport.company_pays,
        "loaner_due": decision.loaner.due,
        "rules": [
            {
                "id": rule.id,
                "article": rule.citation(locale),
                "company_policy": rule.company_policy,
                "text": render_rule(rule, locale, currency),
            }
            for rule in decision.rules
        ],
    }


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        typer.echo(f"--today: {value!r} is not a date (YYYY-MM-DD).", err=True)
        raise typer.Exit(2) from None


def register(app: typer.Typer) -> None:
    """Add the `warranty` command to `app`."""

    @app.command("warranty")
    def warranty_command(
        serial: str = typer.Argument(..., help="Serial number of the sold unit."),
        lang: str = language_option("", f"Answer language: {', '.join(LOCALES)}."),
        jurisdiction: str = typer.Option("", help="RU, EU or KR (default: JURISDICTION)."),
        today_text: str = typer.Option(
            "", "--today", help="Judge the case as of this day (YYYY-MM-DD)."
        ),
        as_json: bool = typer.Option(False, "--json", help="Print the decision as JSON."),
    ) -> None:
        """Print the warranty answer for SERIAL with the rules behind it."""
        settings = get_settings()
        locale = pick_locale(lang or settings.default_locale)
        code = (jurisdiction or settings.jurisdiction).upper()
        if code not in ("RU", "EU", "KR"):
            typer.echo(f"Unknown jurisdiction {code!r}: use RU, EU or KR.", err=True)
            raise typer.Exit(2)
        on_day = _day(today_text) if today_text else None
        # Another jurisdiction than the deployment's: sums in that jurisdiction's money.
        own = code == settings.jurisdiction
        currency = settings.currency if own else JURISDICTION_CURRENCY[code]

        async def job(runtime: Runtime) -> tuple[str, PolicyDecision] | None:
            today = on_day or runtime.clock.today()
            async with runtime.sessions() as session:
                unit = await find_unit(session, serial)
                if unit is None:
                    return None
                label = f"{unit.serial} · {unit.product.name} ({unit.product.model_code})"
                facts = await unit_facts_with_history(session, unit)
                return label, evaluate(facts, ClaimFacts(reported_on=today), code, today)

        found = run_with_runtime(job)
        if found is None:
            typer.echo(f"Serial {serial!r} is not in the sales registry.", err=True)
            raise typer.Exit(1)
        label, decision = found
        if as_json:
            typer.echo(
                json.dumps(
                    decision_json(label, decision, locale, currency),
                    ensure_ascii=False,
                    indent=2,
                )
            )
            return
        typer.echo(label)
        for line in explain_decision(decision, locale, currency):
            typer.echo(line)
