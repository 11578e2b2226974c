-- A site's own words on how to pay it (bank details, a card link), shown
-- with every payment asked of its applicants.
CREATE TABLE site_payment_instructions (
    site_id BIGINT PRIMARY KEY REFERENCES sites (id),
    instructions TEXT NOT NULL,
    updated_by BIGINT REFERENCES users (id),
    updated_at BIGINT NOT NULL
);

-- The deposit deadline the applicant was last reminded of: one reminder per
-- deadline, marked in the same transaction as its email.
ALTER TABLE applications ADD COLUMN deposit_reminded_for DATE;
