"""One log line per request and per task, and a request id that follows the work.

Every request gets an id (a well-formed `X-Request-ID` from the proxy, or a new
one), sent back in the response header and attached to every log record made
while it is handled. A Celery task published during the request carries the
id in its headers, and the worker logs under the same id, so one grep finds
the request and the mail or PDF it caused. LOG_FORMAT=json writes each record
as one JSON object (settings.LOGGING).
"""

import contextlib
import contextvars
import json
import logging
import re
import time
import uuid

request_id = contextvars.ContextVar("request_id", default="-")

_WELL_FORMED = re.compile(r"[A-Za-z0-9._-]{1,64}")
HEADER = "X-Request-ID"
_HEADER_KEY = "HTTP_X_REQUEST_ID"  # in request.META

logger = logging.getLogger("thinktank.request")
task_logger = logging.getLogger("thinktank.task")


class RequestLogMiddleware:
    """First in the stack: names the request and logs it once, when answered."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with named(request) as started:
            return logged(request, self.get_response(request), started)


@contextlib.contextmanager
def named(request):
    """The request's id while it is handled; gives the time handling started.

    Also used by publications.fast_path.FastPathApp, which answers some
    pages before this middleware runs.
    """
    given = request.META.get(_HEADER_KEY, "")
    token = request_id.set(given if _WELL_FORMED.fullmatch(given) else uuid.uuid4().hex)
    try:
        yield time.perf_counter()
    finally:
        request_id.reset(token)


def logged(request, response, started):
    """`response`, with the request's id on it, once the request's line is logged."""
    response[HEADER] = log_line(request, response.status_code, started)
    return response


def log_line(request, status, started):
    """Log the request's line; gives the request's id, for its X-Request-ID header."""
    logger.info(
        "%s %s %s",
        request.method,
        request.path,
        status,
        extra={
            "method": request.method,
            "path": request.path,
            "status": status,
            "duration_ms": round((time.perf_counter() - started) * 1000, 1),
        },
    )
    return request_id.get()


class RequestIdFilter(logging.Filter):
    """Puts the current request (or task) id on every record as `request_id`."""

    def filter(self, record):
        record.request_id = request_id.get()
        return True


_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id and extras."""

    def format(self, record):
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update((key, value) for key, value in vars(record).items() if key not in _STANDARD)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


# --- Celery: the id travels in the task's headers --------------------------------


def add_request_id_to_task(headers=None, **kwargs):
    """before_task_publish: the publishing request's id goes with the task."""
    if headers is not None and request_id.get() != "-":
        headers.setdefault("request_id", request_id.get())


_task_started = {}


def task_started(task_id=None, task=None, **kwargs):
    """task_prerun: log under the id of the request that started the task."""
    request_id.set(getattr(task.request, "request_id", None) or f"task-{task_id}")
    _task_started[task_id] = time.perf_counter()


def task_finished(task_id=None, task=None, state=None, **kwargs):
    """task_postrun: one line per task run."""
    started = _task_started.pop(task_id, None)
    task_logger.info(
        "%s %s",
        task.name,
        state,
        extra={
            "task": task.name,
            "task_id": task_id,
            "state": state,
            "duration_ms": round((time.perf_counter() - started) * 1000, 1) if started else None,
        },
    )
    request_id.set("-")
