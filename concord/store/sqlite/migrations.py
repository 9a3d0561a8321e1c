"""The SQLite schema, one migration per version (PostgreSQL has the same versions in its own SQL:
:mod:`concord.store.postgres.migrations`); never edit one that has shipped, append."""

from __future__ import annotations

import sqlite3

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "statements"]

#: Each entry upgrades the schema by one version; never edit one that has shipped, append.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        title TEXT,
        text TEXT NOT NULL,
        source TEXT,
        url TEXT,
        date TEXT,
        language TEXT NOT NULL,
        ingested_at TEXT NOT NULL,
        duplicate_of TEXT REFERENCES articles(id),
        data TEXT NOT NULL
    );
    CREATE INDEX articles_order ON articles(coalesce(date, ''), id);
    CREATE INDEX articles_source ON articles(source);
    CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, text, content='articles', content_rowid='rowid', tokenize='porter unicode61'
    );
    CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
    END;
    CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text)
        VALUES ('delete', old.rowid, old.title, old.text);
    END;
    CREATE TABLE quarantine (
        source TEXT NOT NULL,
        kind TEXT NOT NULL,
        reason TEXT NOT NULL,
        first_seen TEXT NOT NULL,
        last_seen TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 1,
        PRIMARY KEY (source, reason)
    );
    CREATE TABLE analyses (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        producer TEXT NOT NULL,
        data TEXT NOT NULL
    );
    """,
    """
    CREATE TABLE events (
        id TEXT PRIMARY KEY,
        date TEXT,
        type TEXT NOT NULL,
        n_articles INTEGER NOT NULL,
        n_sources INTEGER NOT NULL,
        updated_at TEXT NOT NULL,
        data TEXT NOT NULL
    );
    CREATE INDEX events_order ON events(coalesce(date, ''), id);
    CREATE INDEX events_type ON events(type, date);
    CREATE TABLE event_articles (
        event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        PRIMARY KEY (event_id, article_id)
    );
    CREATE INDEX event_articles_article ON event_articles(article_id);
    CREATE TABLE event_countries (
        event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        country TEXT NOT NULL,
        PRIMARY KEY (event_id, country)
    );
    CREATE INDEX event_countries_country ON event_countries(country, event_id);
    CREATE TABLE linked (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL
    );
    CREATE TABLE link_state (
        name TEXT PRIMARY KEY,
        data TEXT NOT NULL
    );
    """,
    """
    CREATE TABLE event_summaries (
        event_id TEXT PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
        summary TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE event_views (
        event_id TEXT PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
        sources TEXT NOT NULL,
        data BLOB NOT NULL
    );
    CREATE TABLE fact_countries (
        article_id TEXT NOT NULL REFERENCES analyses(article_id) ON DELETE CASCADE,
        country TEXT NOT NULL,
        PRIMARY KEY (country, article_id)
    ) WITHOUT ROWID;
    INSERT OR IGNORE INTO fact_countries(article_id, country)
        SELECT n.article_id, p.value FROM analyses n, json_each(n.data, '$.facts') f,
            json_each(f.value, '$.parties') p;
    CREATE TABLE generation (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        n INTEGER NOT NULL
    );
    INSERT INTO generation(id, n) VALUES (1, 0);
    CREATE TRIGGER events_changed_ai AFTER INSERT ON events BEGIN
        UPDATE generation SET n = n + 1;
    END;
    CREATE TRIGGER events_changed_ad AFTER DELETE ON events BEGIN
        UPDATE generation SET n = n + 1;
    END;
    CREATE TRIGGER events_changed_au AFTER UPDATE ON events BEGIN
        UPDATE generation SET n = n + 1;
    END;
    """,
    # v4: the clusterer's and the duplicate index's data in tables (read an article's worth at a
    # time) instead of one JSON row each. An existing "clusterer" state is converted here
    # (version-1 states get their time buckets, bucket = day / max(1, window_days), as the
    # clusterer computes them) and its row deleted; a "dedup" state needs datasketch's band
    # layout, so the first link run moves it (DuplicateIndex.stored) and deletes its row.
    """
    CREATE TABLE dedup_articles (
        article_id TEXT PRIMARY KEY,
        seq INTEGER NOT NULL,
        signature BLOB,
        duplicate_of TEXT
    );
    CREATE UNIQUE INDEX dedup_articles_seq ON dedup_articles(seq);
    CREATE TABLE dedup_bands (
        hash BLOB NOT NULL,
        band INTEGER NOT NULL,
        article_id TEXT NOT NULL,
        PRIMARY KEY (hash, band, article_id)
    ) WITHOUT ROWID;
    CREATE TABLE dedup_meta (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    CREATE TABLE cluster_events (
        id TEXT PRIMARY KEY,
        seq INTEGER NOT NULL,
        data TEXT NOT NULL
    );
    CREATE UNIQUE INDEX cluster_events_seq ON cluster_events(seq);
    CREATE TABLE cluster_postings (
        key TEXT NOT NULL,
        bucket INTEGER NOT NULL,
        event_id TEXT NOT NULL,
        PRIMARY KEY (key, bucket, event_id)
    ) WITHOUT ROWID;
    CREATE TABLE cluster_articles (
        article_id TEXT PRIMARY KEY,
        seq INTEGER NOT NULL,
        events TEXT NOT NULL
    );
    CREATE UNIQUE INDEX cluster_articles_seq ON cluster_articles(seq);
    CREATE TABLE cluster_df (
        term TEXT PRIMARY KEY,
        n INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE cluster_meta (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    WITH RECURSIVE
        st(data, size) AS (
            SELECT data, max(1, json_extract(data, '$.config.window_days')) FROM link_state WHERE name = 'clusterer'
        ),
        ev(seq, row, size, first, last) AS (
            SELECT e.key + 1, e.value, st.size, json_extract(e.value, '$.first_day'), json_extract(e.value, '$.last_day')
            FROM st, json_each(st.data, '$.events') e
        ),
        span(seq, b, top) AS (
            SELECT seq, first / size, last / size FROM ev
            WHERE json_type(row, '$.buckets') IS NULL AND json_array_length(row, '$.keys') > 0
                AND first IS NOT NULL AND last IS NOT NULL
            UNION ALL SELECT seq, b + 1, top FROM span WHERE b < top
        )
    INSERT INTO cluster_events(id, seq, data)
        SELECT json_extract(row, '$.id'), seq, CASE
            WHEN json_type(row, '$.buckets') IS NOT NULL THEN row
            WHEN json_array_length(row, '$.keys') = 0 THEN json_set(row, '$.buckets', json('[]'))
            WHEN first IS NULL OR last IS NULL THEN json_set(row, '$.buckets', json('[null]'))
            ELSE json_set(row, '$.buckets', (SELECT json_group_array(b) FROM (SELECT b FROM span s WHERE s.seq = ev.seq ORDER BY b)))
        END FROM ev;
    INSERT OR IGNORE INTO cluster_postings(key, bucket, event_id)
        SELECT k.value, coalesce(b.value, -4611686018427387904), c.id
        FROM cluster_events c, json_each(c.data, '$.keys') k, json_each(c.data, '$.buckets') b;
    INSERT INTO cluster_articles(article_id, seq, events)
        SELECT json_extract(a.value, '$[0]'), a.key + 1, json_extract(a.value, '$[1]')
        FROM link_state s, json_each(s.data, '$.articles') a WHERE s.name = 'clusterer';
    INSERT INTO cluster_df(term, n)
        SELECT json_extract(d.value, '$[0]'), json_extract(d.value, '$[1]')
        FROM link_state s, json_each(s.data, '$.idf.df') d WHERE s.name = 'clusterer';
    INSERT INTO cluster_meta(name, value)
        SELECT m.name, CASE json_type(s.data, m.path) WHEN 'object' THEN json_extract(s.data, m.path)
            ELSE json_quote(json_extract(s.data, m.path)) END
        FROM link_state s, (
            SELECT 'config' AS name, '$.config' AS path UNION ALL SELECT 'max_day', '$.max_day'
            UNION ALL SELECT 'n_docs', '$.idf.n_docs' UNION ALL SELECT 'prior_docs', '$.idf.prior_docs'
            UNION ALL SELECT 'doc_words', '$.idf.doc_words'
        ) m WHERE s.name = 'clusterer';
    DELETE FROM link_state WHERE name = 'clusterer';
    """,
    # v5: each ordered pair of an event's countries (a country with itself included) with the
    # event's day, type, intensity and sources, so a country's or a dyad's events per period, its
    # type counts and a page of its events are one range of a covering key, not a lookup into the
    # large events rows for each of its events.
    """
    CREATE TABLE IF NOT EXISTS event_pairs (
        a TEXT NOT NULL,
        b TEXT NOT NULL,
        day TEXT NOT NULL,
        type TEXT NOT NULL,
        intensity REAL,
        n_sources INTEGER NOT NULL,
        event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        PRIMARY KEY (a, b, day, type, event_id)
    ) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS event_pairs_event ON event_pairs(event_id);
    CREATE INDEX IF NOT EXISTS event_pairs_order ON event_pairs(a, b, day, event_id, n_sources);
    INSERT OR IGNORE INTO event_pairs(a, b, day, type, intensity, n_sources, event_id)
        SELECT x.country, y.country, coalesce(e.date, ''), e.type, json_extract(e.data, '$.intensity'),
            e.n_sources, e.id
        FROM events e JOIN event_countries x ON x.event_id = e.id JOIN event_countries y ON y.event_id = e.id;
    """,
    # v6: an article the analysis cannot take is quarantined with its id and held out of analysis
    # and linking until `concord quarantine retry` releases or `drop` deletes it.
    """
    CREATE TABLE IF NOT EXISTS held_articles (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        source TEXT NOT NULL,
        reason TEXT NOT NULL
    );
    """,
    # v7: each event's canonical actors (one row per actor id, its role "actor", "recipient" or
    # "both") with the event's day, type, intensity and sources, so an actor's events, its counts
    # per period and type, its counterparts and the most present actors are ranges of a key; and
    # the names each actor id goes by (first seen first), for the actor pages and their search.
    # Actors of events stored before actors had ids (no "id") link nothing until a relink.
    """
    CREATE TABLE IF NOT EXISTS event_actors (
        actor_id TEXT NOT NULL,
        day TEXT NOT NULL,
        type TEXT NOT NULL,
        event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        role TEXT NOT NULL CHECK (role IN ('actor', 'recipient', 'both')),
        intensity REAL,
        n_sources INTEGER NOT NULL,
        PRIMARY KEY (actor_id, day, type, event_id)
    ) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS event_actors_event ON event_actors(event_id, actor_id, role);
    CREATE INDEX IF NOT EXISTS event_actors_order ON event_actors(actor_id, day, event_id, n_sources);
    CREATE TABLE IF NOT EXISTS actor_names (
        actor_id TEXT NOT NULL,
        name TEXT NOT NULL,
        kind TEXT,
        country TEXT,
        code TEXT,
        PRIMARY KEY (actor_id, name)
    );
    INSERT OR IGNORE INTO event_actors(actor_id, day, type, event_id, role, intensity, n_sources)
        SELECT r.id, coalesce(e.date, ''), e.type, e.id, CASE WHEN min(r.role) = max(r.role) THEN min(r.role) ELSE 'both' END,
            json_extract(e.data, '$.intensity'), e.n_sources
        FROM events e JOIN (
            SELECT e2.id AS event_id, json_extract(a.value, '$.id') AS id, 'actor' AS role
                FROM events e2, json_each(e2.data, '$.actor') a
            UNION ALL SELECT e2.id, json_extract(a.value, '$.id'), 'recipient'
                FROM events e2, json_each(e2.data, '$.recipient') a
        ) r ON r.event_id = e.id
        WHERE r.id IS NOT NULL GROUP BY e.id, r.id;
    INSERT OR IGNORE INTO actor_names(actor_id, name, kind, country, code)
        SELECT json_extract(a.value, '$.id'), json_extract(a.value, '$.name'), json_extract(a.value, '$.kind'),
            json_extract(a.value, '$.country'), json_extract(a.value, '$.code')
        FROM events e, (SELECT 0 AS part, '$.actor' AS path UNION ALL SELECT 1, '$.recipient') p,
            json_each(e.data, p.path) a
        WHERE json_extract(a.value, '$.id') IS NOT NULL AND json_extract(a.value, '$.name') IS NOT NULL
        ORDER BY coalesce(e.date, ''), e.id, p.part, a.key;
    """,
    # v8: each ordered pair of two canonical actors of an event, with the event's type and the
    # second one's role, so an actor's counterparts are one range of a key (a join through
    # event_actors visited every event of a large actor: 0.4 s at 100,000 events).
    """
    CREATE TABLE IF NOT EXISTS actor_pairs (
        a TEXT NOT NULL,
        b TEXT NOT NULL,
        event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        type TEXT NOT NULL,
        b_role TEXT NOT NULL,
        PRIMARY KEY (a, b, event_id)
    ) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS actor_pairs_event ON actor_pairs(event_id);
    INSERT OR IGNORE INTO actor_pairs(a, b, event_id, type, b_role)
        SELECT x.actor_id, y.actor_id, x.event_id, x.type, y.role
        FROM event_actors x JOIN event_actors y ON y.event_id = x.event_id AND y.actor_id != x.actor_id;
    """,
)

SCHEMA_VERSION = len(MIGRATIONS)


def statements(script: str) -> list[str]:
    """Split a migration into statements, keeping trigger bodies whole."""
    found, buffer = [], []
    for line in script.strip().splitlines():
        buffer.append(line)
        joined = "\n".join(buffer)
        if line.rstrip().endswith(";") and sqlite3.complete_statement(joined):
            found.append(joined.strip())
            buffer = []
    if "".join(buffer).strip():
        found.append("\n".join(buffer).strip())
    return found
