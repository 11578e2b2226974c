-- Applications to blocks, and their timeline. A block's seats_left counts
-- the seats not held by an accepted, confirmed or in-progress application.
CREATE TABLE applications (
    id INTEGER PRIMARY KEY,
    applicant_id INTEGER NOT NULL REFERENCES users (id),
    block_id INTEGER NOT NULL REFERENCES blocks (id),
    status TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'under_review', 'offered', 'waitlisted', 'rejected',
        'accepted', 'confirmed', 'in_progress', 'completed', 'cancelled', 'withdrawn')),
    version BIGINT NOT NULL DEFAULT 0,
    offer_expires_on DATE,
    deposit_due_on DATE,
    waitlisted_at BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX applications_by_applicant ON applications (applicant_id);
CREATE INDEX applications_by_block ON applications (block_id, status);
-- One live application per applicant and block.
CREATE UNIQUE INDEX applications_one_live ON applications (applicant_id, block_id)
    WHERE status NOT IN ('rejected', 'completed', 'cancelled', 'withdrawn');

CREATE TABLE application_events (
    id INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES applications (id),
    at BIGINT NOT NULL,
    actor_id INTEGER REFERENCES users (id),
    from_status TEXT,
    to_status TEXT NOT NULL,
    note TEXT NOT NULL
);
CREATE INDEX application_events_by_application ON application_events (application_id, id);
