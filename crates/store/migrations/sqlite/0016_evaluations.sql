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
