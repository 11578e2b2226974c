//! The pages, as a browser receives them.

use crate::support::Server;

/// Every form control with an id has a label pointing at it.
fn assert_labelled(html: &str, what: &str) {
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

#[tokio::test]
async fn pages_on_every_backend() {
    for s in Server::all().await {
        search_page(&s).await;
        detail_page(&s).await;
        eprintln!("page checks passed on {}", s.backend);
        s.stop().await;
    }
}
