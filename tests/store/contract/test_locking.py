"""The Store contract, concurrency side: one linker at a time, a busy store waited for with one
notice and then given up on, readers never blocked, on every backend."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest

from concord.errors import StoreBusyError
from concord.model import Article
from concord.store import open_store


def test_a_second_linker_waits_says_so_then_gives_up(new_store_url: Callable[[], str]) -> None:
    url = new_store_url()
    holder, notices = open_store(url), []
    waiter = open_store(url, timeout=0.5, on_wait=notices.append)
    entered, release = threading.Event(), threading.Event()

    def hold() -> None:
        with holder.linking():
            holder.add_article(Article(id="held", text="Written but not committed yet."))
            entered.set()
            release.wait(20)

    thread = threading.Thread(target=hold)
    thread.start()
    try:
        assert entered.wait(10)
        started = time.monotonic()
        assert waiter.stats()["articles"] == 0 and waiter.events() == []  # readers are not blocked
        assert time.monotonic() - started < 0.4
        with pytest.raises(StoreBusyError, match="busy.*store_timeout"), waiter.linking():
            pass
        assert 0.5 <= time.monotonic() - started < 10
        assert len(notices) == 1 and notices[0].startswith("waiting for another concord process to finish writing")
        patient = open_store(url, timeout=20, on_wait=notices.append)
        threading.Timer(0.5, release.set).start()
        with patient.linking():  # waits for the holder, then links
            assert patient.has_article("held")
        assert len(notices) == 2
        patient.close()
    finally:
        release.set()
        thread.join()
        holder.close()
        waiter.close()
