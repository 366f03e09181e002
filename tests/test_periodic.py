"""Periodic jobs run once per period even when two beat schedulers send them."""

import pytest
from django.core.cache import cache

from mailing.tasks import requeue_stuck_mail
from publications.tasks import flush_hits


@pytest.mark.django_db
def test_a_second_sweep_in_the_same_period_does_nothing(redis_cache, monkeypatch):
    runs = []
    monkeypatch.setattr("mailing.services.requeue_stuck", lambda: runs.append(1) or 0)
    requeue_stuck_mail()  # sent by the first beat
    requeue_stuck_mail()  # and by a second one started by mistake
    assert runs == [1]


@pytest.mark.django_db
def test_a_second_hit_flush_in_the_same_period_does_nothing(redis_cache, settings, monkeypatch):
    settings.CELERY_BEAT_SCHEDULE = {
        **settings.CELERY_BEAT_SCHEDULE,
        "flush-hit-counts": {"task": "publications.tasks.flush_hits", "schedule": 15.0},
    }
    runs = []
    monkeypatch.setattr("publications.tasks.flush_buffered_hits", lambda: runs.append(1) or 0)
    flush_hits()
    flush_hits()
    assert runs == [1]


@pytest.mark.django_db
def test_the_next_period_runs_again(redis_cache, monkeypatch):
    runs = []
    monkeypatch.setattr("mailing.services.requeue_stuck", lambda: runs.append(1) or 0)
    requeue_stuck_mail()
    cache.delete("periodic:requeue-stuck-mail")  # the lease of this period has run out
    requeue_stuck_mail()
    assert runs == [1, 1]


def test_the_lease_is_shorter_than_the_period(redis_cache, settings):
    period = settings.CELERY_BEAT_SCHEDULE["requeue-stuck-mail"]["schedule"]
    cache.delete("periodic:requeue-stuck-mail")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("mailing.services.requeue_stuck", lambda: 0)
        requeue_stuck_mail()
    ttl = cache._cache.get_client().ttl(cache.make_and_validate_key("periodic:requeue-stuck-mail"))
    assert 0 < ttl < period
