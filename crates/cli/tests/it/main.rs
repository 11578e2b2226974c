//! Black-box tests: the real `matchready` binary, started on port 0 against
//! a fresh SQLite file and a fresh PostgreSQL database, driven over HTTP and
//! the command line as a user would.

#[macro_use]
mod support;

mod accounts;
mod advising_walk;
mod api;
mod applications;
mod authz;
mod authz_advising;
mod authz_pages;
mod browser;
mod cli;
mod demo;
mod documents;
mod evaluations;
mod first_loop;
mod hours;
mod letter;
mod letters;
mod letters_walk;
mod like_me;
mod matching;
mod money;
mod notes;
mod pages;
mod phi;
mod phi_page;
mod profile;
mod rotation_walk;
mod rounds;
