-- The preceptor's midpoint and final evaluation of a trainee: one of each per
-- rotation, saved as a draft and locked once submitted.
CREATE TABLE evaluations (
    application_id INTEGER NOT NULL REFERENCES applications (id),
    kind TEXT NOT NULL CHECK (kind IN ('midpoint', 'final')),
    submitted BOOLEAN NOT NULL,
    levels TEXT NOT NULL,
    strengths TEXT NOT NULL,
    improve TEXT NOT NULL,
    narrative TEXT NOT NULL,
    author_id INTEGER NOT NULL REFERENCES users (id),
    updated_at BIGINT NOT NULL,
    submitted_at BIGINT,
    PRIMARY KEY (application_id, kind)
);

-- Each reminder of an evaluation not submitted goes out once: before it is
-- due to the preceptors, after it to the coordinators.
CREATE TABLE evaluation_reminders (
    application_id INTEGER NOT NULL REFERENCES applications (id),
    kind TEXT NOT NULL CHECK (kind IN ('midpoint', 'final')),
    stage TEXT NOT NULL CHECK (stage IN ('due_soon', 'overdue')),
    sent_at BIGINT NOT NULL,
    PRIMARY KEY (application_id, kind, stage)
);
