-- Money worked out, not stored: the application fee is marked among the
-- charges (some policies never refund it), and a cancellation keeps what the
-- refund policy needs: days before the start, whether the visa was refused,
-- and the last entry before it (later payments are owed back in full).
ALTER TABLE ledger_entries ADD COLUMN fee BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE ledger_entries SET fee = TRUE
    WHERE kind = 'charge' AND description = 'Application fee' AND external_id LIKE 'charge:%:0';

CREATE TABLE cancellations (
    application_id BIGINT PRIMARY KEY REFERENCES applications (id),
    days_before BIGINT NOT NULL,
    visa_denied BOOLEAN NOT NULL,
    after_entry BIGINT NOT NULL
);

-- Seats cancelled before this: the facts from the timeline's cancellation.
INSERT INTO cancellations (application_id, days_before, visa_denied, after_entry)
SELECT a.id,
       (b.start_date - (to_timestamp(ev.at) AT TIME ZONE 'UTC')::date),
       ev.note LIKE '%visa denied',
       COALESCE((SELECT MAX(l.id) FROM ledger_entries l
                 WHERE l.application_id = a.id AND l.at <= ev.at AND l.kind <> 'refund_due'), 0)
FROM applications a
JOIN blocks b ON b.id = a.block_id
JOIN application_events ev ON ev.application_id = a.id AND ev.to_status = 'cancelled'
WHERE a.status = 'cancelled';

-- What a cancellation owed back was stored once; it is worked out now, by the same rule for all.
DELETE FROM ledger_entries WHERE kind = 'refund_due';
