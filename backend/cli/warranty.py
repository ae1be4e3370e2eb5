"""`warranty-intake warranty SERIAL`: the policy answer for one sold unit."""

from __future__ import annotations

import typer

from backend.catalog.facts import unit_facts
from backend.catalog.service import find_unit
from backend.cli.common import language_option, run_with_runtime
from backend.config import get_settings
from backend.i18n import LOCALES, pick_locale
from backend.runtime import Runtime
from backend.warranty import ClaimFacts, PolicyDecision, evaluate
from backend.warranty.explain import explain_decision


def register(app: typer.Typer) -> None:
    """Add the `warranty` command to `app`."""

    @app.command("warranty")
    def warranty_command(
        serial: str = typer.Argument(..., help="Serial number of the sold unit."),
        lang: str = language_option("", f"Answer language: {', '.join(LOCALES)}."),
        jurisdiction: str = typer.Option("", help="RU, EU or KR (default: JURISDICTION)."),
    ) -> None:
        """Print the warranty answer for SERIAL with the rules behind it."""
        settings = get_settings()
        locale = pick_locale(lang or settings.default_locale)
        code = (jurisdiction or settings.jurisdiction).upper()
        if code not in ("RU", "EU", "KR"):
            typer.echo(f"Unknown jurisdiction {code!r}: use RU, EU or KR.", err=True)
            raise typer.Exit(2)

        async def job(runtime: Runtime) -> tuple[str, PolicyDecision] | None:
            today = runtime.clock.today()
            async with runtime.sessions() as session:
                unit = await find_unit(session, serial)
                if unit is None:
                    return None
                label = f"{unit.serial} · {unit.product.name} ({unit.product.model_code})"
                return label, evaluate(unit_facts(unit), ClaimFacts(reported_on=today), code, today)

        found = run_with_runtime(job)
        if found is None:
            typer.echo(f"Serial {serial!r} is not in the sales registry.", err=True)
            raise typer.Exit(1)
        label, decision = found
        typer.echo(label)
        for line in explain_decision(decision, locale):
            typer.echo(line)
