"""One log line per request, and the request's id carried into the tasks it starts."""

import json
import logging

import pytest

from thinktank import request_log

pytestmark = pytest.mark.django_db


def test_every_response_names_its_request(client, article):
    response = client.get(article.get_absolute_url())
    assert len(response["X-Request-ID"]) == 32
    assert client.get("/").get("X-Request-ID") != response["X-Request-ID"]


def test_a_well_formed_id_from_the_proxy_is_kept_and_a_forged_one_replaced(client):
    assert client.get("/", HTTP_X_REQUEST_ID="lb-7f3a.1")["X-Request-ID"] == "lb-7f3a.1"
    forged = client.get("/", HTTP_X_REQUEST_ID="x\r\nSet-Cookie: a=b")["X-Request-ID"]
    assert forged != "x\r\nSet-Cookie: a=b" and len(forged) == 32


def test_one_log_line_per_request_with_its_id_status_and_duration(client, article, caplog):
    with caplog.at_level(logging.INFO, logger="thinktank.request"):
        response = client.get(article.get_absolute_url(), HTTP_X_REQUEST_ID="req-1")
    [line] = [r for r in caplog.records if r.name == "thinktank.request"]
    assert (line.method, line.path, line.status) == ("GET", article.get_absolute_url(), 200)
    assert line.duration_ms >= 0
    assert response["X-Request-ID"] == "req-1"


def test_json_lines_carry_the_request_id_and_the_extras():
    record = logging.makeLogRecord(
        {"name": "thinktank.request", "levelname": "INFO", "msg": "GET / 200", "status": 200}
    )
    token = request_log.request_id.set("req-42")
    try:
        request_log.RequestIdFilter().filter(record)
    finally:
        request_log.request_id.reset(token)
    entry = json.loads(request_log.JsonFormatter().format(record))
    assert entry["request_id"] == "req-42"
    assert entry["status"] == 200 and entry["message"] == "GET / 200"


@pytest.mark.django_db(transaction=True)  # the mail is enqueued when the request commits
def test_a_mail_task_carries_the_id_of_the_request_that_queued_it(post_email, broker):
    response = post_email(HTTP_X_REQUEST_ID="mail-req-9")
    assert response["X-Request-ID"] == "mail-req-9"
    [raw] = broker.redis.lrange("celery", 0, -1)
    assert json.loads(raw)["headers"]["request_id"] == "mail-req-9"


def test_the_worker_logs_under_the_requests_id(caplog):
    class Task:
        name = "mailing.tasks.send_mail"

        class request:  # noqa: N801 - Celery's task.request, with our header
            request_id = "mail-req-9"

    with caplog.at_level(logging.INFO, logger="thinktank.task"):
        request_log.task_started(task_id="t1", task=Task)
        logging.getLogger("mailing.services").warning("sending")
        assert request_log.request_id.get() == "mail-req-9"
        request_log.task_finished(task_id="t1", task=Task, state="SUCCESS")
    [line] = [r for r in caplog.records if r.name == "thinktank.task"]
    assert (line.task, line.state) == ("mailing.tasks.send_mail", "SUCCESS")
    assert request_log.request_id.get() == "-"
