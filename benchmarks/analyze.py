"""Throughput of the analysis stage against bare spaCy on the same articles, in one run.

Generates N synthetic wire reports from templates written for this benchmark, then times

* bare ``nlp.pipe`` (the same pipeline object ``analyze`` uses) and
* ``analyze_many`` (parse + actors + times + events + facts)

in a single process and with 2 processes, for each chosen ``event_coder`` setting, and prints
articles/s and the ratio analyze/bare (goal: >= 0.8).
Usage: ``python benchmarks/analyze.py [--articles 500] [--coders model,features] [--repeat 3] [--json]``; each
figure is the best of ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import time
from collections.abc import Callable

from concord.analyze import analyze_many
from concord.analyze.nlp import load_nlp
from concord.model import Article, article_id
from concord.settings import Settings

COUNTRIES = [("Indian", "India", "New Delhi", "IND"), ("Japanese", "Japan", "Tokyo", "JPN"),
             ("French", "France", "Paris", "FRA"), ("Kenyan", "Kenya", "Nairobi", "KEN"),
             ("Brazilian", "Brazil", "Brasilia", "BRA"), ("Australian", "Australia", "Canberra", "AUS"),
             ("German", "Germany", "Berlin", "DEU"), ("Egyptian", "Egypt", "Cairo", "EGY")]
TITLES = ["Defence Minister", "Foreign Minister", "Prime Minister", "President", "Trade Minister"]
FIRST = ["Amara", "Tomas", "Leila", "Kenji", "Sofia", "Ravi", "Ines", "Paulo", "Mira", "Jonas"]
LAST = ["Okafor", "Lindqvist", "Haddad", "Moreau", "Tanaka", "Kapoor", "Ferreira", "Novak", "Achebe", "Brandt"]
TOPICS = ["maritime security", "clean energy", "critical minerals", "cyber defence", "grain exports",
          "vaccine production", "space research", "port logistics"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
OPENINGS = [
    "{a_adj} {a_title} {a_name} held a phone call with {b_adj} {a_title} {b_name} on {weekday}, officials said.",
    "{a_adj} {a_title} {a_name} met {b_adj} counterpart {b_name} in {place} on {weekday} for talks on {topic}.",
    "{a_adj} {a_title} {a_name} and {b_adj} {a_title} {b_name} agreed on {weekday} to deepen ties on {topic}.",
]
BODY = [
    "The two ministers reviewed cooperation on {topic} and agreed to set up a joint working group.",
    "{a_last} said the talks were constructive and that both sides wanted quicker progress on {topic}.",
    "{b_last} thanked {a_last} for the invitation and proposed a visit to {place} later this year.",
    "{a_country} and {b_country} signed the {topic_title} Cooperation Agreement in {year1}.",
    "In {year2}, the relationship was designated as a Strategic Partnership.",
    "The {ordinal} round of the {a_country}-{b_country} Joint Commission took place in {month} {year3} in {place}.",
    "Officials said a road map for the period {year4}-{year5} would be drafted by the end of the month.",
    "Protesters gathered outside the foreign ministry, demanding more transparency about the deal.",
    "Neither side gave details of the financing, and analysts said the timeline remained unclear.",
]
ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth"]
MONTHS = ["January", "March", "May", "July", "September", "November"]


def make_articles(n: int, seed: int = 7) -> list[Article]:
    """``n`` synthetic English reports of 8-12 sentences each, deterministic for ``seed``."""
    rng = random.Random(seed)
    articles = []
    for i in range(n):
        (a_adj, a_country, place, _), (b_adj, b_country, _, _) = rng.sample(COUNTRIES, 2)
        topic = rng.choice(TOPICS)
        values = dict(
            a_adj=a_adj, b_adj=b_adj, a_country=a_country, b_country=b_country, place=place, topic=topic,
            topic_title=topic.title(), a_title=rng.choice(TITLES), weekday=rng.choice(WEEKDAYS),
            a_name=f"{rng.choice(FIRST)} {LAST[i % len(LAST)]}", b_name=f"{rng.choice(FIRST)} {LAST[(i + 3) % len(LAST)]}",
            a_last=LAST[i % len(LAST)], b_last=LAST[(i + 3) % len(LAST)], ordinal=rng.choice(ORDINALS),
            month=rng.choice(MONTHS), year1=rng.randint(2005, 2020), year2=rng.randint(2005, 2020),
            year3=rng.randint(2015, 2024), year4=2025 + i % 3, year5=2030 + i % 5,
        )
        sentences = [rng.choice(OPENINGS)] + rng.sample(BODY, rng.randint(7, len(BODY)))
        text = f"{place}, February {1 + i % 27}: " + " ".join(s.format(**values) for s in sentences)
        text += f" (Report {i})"
        articles.append(Article(id=article_id(text), text=text, date=dt.date(2025, 2, 1 + i % 27)))
    return articles


def rate(n: int, run: Callable[[], object], repeat: int = 1) -> float:
    """Articles per second: the best of ``repeat`` timed runs (a shared machine only ever slows a run down)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return n / best


def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--coders", default="model,features",
                        help="comma-separated event_coder settings to time (model, features, rules)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per figure; the best counts")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    articles = make_articles(args.articles)
    texts = [a.text for a in articles]
    nlp = load_nlp(Settings().spacy_models)
    results: dict[str, dict[str, float]] = {}
    for workers in (1, 2):
        for coder in args.coders.split(","):
            settings = Settings(event_coder=coder)
            list(analyze_many(articles[:20], settings))  # warm up lexicons, the event coder and its model
            # Each pair is timed back to back, so a busy machine slows both sides of a ratio alike.
            bare = rate(len(texts), lambda: list(nlp.pipe(texts, batch_size=32, n_process=workers)), args.repeat)
            full = rate(len(articles), lambda: list(analyze_many(articles, settings, workers=workers)), args.repeat)
            results[f"{workers}_process/{coder}"] = {"bare_nlp_pipe": round(bare, 1), "analyze": round(full, 1),
                                                     "ratio": round(full / bare, 3)}
    words = sum(len(t.split()) for t in texts) / len(texts)
    if args.json:
        print(json.dumps({"articles": len(articles), "mean_words": round(words), "results": results}))
        return
    print(f"{len(articles)} articles, {words:.0f} words each on average, pipeline {nlp.meta['name']}")
    for name, row in results.items():
        print(f"{name:20s} bare nlp.pipe {row['bare_nlp_pipe']:7.1f} art/s   analyze {row['analyze']:7.1f} art/s"
              f"   ratio {row['ratio']:.3f} (goal >= 0.8)")


if __name__ == "__main__":
    main()
