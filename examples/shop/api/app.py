"""The shape of code that hits starlette#2093 (never executed by the scanner)."""

from starlette.applications import Starlette
from starlette.background import BackgroundTasks
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.responses import JSONResponse
from starlette.routing import Route


class RequestIdMiddleware(BaseHTTPMiddleware):
    async def dispatch(self, request, call_next):
        response = await call_next(request)
        response.headers["x-request-id"] = request.headers.get("x-request-id", "-")
        return response


def send_receipt(order_id: str) -> None:
    ...  # talks to the mail service for a few seconds


def create_order(request):
    tasks = BackgroundTasks()
    tasks.add_task(send_receipt, "42")
    return JSONResponse({"order": "42"}, status_code=201, background=tasks)


app = Starlette(
    routes=[Route("/orders", create_order, methods=["POST"])],
    middleware=[Middleware(RequestIdMiddleware)],
)
