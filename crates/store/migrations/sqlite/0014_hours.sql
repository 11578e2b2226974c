-- A rotation's hours: each day (or part of one) the trainee logs, and the
-- preceptor's sign-off. Signed entries are never changed; a correction is a
-- new row that names the one it corrects, which is marked replaced.
CREATE TABLE rotation_hours (
    id INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES applications (id),
    day DATE NOT NULL,
    start_minute INTEGER CHECK (start_minute BETWEEN 0 AND 1439),
    end_minute INTEGER CHECK (end_minute BETWEEN 1 AND 1440),
    minutes INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 1440),
    setting TEXT NOT NULL,
    hands_on BOOLEAN NOT NULL,
    activity TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'signed', 'returned', 'replaced')),
    comment TEXT NOT NULL DEFAULT '',
    corrects INTEGER REFERENCES rotation_hours (id),
    created_at BIGINT NOT NULL,
    decided_by INTEGER REFERENCES users (id),
    decided_at BIGINT
);
CREATE INDEX rotation_hours_by_application ON rotation_hours (application_id, day);
CREATE INDEX rotation_hours_pending ON rotation_hours (status, day);

-- Every change to an application's hours bumps this, so an entry judged
-- against the others (no overlap, 24 hours a day) lands only if nothing
-- changed meanwhile; and the day the site's preceptors were last reminded of
-- hours awaiting sign-off.
ALTER TABLE applications ADD COLUMN hours_version BIGINT NOT NULL DEFAULT 0;
ALTER TABLE applications ADD COLUMN hours_reminded_on DATE;
