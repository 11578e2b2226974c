//! A first-time applicant's loop in Chromium, found by labels and visible
//! text: sign up, the blockers before the Apply button (the confirmation
//! email sent again from there), the profile, each missing document reached
//! from the checklist and back (the immunization record with its entries),
//! apply; the coordinator's queue names the applicant with their readiness;
//! offer, accept, the deposit's deadline and how to pay, the deposit
//! recorded and the seat confirmed. Then every page of the loop again at
//! phone width, with no sideways scroll.

use chrono::{Datelike, Days, Utc};
use fantoccini::{Client, Locator};
use serde_json::Value;

use crate::browser::{browser, choose, fill, log_in, log_in_as, start_driver, submit, text};
use crate::support::{DEMO_PASSWORD, Server};

const EMAIL: &str = "lucia.moreno@example.org";
const PASSWORD: &str = "cobalt lantern meadow 47";

/// Sets a date field as a date picker would (typed keys depend on the browser's locale).
async fn date(c: &Client, id: &str, day: chrono::NaiveDate) {
    let script = "document.getElementById(arguments[0]).value = arguments[1];";
    c.execute(script, vec![Value::from(id), Value::from(day.format("%Y-%m-%d").to_string())]).await.expect("a date set");
}

/// Whether the page is wider than the window (so it scrolls sideways).
pub(crate) async fn scrolls_sideways(c: &Client) -> bool {
    let wide = c.execute("return document.documentElement.scrollWidth > window.innerWidth;", vec![]).await.expect("measured");
    wide.as_bool().unwrap_or(true)
}

/// A hands-on experience of site 1 that asks for a deposit, with a block open well ahead, and
/// answers to its eligibility questions.
async fn pick(s: &Server) -> (i64, i64, String, String, String, i32) {
    let admin = s.login("admin@example.org", DEMO_PASSWORD).await;
    let (_, site) = s.call("GET", "/api/v1/sites/1", Some(&admin), None).await;
    let soon = Utc::now().date_naive() + Days::new(30);
    for e in site["experiences"].as_array().unwrap() {
        let (_, e) = s.call("GET", &format!("/api/v1/experiences/{}", e["id"]), None, None).await;
        let hands_on = e["type"].as_str().is_some_and(|t| t != "observership" && t != "research" && t != "telerotation");
        let open = e["blocks"].as_array().unwrap().iter().find(|b| {
            b["seats_left"].as_i64() > Some(0) && b["start_date"].as_str().is_some_and(|d| d > soon.to_string().as_str())
        });
        let Some(block) = open.and_then(|b| b["id"].as_i64()) else { continue };
        if !hands_on || e["price"]["deposit_cents"].as_i64() <= Some(0) {
            continue;
        }
        let rules = &e["eligibility"];
        let kind = rules["applicant_types"][0].as_str().unwrap().to_string();
        let visas: Vec<&str> = rules["visas"].as_array().unwrap().iter().filter_map(|v| v.as_str()).collect();
        let visa = if visas.contains(&"us_citizen_or_resident") { "us_citizen_or_resident" } else { visas[0] }.to_string();
        let year = Utc::now().date_naive().year() + if kind == "img" { -1 } else { 1 };
        return (e["id"].as_i64().unwrap(), block, e["title"].as_str().unwrap().to_string(), kind, visa, year);
    }
    panic!("{}: site 1 has no hands-on experience with a deposit and an open block", s.backend);
}

async fn first_time_loop(s: &Server, c: &Client) {
    let b = s.backend;
    let url = |p: &str| format!("{}{p}", s.base);
    let (experience, block, title, kind, visa, year) = pick(s).await;
    let today = Utc::now().date_naive();
    let mut visited: Vec<(String, &str)> = Vec::new();

    // Sign up; the experience page leads to the apply page, which lists every blocker first.
    c.goto(&url("/signup")).await.unwrap();
    fill(c, "name", "Lucía Moreno").await;
    fill(c, "email", EMAIL).await;
    fill(c, "password", PASSWORD).await;
    submit(c, "/signup").await;
    log_in_as(s, c, EMAIL, PASSWORD).await;
    c.goto(&url(&format!("/experiences/{experience}"))).await.unwrap();
    visited.push((format!("/experiences/{experience}"), EMAIL));
    choose(c, "block_id", &block.to_string()).await;
    submit(c, "/apply").await;
    let apply = c.current_url().await.unwrap();
    let apply_path = format!("{}?{}", apply.path(), apply.query().unwrap_or_default());
    visited.push((apply_path.clone(), EMAIL));
    let page = text(c, "main").await;
    assert!(page.contains("Not yet. Before you can apply"), "{b}: {page}");
    assert!(c.find(Locator::Css("form[action='/apply'] button")).await.is_err(), "{b}: an Apply button with blockers");

    // The confirmation email is sent again from right there, and its link confirms the address.
    submit(c, "/account/verification").await;
    let back = c.current_url().await.unwrap();
    assert_eq!(back.path(), "/apply", "{b}: the newcomer stays on the apply page");
    assert!(text(c, "#notice").await.starts_with("We sent a new confirmation link"), "{b}");
    let token = s.mailed_token("", EMAIL, "/verify?token=").await;
    c.goto(&url(&format!("/verify?token={token}"))).await.unwrap();
    if c.find(Locator::Css("form[action='/verify'] button")).await.is_ok() {
        submit(c, "/verify").await;
    }

    // The profile, from the blocker's link.
    c.goto(&url(&apply_path)).await.unwrap();
    c.find(Locator::LinkText("Complete your profile")).await.expect("a link to the profile").click().await.unwrap();
    visited.push(("/profile".into(), EMAIL));
    choose(c, "applicant_type", &kind).await;
    fill(c, "graduation_year", &year.to_string()).await;
    choose(c, "step1", "passed").await;
    choose(c, "ecfmg", "yes").await;
    choose(c, "visa", &visa).await;
    submit(c, "/profile").await;
    assert!(text(c, "main").await.contains("Your profile is saved"), "{b}");

    // Each missing document, from its checklist link, and straight back.
    let pdf = std::env::temp_dir().join(format!("matchready_loop_{}_{b}.pdf", std::process::id()));
    std::fs::write(&pdf, crate::documents::pdf()).unwrap();
    for round in 0..12 {
        c.goto(&url(&apply_path)).await.unwrap();
        let Ok(missing) = c.find(Locator::Css("ul.checklist a")).await else { break };
        let name = missing.text().await.unwrap();
        missing.click().await.unwrap();
        if round == 0 {
            visited.push((c.current_url().await.unwrap().as_str().trim_start_matches(&s.base).to_string(), EMAIL));
        }
        assert!(text(c, "main").await.contains("Back to your application"), "{b}: no way back from {name}");
        c.find(Locator::Id("file")).await.unwrap().send_keys(pdf.to_str().unwrap()).await.unwrap();
        date(c, "issued_on", today - Days::new(30)).await;
        date(c, "expires_on", today + Days::new(3 * 365)).await;
        if name == "Immunization record" {
            for (id, ago) in
                [("mmr_1", 9000), ("mmr_2", 8000), ("varicella_1", 9000), ("varicella_2", 8000), ("hepatitis_b_1", 7000)]
                    .into_iter()
                    .chain([("hepatitis_b_2", 6900), ("hepatitis_b_3", 6700), ("tdap", 900), ("tb_date", 20), ("influenza", 40)])
            {
                date(c, id, today - Days::new(ago)).await;
            }
            choose(c, "tb_method", "igra").await;
            choose(c, "tb_result", "negative").await;
        }
        let action = c.find(Locator::Css("form[enctype='multipart/form-data']")).await.unwrap().attr("action").await.unwrap();
        submit(c, &action.unwrap_or_default()).await;
        let back = c.current_url().await.unwrap();
        assert_eq!(back.path(), apply.path(), "{b}: after uploading {name}: {}", text(c, "main").await);
        assert!(text(c, "main").await.contains(&format!("On file {name}")), "{b}: {name} is not on file");
    }
    assert!(c.find(Locator::Css("ul.checklist a")).await.is_err(), "{b}: documents still missing");
    let page = text(c, "main").await;
    assert!(page.contains("Yes: your profile meets") && !page.contains("lacks"), "{b}: {page}");
    submit(c, "/apply").await;
    let path = c.current_url().await.unwrap().path().to_string();
    assert_eq!(text(c, "#status").await, "Submitted", "{b}");
    visited.push((path.clone(), EMAIL));
    visited.push(("/applications".into(), EMAIL));

    // The coordinator's queue names her, with her readiness at a glance; the offer says what it did.
    log_in(s, c, "coordinator@example.org").await;
    c.goto(&url("/applications?sort=ready")).await.unwrap();
    let row = text(c, &format!("tr:has(a[href='{path}'])")).await;
    assert!(row.contains("Lucía Moreno") && row.contains(&title), "{b}: {row}");
    assert!(row.contains("Eligible") && row.contains("Documents: Complete"), "{b}: {row}");
    visited.push(("/applications".into(), "coordinator@example.org"));
    c.find(Locator::Css(&format!("a[href='{path}']"))).await.unwrap().click().await.unwrap();
    visited.push((path.clone(), "coordinator@example.org"));
    submit(c, &format!("{path}/review")).await;
    assert_eq!(text(c, "#notice").await, "Under review: Lucía Moreno has been emailed that you are reviewing it.", "{b}");
    assert_eq!(text(c, "#status").await, "Under review", "{b}");
    submit(c, &format!("{path}/offer")).await;
    assert!(text(c, "#notice").await.starts_with("Seat offered: Lucía Moreno has until 23:59 UTC on"), "{b}");

    // She accepts: the deposit, its deadline with time and zone, and how to pay.
    log_in_as(s, c, EMAIL, PASSWORD).await;
    c.goto(&url(&path)).await.unwrap();
    submit(c, &format!("{path}/accept")).await;
    assert_eq!(text(c, "#status").await, "Seat held", "{b}");
    let pay = text(c, "section.pay").await;
    assert!(pay.contains("Pay the deposit, $") && pay.contains("by 23:59 UTC on"), "{b}: {pay}");
    assert!(pay.contains("How to pay") && pay.contains(&format!("MatchReady application {}", &path[14..])), "{b}: {pay}");

    // The coordinator records the deposit (the form starts with it); the seat is confirmed.
    log_in(s, c, "coordinator@example.org").await;
    c.goto(&url(&path)).await.unwrap();
    submit(c, &format!("{path}/payments")).await;
    assert!(text(c, "#notice").await.starts_with("Recorded. The seat is confirmed"), "{b}");
    assert_eq!(text(c, "#status").await, "Confirmed", "{b}");
    c.goto(&url("/sites/1")).await.unwrap();
    assert!(text(c, "main").await.contains("Lucía Moreno (Confirmed)"), "{b}: the roster");
    visited.push(("/sites/1".into(), "coordinator@example.org"));

    // Every page of the loop at phone width: nothing scrolls sideways.
    c.set_window_size(390, 844).await.unwrap();
    let mut who = "";
    for (page, as_whom) in &visited {
        if *as_whom != who {
            if *as_whom == EMAIL {
                log_in_as(s, c, EMAIL, PASSWORD).await
            } else {
                log_in(s, c, as_whom).await
            }
            who = as_whom;
        }
        c.goto(&url(page)).await.unwrap();
        assert!(!scrolls_sideways(c).await, "{b}: {page} scrolls sideways at phone width (as {as_whom})");
    }
    let _ = std::fs::remove_file(pdf);
}

async fn first_time_loop_in_chromium(s: Server) {
    let mut driver = start_driver().await;
    let c = browser(&driver).await;
    first_time_loop(&s, &c).await;
    c.close().await.expect("browser closed");
    s.stop().await;
    let _ = driver.child.kill().await;
}

on_both_servers!(first_time_loop_in_chromium, ignored = "needs Chromium and chromedriver; .ci/run installs them and runs it");
