-- Advisors' consultations. An advisor's setup (hours in their own time
-- zone, notice, buffer, cancellation window, video link) is one JSON row;
-- its version is bumped by every booking, so two bookings for one advisor
-- run one at a time and neither misses the other's call.
CREATE TABLE advisor_setups (
    advisor_id INTEGER PRIMARY KEY REFERENCES users (id),
    setup TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 0,
    updated_at BIGINT NOT NULL
);

-- The kinds of call an advisor offers: the free introductory call and paid sessions.
CREATE TABLE offerings (
    id INTEGER PRIMARY KEY,
    advisor_id INTEGER NOT NULL REFERENCES users (id),
    name TEXT NOT NULL,
    minutes INTEGER NOT NULL,
    price_cents BIGINT NOT NULL,
    intro BOOLEAN NOT NULL,
    covers TEXT NOT NULL,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at BIGINT NOT NULL
);
CREATE INDEX offerings_by_advisor ON offerings (advisor_id, id);
-- One free introductory call per advisor.
CREATE UNIQUE INDEX offerings_one_intro ON offerings (advisor_id) WHERE intro;

-- Calls (booked, held or cancelled). Times are instants (seconds since 1970, UTC); the applicant's zone
-- is kept to show them. Notes are the advisor's alone; the summary and the
-- plan are shared with the applicant.
CREATE TABLE consultations (
    id INTEGER PRIMARY KEY,
    advisor_id INTEGER NOT NULL REFERENCES users (id),
    applicant_id INTEGER NOT NULL REFERENCES users (id),
    offering_id INTEGER NOT NULL REFERENCES offerings (id),
    name TEXT NOT NULL,
    intro BOOLEAN NOT NULL,
    price_cents BIGINT NOT NULL,
    starts_at BIGINT NOT NULL,
    ends_at BIGINT NOT NULL,
    applicant_zone TEXT NOT NULL,
    status TEXT NOT NULL,
    sequence INTEGER NOT NULL DEFAULT 0,
    replaces_id INTEGER REFERENCES consultations (id),
    charge_cents BIGINT NOT NULL DEFAULT 0,
    -- The terms it was booked under: later changes to the setup do not reach it.
    buffer_minutes BIGINT NOT NULL,
    cancel_hours BIGINT NOT NULL,
    late_cancel_percent BIGINT NOT NULL,
    notes TEXT NOT NULL DEFAULT '',
    summary TEXT NOT NULL DEFAULT '',
    plan TEXT,
    day_reminded BOOLEAN NOT NULL DEFAULT FALSE,
    hour_reminded BOOLEAN NOT NULL DEFAULT FALSE,
    version INTEGER NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX consultations_by_advisor ON consultations (advisor_id, starts_at);
CREATE INDEX consultations_by_applicant ON consultations (applicant_id, starts_at);
-- The free introductory call, once per applicant (a cancelled one does not count).
CREATE UNIQUE INDEX consultations_intro_once ON consultations (applicant_id) WHERE intro AND status <> 'cancelled';
