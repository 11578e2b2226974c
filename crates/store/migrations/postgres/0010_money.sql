-- Money worked out, not stored: the application fee is marked among the
-- charges (some policies never refund it), and a cancellation keeps what the
-- refund policy needs: days before the start, whether the visa was refused,
-- and the last entry before it (later payments are owed back in full).
ALTER TABLE ledger_entries ADD COLUMN fee BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE ledger_entries SET fee = TRUE WHERE kind = 'charge' AND description = 'Application fee';

CREATE TABLE cancellations (
    application_id BIGINT PRIMARY KEY REFERENCES applications (id),
    days_before BIGINT NOT NULL,
    visa_denied BOOLEAN NOT NULL,
    after_entry BIGINT NOT NULL
);
