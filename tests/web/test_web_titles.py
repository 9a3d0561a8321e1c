"""Event headlines: each actor once under its first name, recipients that act not repeated, no outlets."""

from __future__ import annotations

from concord.model import Actor
from concord.web.titles import actor_key, event_title, summary_title


def test_name_variants_of_one_actor_make_one_name() -> None:
    hillary = Actor("Hillary Clinton", "person", "USA")
    assert actor_key(Actor("Hillary Rodham Clinton", "person", "USA")) == actor_key(hillary)
    assert actor_key(Actor("United States", "state", "USA")) == actor_key(Actor("US", "state", "USA"))
    assert actor_key(Actor("House", "organisation", "USA")) != actor_key(Actor("House", "organisation", "GBR"))
    assert actor_key(hillary) != actor_key(Actor("Bill Clinton", "person", "USA"))
    # with canonical ids, the id decides: "Trump" and "Donald J. Trump" are one actor
    assert actor_key(Actor("Trump", "person", "USA", id="donald-trump")) == actor_key(
        Actor("Donald J. Trump", "person", "USA", id="donald-trump"))


def test_the_headline_drops_repeats_and_outlets_but_keeps_people_with_a_media_sector() -> None:
    actors = [Actor("Hillary Clinton", "person", "USA"), Actor("Hillary Rodham Clinton", "person", "USA"),
              Actor("House", "organisation", "USA"), Actor("New York Times", "organisation", "USA", ["MED"])]
    recipients = [Actor("United States", "state", "USA"), Actor("House", "organisation", "USA"),
                  Actor("Jeb Bush", "person", "USA"), Actor("Daily Ledger", "organisation", "USA")]
    assert event_title(actors, recipients, {"The Daily Ledger"}) == "Hillary Clinton, House → United States, Jeb Bush"
    assert event_title([Actor("Trump", "person", "USA", ["ELI", "MED"])], []) == "Trump"
    assert event_title([], [Actor("India", "state", "IND")]) == "unknown actors → India"
    many = [Actor(f"Minister {n}", "person", "AUS") for n in "ABCDEF"]
    assert event_title(many, []) == "Minister A, Minister B, Minister C, Minister D and 2 more"


def test_a_listing_summary_gets_the_same_headline() -> None:
    who = {"name": "India", "kind": "state", "country": "IND", "sector": [], "role": None}
    whom = {"name": "Pete Hegseth", "kind": "person", "country": "USA", "sector": ["GOV"], "role": "Secretary of Defense"}
    assert summary_title({"actor": [who, who], "recipient": [whom, who]}) == "India → Pete Hegseth"
