//! The pages, as a browser receives them.

use crate::support::{DEMO_PASSWORD, Server};

/// Every form control with an id has a label pointing at it.
pub fn assert_labelled(html: &str, what: &str) {
    for chunk in html.split('<').filter(|t| t.starts_with("input") || t.starts_with("select")) {
        if chunk.contains("type=\"hidden\"") || chunk.contains("type=\"submit\"") {
            continue;
        }
        let id = chunk
            .split("id=\"")
            .nth(1)
            .and_then(|r| r.split('"').next())
            .unwrap_or_else(|| panic!("{what}: control without id: <{chunk}"));
        assert!(html.contains(&format!("for=\"{id}\"")), "{what}: no label for #{id}");
    }
}

async fn search_page(s: &Server) {
    let b = s.backend;
    let (status, ct, html) = s.get("/").await;
    assert_eq!(status, 200, "{b}");
    assert!(ct.starts_with("text/html"));
    for landmark in ["<header", "<nav", "<main", "<footer", "role=\"search\"", "lang=\"en\"", "name=\"viewport\""] {
        assert!(html.contains(landmark), "{b}: search page lacks {landmark}");
    }
    assert_labelled(&html, "search page");
    assert!(html.contains("class=\"card\""), "{b}: no result cards");
    assert!(html.contains("All-in"), "{b}: prices must be all-in");
    assert!(!html.contains("<script"), "{b}: no script is needed");

    let (status, _, html) = s.get("/?specialty=family-medicine&state=TX&sort=price").await;
    assert_eq!(status, 200);
    assert!(html.contains("Family Medicine"));
    assert!(html.contains("<option value=\"family-medicine\" selected>"), "{b}: the form keeps what was chosen");

    let (status, _, html) = s.get("/?max_price=-1&start_from=2027-05-01&start_to=2027-01-01").await;
    assert_eq!(status, 400, "{b}: bad filters are a client error");
    assert!(html.contains("role=\"alert\""));
    assert!(html.contains("Most I will pay: must be a whole number"));
    assert!(html.contains("swap the two dates"));
    assert!(html.contains("href=\"#f-max-price\""), "{b}: the error links to its field");
    assert!(html.contains("id=\"f-max-price\""));

    let (status, _, html) = s.get("/?unknown=1").await;
    assert_eq!(status, 400);
    assert!(html.contains("unknown field"));
}

async fn detail_page(s: &Server) {
    let b = s.backend;
    let (_, page) = s.json("/api/v1/experiences?hands_on=true&per_page=1").await;
    let id = page["items"][0]["id"].as_i64().unwrap();
    let (status, _, html) = s.get(&format!("/experiences/{id}")).await;
    assert_eq!(status, 200, "{b}");
    for text in ["All-in total", "Refund policy", "Who teaches", "Who can apply", "Dates and seats", "Hands-on USCE"] {
        assert!(html.contains(text), "{b}: detail page lacks {text:?}");
    }
    assert!(!html.to_lowercase().contains("guaranteed letter"));
    assert_labelled(&html, "detail page");

    let (status, _, html) = s.get(&format!("/experiences/{id}?applicant_type=img&visa=b1_b2")).await;
    assert_eq!(status, 200);
    assert!(html.contains("observerships only"), "{b}: the B-1 rule is explained in words");

    let (status, _, html) = s.get("/experiences/99999999").await;
    assert_eq!(status, 404);
    assert!(html.contains("Experience not found"));
    let (status, _, _) = s.get("/no/such/page").await;
    assert_eq!(status, 404);
    let (status, ct, css) = s.get("/static/app.css").await;
    assert_eq!(status, 200);
    assert!(ct.starts_with("text/css") && css.contains(":focus-visible"));
    let (status, _, html) = s.get("/api/docs").await;
    assert_eq!(status, 200);
    assert!(html.contains("/api/v1/experiences"));
}

async fn pages_on_every_backend(s: Server) {
    {
        search_page(&s).await;
        detail_page(&s).await;
        eprintln!("page checks passed on {}", s.backend);
        s.stop().await;
    }
}

on_both_servers!(pages_on_every_backend);

/// A browser with a cookie jar.
fn browser() -> reqwest::Client {
    reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::limited(5)).build().unwrap()
}

pub fn form_token(html: &str) -> String {
    html.split("name=\"csrf\" value=\"").nth(1).and_then(|r| r.split('"').next()).expect("a form token").to_string()
}

async fn accounts_in_the_pages(s: &Server) {
    let b = s.backend;
    let web = browser();
    let url = |p: &str| format!("{}{p}", s.base);
    let html = web.get(url("/login")).send().await.unwrap().text().await.unwrap();
    assert_labelled(&html, "login page");
    let csrf = form_token(&html);
    // A post without the form token (as from another site) is refused and logs nobody in.
    let res =
        web.post(url("/login")).form(&[("email", "coordinator@example.org"), ("password", DEMO_PASSWORD)]).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 403, "{b}");
    let res = web
        .post(url("/login"))
        .header("sec-fetch-site", "cross-site")
        .form(&[("csrf", csrf.as_str()), ("email", "coordinator@example.org"), ("password", DEMO_PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 403, "{b}: cross-site post accepted");
    // A wrong password says so, plainly.
    let res = web
        .post(url("/login"))
        .form(&[("csrf", csrf.as_str()), ("email", "coordinator@example.org"), ("password", "wrong password here")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 401, "{b}");
    assert!(res.text().await.unwrap().contains("The email or password is wrong"), "{b}");
    // The right one sets an HttpOnly session cookie and lands on the next page.
    let res = web
        .post(url("/login"))
        .form(&[("csrf", csrf.as_str()), ("email", "coordinator@example.org"), ("password", DEMO_PASSWORD), ("next", "/account")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.url().path(), "/account", "{b}");
    let html = res.text().await.unwrap();
    assert!(html.contains("Casey Coordinator") && html.contains("Log out"), "{b}");
    let (_, _, anonymous) = s.get("/account").await;
    assert!(!anonymous.contains("Casey Coordinator"), "{b}");
    // Their own site's page opens; another site's is "not found".
    assert_eq!(web.get(url("/sites/1")).send().await.unwrap().status().as_u16(), 200, "{b}");
    assert_eq!(web.get(url("/sites/2")).send().await.unwrap().status().as_u16(), 404, "{b}");
    assert_eq!(
        web.get(url("/admin")).send().await.unwrap().url().path(),
        "/sites/1",
        "{b}: coordinators manage people on their site's page"
    );
    assert_eq!(web.get(url("/admin/audit")).send().await.unwrap().status().as_u16(), 403, "{b}");
    // Logging out ends the session.
    let html = web.get(url("/account")).send().await.unwrap().text().await.unwrap();
    let csrf = form_token(&html);
    web.post(url("/logout")).form(&[("csrf", csrf.as_str())]).send().await.unwrap();
    let res = web.get(url("/account")).send().await.unwrap();
    assert_eq!(res.url().path(), "/login", "{b}: still logged in after logout");
    // The vault, reached from an apply page while logged out, keeps the kind and the way back.
    let direct = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let res = direct.get(url("/documents?kind=visa&back=%2Fapply%3Fblock_id%3D7")).send().await.unwrap();
    let to = res.headers()["location"].to_str().unwrap().to_string();
    assert_eq!(to, "/login?next=/documents%3Fkind%3Dvisa%26back%3D/apply%253Fblock_id%253D7", "{b}");
    // And never another site, nor a made-up kind.
    let res = direct.get(url("/documents?kind=spaceship&back=https%3A%2F%2Fevil.example")).send().await.unwrap();
    assert_eq!(res.headers()["location"].to_str().unwrap(), "/login?next=/documents", "{b}");
}

async fn account_pages_work(s: Server) {
    {
        accounts_in_the_pages(&s).await;
        s.stop().await;
    }
}

on_both_servers!(account_pages_work);
