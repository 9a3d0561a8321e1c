"""The PostgreSQL schema: the same versions as SQLite's (:mod:`concord.store.sqlite.migrations`),
each in PostgreSQL's own SQL; never edit one that has shipped, append.

Every text key is ``COLLATE "C"`` (bytewise, as SQLite's ``BINARY``), so ordering, keyset pages
and id-prefix ranges do not depend on the database's locale; records are JSONB; full-text
search is a generated ``tsvector`` with a GIN index; the store bumps the generation counter once
per change of events (SQLite's triggers bump it too).
"""

from __future__ import annotations

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "SEARCH_CHARS"]

#: How much of an article's text the full-text index takes (a tsvector holds at most 1 MB).
SEARCH_CHARS = 300_000

MIGRATIONS: tuple[str, ...] = (
    f"""
    CREATE TABLE articles (
        id text COLLATE "C" PRIMARY KEY,
        arrival bigint GENERATED ALWAYS AS IDENTITY,
        title text,
        text text NOT NULL,
        source text COLLATE "C",
        url text,
        date text COLLATE "C",
        language text COLLATE "C" NOT NULL,
        ingested_at text COLLATE "C" NOT NULL,
        duplicate_of text COLLATE "C" REFERENCES articles(id),
        data jsonb NOT NULL,
        fts tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector('english', coalesce(title, '')), 'A')
            || setweight(to_tsvector('english', left(text, {SEARCH_CHARS})), 'B')
        ) STORED
    );
    CREATE INDEX articles_order ON articles ((coalesce(date, '')), id);
    CREATE INDEX articles_arrival ON articles ((coalesce(date, '')), arrival);
    CREATE INDEX articles_source ON articles (source);
    CREATE INDEX articles_fts ON articles USING gin (fts);
    CREATE TABLE quarantine (
        source text COLLATE "C" NOT NULL,
        kind text COLLATE "C" NOT NULL,
        reason text COLLATE "C" NOT NULL,
        first_seen text COLLATE "C" NOT NULL,
        last_seen text COLLATE "C" NOT NULL,
        attempts integer NOT NULL DEFAULT 1,
        PRIMARY KEY (source, reason)
    );
    CREATE TABLE analyses (
        article_id text COLLATE "C" PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        producer text NOT NULL,
        data jsonb NOT NULL
    );
    """,
    """
    CREATE TABLE events (
        id text COLLATE "C" PRIMARY KEY,
        date text COLLATE "C",
        type text COLLATE "C" NOT NULL,
        n_articles integer NOT NULL,
        n_sources integer NOT NULL,
        updated_at text NOT NULL,
        data jsonb NOT NULL
    );
    CREATE INDEX events_order ON events ((coalesce(date, '')), id);
    CREATE INDEX events_type ON events (type, date);
    CREATE TABLE event_articles (
        event_id text COLLATE "C" NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        article_id text COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        PRIMARY KEY (event_id, article_id)
    );
    CREATE INDEX event_articles_article ON event_articles (article_id);
    CREATE TABLE event_countries (
        event_id text COLLATE "C" NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        country text COLLATE "C" NOT NULL,
        PRIMARY KEY (event_id, country)
    );
    CREATE INDEX event_countries_country ON event_countries (country, event_id);
    CREATE TABLE linked (
        article_id text COLLATE "C" PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        seq bigint GENERATED ALWAYS AS IDENTITY
    );
    CREATE TABLE link_state (
        name text COLLATE "C" PRIMARY KEY,
        data jsonb NOT NULL
    );
    """,
    """
    CREATE TABLE event_summaries (
        event_id text COLLATE "C" PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
        summary jsonb NOT NULL
    );
    CREATE TABLE event_views (
        event_id text COLLATE "C" PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
        sources text COLLATE "C" NOT NULL,
        data bytea NOT NULL
    );
    CREATE TABLE fact_countries (
        article_id text COLLATE "C" NOT NULL REFERENCES analyses(article_id) ON DELETE CASCADE,
        country text COLLATE "C" NOT NULL,
        PRIMARY KEY (country, article_id)
    );
    CREATE INDEX fact_countries_article ON fact_countries (article_id);
    CREATE TABLE generation (
        id integer PRIMARY KEY CHECK (id = 1),
        n bigint NOT NULL
    );
    INSERT INTO generation(id, n) VALUES (1, 0);
    """,
    # v4: the linking indexes as tables (a new PostgreSQL store has no JSON state to convert).
    """
    CREATE TABLE dedup_articles (
        article_id text COLLATE "C" PRIMARY KEY,
        seq bigint NOT NULL UNIQUE,
        signature bytea,
        duplicate_of text COLLATE "C"
    );
    CREATE TABLE dedup_bands (
        hash bytea NOT NULL,
        band integer NOT NULL,
        article_id text COLLATE "C" NOT NULL,
        PRIMARY KEY (hash, band, article_id)
    );
    CREATE TABLE dedup_meta (
        name text COLLATE "C" PRIMARY KEY,
        value jsonb NOT NULL
    );
    CREATE TABLE cluster_events (
        id text COLLATE "C" PRIMARY KEY,
        seq bigint NOT NULL UNIQUE,
        data jsonb NOT NULL
    );
    CREATE TABLE cluster_postings (
        key text COLLATE "C" NOT NULL,
        bucket bigint NOT NULL,
        event_id text COLLATE "C" NOT NULL,
        PRIMARY KEY (key, bucket, event_id)
    );
    CREATE TABLE cluster_articles (
        article_id text COLLATE "C" PRIMARY KEY,
        seq bigint NOT NULL UNIQUE,
        events jsonb NOT NULL
    );
    CREATE TABLE cluster_df (
        term text COLLATE "C" PRIMARY KEY,
        n bigint NOT NULL
    );
    CREATE TABLE cluster_meta (
        name text COLLATE "C" PRIMARY KEY,
        value jsonb NOT NULL
    );
    """,
    # v5: each ordered pair of an event's countries with its day, type, intensity and sources.
    """
    CREATE TABLE event_pairs (
        a text COLLATE "C" NOT NULL,
        b text COLLATE "C" NOT NULL,
        day text COLLATE "C" NOT NULL,
        type text COLLATE "C" NOT NULL,
        intensity double precision,
        n_sources integer NOT NULL,
        event_id text COLLATE "C" NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        PRIMARY KEY (a, b, day, type, event_id)
    );
    CREATE INDEX event_pairs_event ON event_pairs (event_id);
    CREATE INDEX event_pairs_order ON event_pairs (a, b, day, event_id, n_sources);
    """,
    # v6: articles the analysis cannot take, held out of analysis and linking.
    """
    CREATE TABLE held_articles (
        article_id text COLLATE "C" PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        source text COLLATE "C" NOT NULL,
        reason text COLLATE "C" NOT NULL
    );
    """,
    # v7: each event's canonical actors with the event's day, type, intensity and sources, and the
    # names each actor id goes by (``arrival`` orders them first seen first).
    """
    CREATE TABLE event_actors (
        actor_id text COLLATE "C" NOT NULL,
        day text COLLATE "C" NOT NULL,
        type text COLLATE "C" NOT NULL,
        event_id text COLLATE "C" NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        role text COLLATE "C" NOT NULL CHECK (role IN ('actor', 'recipient', 'both')),
        intensity double precision,
        n_sources integer NOT NULL,
        PRIMARY KEY (actor_id, day, type, event_id)
    );
    CREATE INDEX event_actors_event ON event_actors (event_id, actor_id, role);
    CREATE INDEX event_actors_order ON event_actors (actor_id, day, event_id, n_sources);
    CREATE TABLE actor_names (
        actor_id text COLLATE "C" NOT NULL,
        name text COLLATE "C" NOT NULL,
        kind text COLLATE "C",
        country text COLLATE "C",
        code text COLLATE "C",
        arrival bigint GENERATED ALWAYS AS IDENTITY,
        PRIMARY KEY (actor_id, name)
    );
    CREATE INDEX actor_names_arrival ON actor_names (actor_id, arrival);
    """,
    # v8: each ordered pair of two canonical actors of an event, with its type and the second's role.
    """
    CREATE TABLE actor_pairs (
        a text COLLATE "C" NOT NULL,
        b text COLLATE "C" NOT NULL,
        event_id text COLLATE "C" NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        type text COLLATE "C" NOT NULL,
        b_role text COLLATE "C" NOT NULL,
        PRIMARY KEY (a, b, event_id)
    );
    CREATE INDEX actor_pairs_event ON actor_pairs (event_id);
    """,
)

SCHEMA_VERSION = len(MIGRATIONS)
