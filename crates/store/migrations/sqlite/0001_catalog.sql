-- The catalog: sites, preceptors, experiences and their blocks.
CREATE TABLE sites (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    city TEXT NOT NULL,
    state TEXT NOT NULL
);

CREATE TABLE preceptors (
    id INTEGER PRIMARY KEY,
    site_id INTEGER NOT NULL REFERENCES sites (id),
    name TEXT NOT NULL,
    specialty TEXT NOT NULL,
    board_certification TEXT,
    years_teaching INTEGER NOT NULL CHECK (years_teaching >= 0),
    teaching_affiliation TEXT,
    languages TEXT NOT NULL
);
CREATE INDEX preceptors_by_site ON preceptors (site_id);

CREATE TABLE experiences (
    id INTEGER PRIMARY KEY,
    site_id INTEGER NOT NULL REFERENCES sites (id),
    title TEXT NOT NULL,
    kind TEXT NOT NULL,
    hands_on BOOLEAN NOT NULL,
    specialty TEXT NOT NULL,
    setting TEXT NOT NULL,
    emr TEXT,
    description TEXT NOT NULL,
    price TEXT NOT NULL,
    total_cents INTEGER NOT NULL CHECK (total_cents >= 0),
    refund_policy TEXT NOT NULL,
    applicant_types INTEGER NOT NULL,
    max_years_since_graduation INTEGER,
    step1_pass_required BOOLEAN NOT NULL,
    ecfmg_required BOOLEAN NOT NULL,
    visas INTEGER NOT NULL,
    letter_possible BOOLEAN NOT NULL,
    one_on_one BOOLEAN NOT NULL,
    verified_by TEXT,
    last_verified_on DATE,
    -- The words catalog search matches (it runs in memory, see crates/core/src/index.rs).
    search_text TEXT NOT NULL
);
CREATE INDEX experiences_by_site ON experiences (site_id);

CREATE TABLE experience_preceptors (
    experience_id INTEGER NOT NULL REFERENCES experiences (id),
    preceptor_id INTEGER NOT NULL REFERENCES preceptors (id),
    position INTEGER NOT NULL,
    PRIMARY KEY (experience_id, preceptor_id)
);

CREATE TABLE blocks (
    id INTEGER PRIMARY KEY,
    experience_id INTEGER NOT NULL REFERENCES experiences (id),
    start_date DATE NOT NULL,
    weeks INTEGER NOT NULL CHECK (weeks BETWEEN 1 AND 52),
    seats INTEGER NOT NULL CHECK (seats >= 0),
    seats_left INTEGER NOT NULL CHECK (seats_left BETWEEN 0 AND seats),
    observers INTEGER NOT NULL CHECK (observers >= 0)
);
CREATE INDEX blocks_by_experience ON blocks (experience_id, start_date);

-- Bumped by every catalog write, so that servers know when to rebuild their
-- in-memory search index.
CREATE TABLE catalog_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO catalog_state (id, version) VALUES (1, 0);
