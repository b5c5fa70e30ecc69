import contextlib
import contextvars
from collections.abc import Callable
from typing import Any, ClassVar

import dramatiq
import logfire
import redis
import sentry_sdk
import structlog
from apscheduler.triggers.cron import CronTrigger
from dramatiq import middleware
from dramatiq.brokers.redis import RedisBroker
from dramatiq.middleware.group_callbacks import GroupCallbacks
from dramatiq.rate_limits.backends import RedisBackend as RateLimiterBackend
from dramatiq.results import Results
from dramatiq.results.backends import RedisBackend as ResultsBackend
from redis.backoff import default_backoff
from redis.retry import Retry

from polar.config import settings
from polar.logfire import instrument_httpx
from polar.logging import CorrelationID, Logger
from polar.operational_errors import handle_operational_error
from polar.redis import REDIS_RETRY_ON_ERRROR, SyncFailoverRedis

from . import _sqs
from ._asyncio import MonitoredAsyncIO
from ._debounce import DebounceMiddleware
from ._encoder import JSONEncoder
from ._enqueue import should_route_to_sqs
from ._health import HealthMiddleware
from ._httpx import HTTPXMiddleware
from ._metrics import PrometheusMiddleware
from ._redis import RedisMiddleware
from ._sqlalchemy import SQLAlchemyMiddleware

log: Logger = structlog.get_logger()

TASK_TIME_LIMIT_DEFAULT_MS = 60_000


class OperationalErrorMiddleware(dramatiq.Middleware):
    """Middleware to detect and handle operational errors during message processing."""

    def after_process_message(
        self,
        broker: dramatiq.Broker,
        message: dramatiq.MessageProxy,
        *,
        result: Any | None = None,
        exception: BaseException | None = None,
    ) -> None:
        if exception is not None:
            handle_operational_error(exception)


class MaxRetriesMiddleware(dramatiq.Middleware):
    """Middleware to set the max_retries option for a message."""

    def before_process_message(
        self, broker: dramatiq.Broker, message: dramatiq.MessageProxy
    ) -> None:
        actor = broker.get_actor(message.actor_name)
        max_retries = message.options.get(
            "max_retries", actor.options.get("max_retries", settings.WORKER_MAX_RETRIES)
        )
        message.options["max_retries"] = max_retries


class SchedulerMiddleware(dramatiq.Middleware):
    """Middleware to manage scheduled jobs using APScheduler."""

    def __init__(self) -> None:
        self.cron_triggers: list[tuple[Callable[..., Any], CronTrigger]] = []

    @property
    def actor_options(self) -> set[str]:
        return {"cron_trigger"}

    def after_declare_actor(
        self, broker: dramatiq.Broker, actor: dramatiq.Actor[Any, Any]
    ) -> None:
        if cron_trigger := actor.options.get("cron_trigger"):
            self.cron_triggers.append((actor.send, cron_trigger))


scheduler_middleware = SchedulerMiddleware()


class LogContextMiddleware(dramatiq.Middleware):
    """Middleware to manage log context for each message."""

    def before_process_message(
        self, broker: dramatiq.Broker, message: dramatiq.MessageProxy
    ) -> None:
        correlation_id = CorrelationID.set()
        source_correlation_id = message.options.get("source_correlation_id")

        structlog.contextvars.bind_contextvars(
            actor_name=message.actor_name,
            message_id=message.message_id,
            correlation_id=correlation_id,
            source_correlation_id=message.options.get("source_correlation_id"),
        )
        sentry_sdk.set_tag("correlation_id", correlation_id)
        if source_correlation_id is not None:
            sentry_sdk.set_tag("source_correlation_id", source_correlation_id)

    def after_process_message(
        self,
        broker: dramatiq.Broker,
        message: dramatiq.MessageProxy,
        *,
        result: Any | None = None,
        exception: BaseException | None = None,
    ) -> None:
        structlog.contextvars.unbind_contextvars(
            "actor_name", "message_id", "correlation_id", "source_correlation_id"
        )

    def after_skip_message(
        self, broker: dramatiq.Broker, message: dramatiq.MessageProxy
    ) -> None:
        return self.after_process_message(broker, message)


class LogfireMiddleware(dramatiq.Middleware):
    """Middleware to manage a Logfire span when handling a message."""

    gc_span: ClassVar[contextvars.ContextVar[contextlib.ExitStack | None]] = (
        contextvars.ContextVar("gc_span", default=None)
    )

    @property
    def ephemeral_options(self) -> set[str]:
        return {"logfire_stack"}

    def before_worker_boot(
        self, broker: dramatiq.Broker, worker: dramatiq.Worker
    ) -> None:
        instrument_httpx()

    def before_process_message(
        self, broker: dramatiq.Broker, message: dramatiq.MessageProxy
    ) -> None:
        logfire_stack = contextlib.ExitStack()
        actor_name = message.actor_name
        if actor_name in settings.LOGFIRE_IGNORED_ACTORS:
            logfire_span = logfire_stack.enter_context(
                logfire.suppress_instrumentation()
            )
        else:
            logfire_span = logfire_stack.enter_context(
                logfire.span(
                    "TASK {actor}",
                    actor=actor_name,
                    message=message.asdict(),
                    correlation_id=CorrelationID.get(),
                    source_correlation_id=message.options.get("source_correlation_id"),
                )
            )
        message.options["logfire_stack"] = logfire_stack

    def after_process_message(
        self,
        broker: dramatiq.Broker,
        message: dramatiq.MessageProxy,
        *,
        result: Any | None = None,
        exception: BaseException | None = None,
    ) -> None:
        logfire_stack: contextlib.ExitStack | None = message.options.pop(
            "logfire_stack", None
        )
        if logfire_stack is not None:
            logfire_stack.close()

    def after_skip_message(
        self, broker: dramatiq.Broker, message: dramatiq.MessageProxy
    ) -> None:
        return self.after_process_message(broker, message)


class RoutingRedisBroker(RedisBroker):
    """RedisBroker that diverts SQS-allowlisted actors to SQS at enqueue time.

    Native dramatiq dispatch (cron ``actor.send``, the subscription cycle,
    retries, pipelines) all funnel through ``enqueue``, so the gate applied here
    covers every scheduled path. The buffered ``enqueue_job`` path bypasses this
    method and applies the same gate in ``JobQueueManager.flush``.
    """

    def enqueue(
        self, message: dramatiq.Message[Any], *, delay: int | None = None
    ) -> dramatiq.Message[Any]:
        if should_route_to_sqs(message.actor_name):
            _sqs.send_jobs_sync(
                [
                    _sqs.Job(
                        message.actor_name,
                        message.args,
                        message.kwargs,
                        delay,
                        CorrelationID.get(),
                        message.message_id,
                        message.options.get("debounce_key"),
                        message_options=_sqs.extract_group_completion_options(
                            message.options
                        ),
                    )
                ]
            )
            return message
        return super().enqueue(message, delay=delay)


def get_broker(*, database: bool = True) -> dramatiq.Broker:
    retry = Retry(default_backoff(), retries=50)
    redis_pool = redis.ConnectionPool.from_url(
        settings.redis_url,
        client_name=f"{settings.ENV.value}.worker.dramatiq",
        retry=retry,
        retry_on_error=REDIS_RETRY_ON_ERRROR,
        socket_timeout=10,
        socket_connect_timeout=3,
    )

    result_backend = ResultsBackend(
        encoder=JSONEncoder(),
        client=SyncFailoverRedis(
            connection_pool=redis.ConnectionPool.from_url(
                settings.redis_url,
                retry=retry,
                retry_on_error=REDIS_RETRY_ON_ERRROR,
                socket_timeout=10,
                socket_connect_timeout=3,
            )
        ),
    )
    rate_limiter_backend = RateLimiterBackend(
        client=SyncFailoverRedis(
            connection_pool=redis.ConnectionPool.from_url(
                settings.redis_url,
                retry=retry,
                retry_on_error=REDIS_RETRY_ON_ERRROR,
                socket_timeout=10,
                socket_connect_timeout=3,
            )
        )
    )

    middleware_list = [
        # Infrastructure & async support
        middleware.ShutdownNotifications(),
        MonitoredAsyncIO(),
        # Results backend for pipeline/group support
        Results(backend=result_backend, result_ttl=60_000),
        # Group completion callbacks for orchestrating task sequences
        GroupCallbacks(rate_limiter_backend),
        # Resource lifecycle (worker boot/shutdown)
        *([SQLAlchemyMiddleware()] if database else []),
        RedisMiddleware(),
        HTTPXMiddleware(),
        HealthMiddleware(database=database),
        scheduler_middleware,
        # Observability (outer layer for message processing)
        LogContextMiddleware(),
        LogfireMiddleware(),
        PrometheusMiddleware(),
        # Message flow control
        DebounceMiddleware(redis_pool),
        # Retry & execution control (MaxRetries must precede Retries)
        OperationalErrorMiddleware(),
        MaxRetriesMiddleware(),
        middleware.Retries(
            max_retries=settings.WORKER_MAX_RETRIES,
            min_backoff=settings.WORKER_MIN_BACKOFF_MILLISECONDS,
        ),
        middleware.AgeLimit(),
        middleware.TimeLimit(time_limit=TASK_TIME_LIMIT_DEFAULT_MS),
        middleware.CurrentMessage(),
    ]

    broker = RoutingRedisBroker(
        connection_pool=redis_pool,
        client=SyncFailoverRedis(connection_pool=redis_pool),
        middleware=middleware_list,
        dead_message_ttl=3600 * 1000,  # 1 hour in milliseconds
    )

    return broker


__all__ = [
    "TASK_TIME_LIMIT_DEFAULT_MS",
    "get_broker",
    "scheduler_middleware",
]
