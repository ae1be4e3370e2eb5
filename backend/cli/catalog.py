"""`warranty-intake import-products|import-units FILE.csv`: load the catalog and sales registry."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn
from sqlalchemy.ext.asyncio import AsyncSession

from backend.catalog.csv_rows import RowError
from backend.catalog.importer import ImportReport, import_products, import_units
from backend.cli.common import run_with_runtime
from backend.runtime import Runtime

# session, file, progress callback, today (the date of the process clock)
ImportJob = Callable[[AsyncSession, Path, Callable[[int], None], date], Awaitable[ImportReport]]
FileArgument = typer.Argument(..., exists=True, dir_okay=False, readable=True, help="CSV file.")


def _count_lines(path: Path) -> int:
    with path.open("rb") as handle:
        return max(sum(1 for _ in handle) - 1, 0)


def run_import(path: Path, job: ImportJob) -> ImportReport:
    """Run one import with a progress bar on a terminal; print the report."""
    console = Console(stderr=True)
    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        disable=not console.is_terminal,
    ) as progress:
        task = progress.add_task(path.name, total=_count_lines(path))

        async def work(runtime: Runtime) -> ImportReport:
            async with runtime.sessions() as session:
                return await job(
                    session, path, lambda n: progress.advance(task, n), runtime.clock.today()
                )

        try:
            report = run_with_runtime(work)
        except RowError as error:
            typer.echo(f"{path}: {error}", err=True)
            raise typer.Exit(2) from None
    typer.echo(
        f"{path.name}: {report.created} created, {report.updated} updated, "
        f"{report.unchanged} unchanged, {len(report.errors)} rejected"
    )
    for line, reason in report.errors:
        typer.echo(f"  line {line}: {reason}", err=True)
    return report


def register(app: typer.Typer) -> None:
    """Add the import commands to `app`."""

    @app.command("import-products")
    def import_products_command(file: Path = FileArgument) -> None:
        """Create or update products from a CSV (model_code,name,category,...)."""
        report = run_import(file, lambda s, p, cb, _today: import_products(s, p, cb))
        if report.errors:
            raise typer.Exit(1)

    @app.command("import-units")
    def import_units_command(file: Path = FileArgument) -> None:
        """Create or update sold units from a CSV (serial,model_code,sold_on,...)."""
        report = run_import(file, lambda s, p, cb, today: import_units(s, p, today, cb))
        if report.errors:
            raise typer.Exit(1)
