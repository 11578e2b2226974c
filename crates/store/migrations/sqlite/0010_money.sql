-- Money worked out, not stored: the application fee is marked among the
-- charges (some policies never refund it), and a cancellation keeps what the
-- refund policy needs: days before the start, whether the visa was refused,
-- and the last entry before it (later payments are owed back in full).
ALTER TABLE ledger_entries ADD COLUMN fee BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE ledger_entries SET fee = TRUE
    WHERE kind = 'charge' AND description = 'Application fee' AND external_id LIKE 'charge:%:0';

CREATE TABLE cancellations (
    application_id INTEGER PRIMARY KEY REFERENCES applications (id),
    days_before BIGINT NOT NULL,
    visa_denied BOOLEAN NOT NULL,
    after_entry BIGINT NOT NULL
);

-- Seats cancelled before this. The refund owed was then stored in the
-- cancellation's own transaction, saying whether the visa was refused: its
-- row marks the cut exactly. Without one (nothing was owed), the timeline's
-- note and time say it.
INSERT INTO cancellations (application_id, days_before, visa_denied, after_entry)
SELECT a.id,
       CAST(julianday(b.start_date) - julianday(date(ev.at, 'unixepoch')) AS INTEGER),
       CASE WHEN rd.id IS NOT NULL THEN rd.description = 'Refund by the published policy: visa denied'
            ELSE ev.note IN ('cancelled by the applicant: visa denied', 'cancelled by the site: visa denied') END,
       COALESCE((SELECT MAX(l.id) FROM ledger_entries l
                 WHERE l.application_id = a.id AND l.kind <> 'refund_due'
                   AND (CASE WHEN rd.id IS NOT NULL THEN l.id < rd.id ELSE l.at <= ev.at END)), 0)
FROM applications a
JOIN blocks b ON b.id = a.block_id
JOIN application_events ev ON ev.application_id = a.id AND ev.to_status = 'cancelled'
LEFT JOIN ledger_entries rd ON rd.application_id = a.id AND rd.kind = 'refund_due'
WHERE a.status = 'cancelled';
-- The refund owed each of those stored stays, as it was first worked out; the
-- account now works it out again by the published policy and ignores it.
