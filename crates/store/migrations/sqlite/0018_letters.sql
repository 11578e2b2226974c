-- Letters of recommendation. A request names its rotation, its applicant
-- and its author (a preceptor of the rotation's site); what the letter says
-- is only in its files (letter_versions, kept in file storage) and in the
-- author's form (draft_form), which no list reads.
CREATE TABLE letters (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    application_id INTEGER NOT NULL REFERENCES applications (id),
    applicant_id INTEGER NOT NULL REFERENCES users (id),
    author_id INTEGER NOT NULL REFERENCES users (id),
    site_id INTEGER NOT NULL REFERENCES sites (id),
    site_name TEXT NOT NULL,
    experience_title TEXT NOT NULL,
    start_date DATE NOT NULL,
    end_date DATE NOT NULL,
    specialty TEXT NOT NULL,
    programs TEXT NOT NULL,
    due_on DATE NOT NULL,
    note TEXT NOT NULL,
    statement TEXT NOT NULL,
    share_cv BOOLEAN NOT NULL,
    waived BOOLEAN NOT NULL,
    eras_id TEXT,
    status TEXT NOT NULL,
    decline_reason TEXT,
    draft_form TEXT,
    version INTEGER NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX letters_by_applicant ON letters (applicant_id, id);
CREATE INDEX letters_by_author ON letters (author_id, id);
CREATE INDEX letters_by_site ON letters (site_id, id);
-- One live request per rotation and author.
CREATE UNIQUE INDEX letters_live_once ON letters (application_id, author_id) WHERE status NOT IN ('declined', 'withdrawn');

-- What happened to a letter, in order; never its words.
CREATE TABLE letter_events (
    id INTEGER PRIMARY KEY,
    letter_id INTEGER NOT NULL REFERENCES letters (id),
    at BIGINT NOT NULL,
    kind TEXT NOT NULL,
    by_id INTEGER REFERENCES users (id),
    detail TEXT NOT NULL
);
CREATE INDEX letter_events_by_letter ON letter_events (letter_id, id);

-- Every version of a letter's file, kept.
CREATE TABLE letter_versions (
    id INTEGER PRIMARY KEY,
    letter_id INTEGER NOT NULL REFERENCES letters (id),
    number INTEGER NOT NULL,
    source TEXT NOT NULL,
    storage_key TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    signature TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (letter_id, number)
);

-- Where a letter went: ERAS (the author confirmed the upload there) or a
-- program, through a link whose token is kept only as its SHA-256.
CREATE TABLE letter_destinations (
    id INTEGER PRIMARY KEY,
    letter_id INTEGER NOT NULL REFERENCES letters (id),
    applicant_id INTEGER NOT NULL REFERENCES users (id),
    kind TEXT NOT NULL,
    program TEXT NOT NULL,
    program_key TEXT NOT NULL,
    contact TEXT NOT NULL,
    token_sha TEXT UNIQUE,
    expires_at BIGINT,
    max_opens BIGINT NOT NULL,
    opens BIGINT NOT NULL DEFAULT 0,
    delivered_at BIGINT NOT NULL
);
CREATE INDEX letter_destinations_by_letter ON letter_destinations (letter_id, id);
CREATE INDEX letter_destinations_by_program ON letter_destinations (applicant_id, program_key);
-- One letter goes to one program once.
CREATE UNIQUE INDEX letter_destinations_once ON letter_destinations (letter_id, kind, program_key);

-- Every opening of a program's link, with its time and address.
CREATE TABLE letter_openings (
    id INTEGER PRIMARY KEY,
    destination_id INTEGER NOT NULL REFERENCES letter_destinations (id),
    at BIGINT NOT NULL,
    address TEXT NOT NULL
);
CREATE INDEX letter_openings_by_destination ON letter_openings (destination_id, id);
