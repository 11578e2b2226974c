-- SOAP notes: the trainee's working copy, each submission kept as a
-- revision with the preceptor's decision and rubric, and the comments on it.
CREATE TABLE notes (
    id INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES applications (id),
    status TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'returned', 'accepted')),
    title TEXT NOT NULL,
    setting TEXT NOT NULL,
    specialty TEXT NOT NULL,
    subjective TEXT NOT NULL,
    objective TEXT NOT NULL,
    assessment TEXT NOT NULL,
    plan TEXT NOT NULL,
    revision INTEGER NOT NULL DEFAULT 0,
    version BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX notes_by_application ON notes (application_id, id);

-- A submitted revision is never changed, except to record the decision on it.
CREATE TABLE note_revisions (
    note_id INTEGER NOT NULL REFERENCES notes (id),
    revision INTEGER NOT NULL,
    title TEXT NOT NULL,
    setting TEXT NOT NULL,
    specialty TEXT NOT NULL,
    subjective TEXT NOT NULL,
    objective TEXT NOT NULL,
    assessment TEXT NOT NULL,
    plan TEXT NOT NULL,
    submitted_at BIGINT NOT NULL,
    decision TEXT CHECK (decision IN ('returned', 'accepted')),
    rubric TEXT,
    decided_by INTEGER REFERENCES users (id),
    decided_at BIGINT,
    PRIMARY KEY (note_id, revision)
);

CREATE TABLE note_comments (
    id INTEGER PRIMARY KEY,
    note_id INTEGER NOT NULL REFERENCES notes (id),
    revision INTEGER NOT NULL,
    section TEXT CHECK (section IN ('subjective', 'objective', 'assessment', 'plan')),
    quote TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL,
    author_id INTEGER NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL
);
CREATE INDEX note_comments_by_note ON note_comments (note_id, id);
