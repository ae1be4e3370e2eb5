"""API errors: JSON with a stable code and a message; invalid input is 422, never 500."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel

from backend.errors import DomainError
from backend.i18n import gettext_for

# The HTTP status of each domain error code; any other refusal is 422.
STATUS_OF_CODE = {"not_found": 404, "stale_claim": 409}


class ApiError(Exception):
    """An answer the API gives on purpose."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


class ErrorBody(BaseModel):
    """The shape of every API error."""

    code: str
    message: str


def install_api_errors(app: FastAPI) -> None:
    """Turn ApiError, domain errors and validation errors into the documented JSON."""

    @app.exception_handler(ApiError)
    async def api_error(_: Request, error: ApiError) -> Response:
        return JSONResponse({"code": error.code, "message": error.message}, error.status)

    @app.exception_handler(DomainError)
    async def domain_error(_: Request, error: DomainError) -> Response:
        message = gettext_for("en", error.message, **error.params)
        return JSONResponse(
            {"code": error.code, "message": message}, STATUS_OF_CODE.get(error.code, 422)
        )

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError) -> Response:
        details = [
            {"field": ".".join(str(p) for p in item["loc"][1:]), "message": item["msg"]}
            for item in error.errors()
        ]
        return JSONResponse(
            {"code": "invalid_request", "message": "The request is invalid.", "details": details},
            422,
        )
