-- A rotation's certificates of completion: what each one says, as issued,
-- under a verification code. A new one is issued when what it would say
-- changes (late hours signed), and the older ones are revoked as superseded.
CREATE TABLE certificates (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    application_id INTEGER NOT NULL REFERENCES applications (id),
    facts TEXT NOT NULL,
    issued_at BIGINT NOT NULL,
    revoked_at BIGINT,
    revoked_by INTEGER REFERENCES users (id),
    revoked_reason TEXT
);
CREATE INDEX certificates_by_application ON certificates (application_id, id);

-- The organisation's Ed25519 key that signs the credentials: one row, made
-- on first use.
CREATE TABLE signing_keys (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    secret TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

-- The trainee's evaluation of a rotation: one per rotation, never changed.
-- Shown only in aggregate, from three on.
CREATE TABLE rotation_reviews (
    application_id INTEGER PRIMARY KEY REFERENCES applications (id),
    experience_id INTEGER NOT NULL REFERENCES experiences (id),
    ratings TEXT NOT NULL,
    comment TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX rotation_reviews_by_experience ON rotation_reviews (experience_id);
