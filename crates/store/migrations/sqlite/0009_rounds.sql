-- Placement rounds: a site's blocks placed by stable matching at a deadline.
CREATE TABLE rounds (
    id INTEGER PRIMARY KEY,
    site_id INTEGER NOT NULL REFERENCES sites (id),
    name TEXT NOT NULL,
    deadline BIGINT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'matched', 'cancelled')),
    -- The lottery's seed, for sites that do not rank: kept so the draw can be made again.
    seed BIGINT NOT NULL,
    created_by INTEGER REFERENCES users (id),
    created_at BIGINT NOT NULL,
    ended_at BIGINT,
    stable BOOLEAN,
    positions INTEGER,
    placed INTEGER
);
CREATE INDEX rounds_by_status ON rounds (status, deadline);
CREATE INDEX rounds_by_site ON rounds (site_id);

-- A block is placed by at most one round at a time (live until the round ends).
CREATE TABLE round_blocks (
    round_id INTEGER NOT NULL REFERENCES rounds (id),
    block_id INTEGER NOT NULL REFERENCES blocks (id),
    live BOOLEAN NOT NULL,
    -- Seats the round filled from (seats left less open offers), set when it ran.
    capacity INTEGER,
    PRIMARY KEY (round_id, block_id)
);
CREATE UNIQUE INDEX round_blocks_one_live ON round_blocks (block_id) WHERE live;

-- An applicant's rank list (JSON array of block ids, best first) and, once the round ran, the result.
CREATE TABLE round_entries (
    round_id INTEGER NOT NULL REFERENCES rounds (id),
    applicant_id INTEGER NOT NULL REFERENCES users (id),
    ranks TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    block_id INTEGER REFERENCES blocks (id),
    application_id INTEGER REFERENCES applications (id),
    result TEXT,
    PRIMARY KEY (round_id, applicant_id)
);
CREATE INDEX round_entries_by_applicant ON round_entries (applicant_id);

-- The site's rank list for one experience (JSON array of applicant ids, best first).
CREATE TABLE round_site_ranks (
    round_id INTEGER NOT NULL REFERENCES rounds (id),
    experience_id INTEGER NOT NULL REFERENCES experiences (id),
    ranks TEXT NOT NULL,
    ranked_by INTEGER REFERENCES users (id),
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (round_id, experience_id)
);
