-- "Book now": applying to an instant-booking experience holds a seat at once, without review.
ALTER TABLE experiences ADD COLUMN instant_booking BOOLEAN NOT NULL DEFAULT FALSE;
