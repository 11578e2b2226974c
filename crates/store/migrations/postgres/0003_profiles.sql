-- Applicants' profiles, as checked by matchready_core::Profile (JSON of RawProfile).
CREATE TABLE profiles (
    user_id BIGINT PRIMARY KEY REFERENCES users (id),
    data TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
