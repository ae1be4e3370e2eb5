"""The FastAPI application and its lifespan: database, dialog engine, background workers."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from backend import __version__
from backend.clock import SYSTEM_CLOCK, Clock
from backend.config import Settings, get_settings
from backend.customers.models import Channel
from backend.db.notify import MANY, Change, ChangeFeed
from backend.monitoring.metrics import DialogMetrics
from backend.runtime import open_runtime, settle_heap
from backend.web import api, chat, console, docs, health, metrics, telegram, widget
from backend.web.api.errors import install_api_errors
from backend.web.console import live
from backend.web.console.errors import install_error_pages
from backend.web.headers import SecurityHeaders
from backend.web.housekeeping import housekeep, send_reports
from backend.web.hub import ChatHub
from backend.web.identity import ChatIdentity
from backend.web.inputs import InputGuard
from backend.web.limits import BodyLimit
from backend.web.state import AppState
from dialogs.config import DialogConfig
from dialogs.engine import Engine

STATIC = Path(__file__).resolve().parent / "static"


def create_app(settings: Settings | None = None, clock: Clock = SYSTEM_CLOCK) -> FastAPI:
    """Build the application; the database opens when it starts serving."""
    config = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        runtime = await open_runtime(config, migrate=config.is_sqlite, clock=clock)
        state = AppState(
            settings=config,
            runtime=runtime,
            engine=Engine(
                runtime.sessions,
                DialogConfig.from_settings(config),
                clock=runtime.clock,
                observer=DialogMetrics(),
            ),
            identity=ChatIdentity(config.resolved_secret_key()),
            hub=ChatHub(runtime.sessions, runtime.clock),
        )
        app.state.warranty = state
        state.hub.document_link = lambda chat_id, path: chat.document_url(state, chat_id, path)
        stop = asyncio.Event()
        changes = state.extras[live.FEED] = ChangeFeed(runtime.engine)
        changes.on_change(lambda change: _wake_senders(state, change))
        workers = [
            asyncio.create_task(changes.run(stop), name="change-feed"),
            asyncio.create_task(state.hub.run(stop), name="web-chat-delivery"),
            asyncio.create_task(housekeep(state, stop), name="housekeeping"),
            asyncio.create_task(send_reports(state, stop), name="complaint-reports"),
        ]
        frontend = None
        if config.telegram_bot_token:
            from bot.app import TelegramFrontend

            frontend = TelegramFrontend(config, state.engine, runtime.sessions, changes=changes)
            state.extras["telegram"] = frontend
            await frontend.start()
        await state.engine.warm_up()
        settle_heap()
        try:
            yield
        finally:
            if frontend is not None:
                await frontend.stop()
            stop.set()
            state.hub.wake()
            for worker in workers:
                with contextlib.suppress(asyncio.CancelledError):
                    await asyncio.wait_for(worker, timeout=10)
            await runtime.close()

    app = FastAPI(
        title="Warranty intake",
        version=__version__,
        lifespan=lifespan,
        docs_url=None,  # served by backend.web.docs from the package, not a CDN
        redoc_url=None,
    )
    app.include_router(health.router)
    app.include_router(docs.router)
    app.include_router(metrics.router)
    app.include_router(chat.router)
    app.include_router(widget.router)
    app.include_router(telegram.router)
    app.include_router(console.router)
    install_error_pages(app)
    app.include_router(api.router)
    install_api_errors(app)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    upload_limit = int(config.max_upload_mb * 2**20) * chat.MAX_FILES_PER_UPLOAD + 2**20
    app.add_middleware(InputGuard)
    app.add_middleware(BodyLimit, limits={"/chat/upload": upload_limit}, default=2**20)
    app.add_middleware(SecurityHeaders, embed_origins=config.widget_origins)
    return app


def _wake_senders(state: AppState, change: Change) -> None:
    """New web outbox rows committed (by any process): the web sender looks now."""
    if change.topic in ("outbox", MANY) and change.key in (Channel.WEB.value, MANY):
        state.hub.wake()
