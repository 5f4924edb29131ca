//! News-style HTML pages: the article surrounded by what a saved page also holds
//! (navigation, adverts, a cookie banner, related links, comments, a footer, scripts).

/// Words that appear only in the page furniture, never in the article.
pub const FURNITURE: &[&str] = &[
    "Subscribe now",
    "Sponsored content",
    "Accept cookies",
    "Most read",
    "Comments (3)",
    "TrollHunter",
    "All rights reserved",
    "Sign in",
];

/// The article's paragraphs for page `n` (distinct per page, so a corpus has distinct texts).
pub fn article_paragraphs(n: usize) -> Vec<String> {
    vec![
        format!("DAMASCUS — Talks between the delegations resumed on Tuesday in the capital, officials said, the {n}th round since the ceasefire was agreed in the spring."),
        "The negotiators, meeting at the Sheraton hotel, focused on the future of the Russian bases at Hmeimim and Tartus, which have anchored Moscow's presence on the Mediterranean coast for a decade.".to_owned(),
        "“We are not in a hurry,” said one diplomat, who asked not to be named because the talks are confidential. “Every clause of the agreement will be read twice.”".to_owned(),
        "According to two people familiar with the discussions, the Syrian side asked for a timetable for the withdrawal of some units, while the Russian delegation pressed for guarantees on the lease of the naval facility.".to_owned(),
        "The talks come after months of uncertainty following the change of government in Damascus, during which Russian transport aircraft were seen leaving Hmeimim almost daily, according to flight-tracking data reviewed by reporters.".to_owned(),
        "Analysts in Beirut and Amman said the outcome would shape the region's security for years, and that Jordan's armed forces were watching the northern border closely.".to_owned(),
        format!("The next round is expected in Geneva within a month. Reporting by staff in Damascus; edited for page {n}."),
    ]
}

/// A complete news page with an article of [`article_paragraphs`].
pub fn news_page(n: usize) -> String {
    let paragraphs: String = article_paragraphs(n)
        .iter()
        .map(|p| format!("      <p>{p}</p>\n"))
        .collect();
    format!(
        r#"<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Syria and Russia resume talks on bases | The Levant Observer</title>
  <meta property="og:site_name" content="The Levant Observer">
  <meta property="article:published_time" content="2025-01-28T09:30:00Z">
  <meta name="author" content="Rana Haddad">
  <style>body {{ font-family: serif; }} .ad {{ border: 1px solid; }}</style>
  <script>window.dataLayer = [{{"page": {n}}}]; function track() {{ return 1 < 2; }}</script>
</head>
<body>
  <div class="cookie-banner" id="cookie-consent"><p>We use cookies. <button>Accept cookies</button></p></div>
  <header class="site-header">
    <nav class="main-nav"><ul>
      <li><a href="/">Home</a></li><li><a href="/world">World</a></li>
      <li><a href="/politics">Politics</a></li><li><a href="/login">Sign in</a></li>
      <li><a href="/subscribe">Subscribe now</a></li>
    </ul></nav>
  </header>
  <div class="ad ad-banner"><a href="https://ads.example/click">Sponsored content: the best hotels in Cyprus</a></div>
  <main>
    <article class="article">
      <h1>Syria and Russia resume talks on bases</h1>
      <p class="byline">By <a rel="author" href="/staff/rana">Rana Haddad</a></p>
{paragraphs}    </article>
    <aside class="sidebar related">
      <h3>Most read</h3>
      <ul><li><a href="/a">Oil prices rise again</a></li><li><a href="/b">Football: derby ends in draw</a></li></ul>
    </aside>
    <section class="comments" id="comments">
      <h3>Comments (3)</h3>
      <div class="comment"><span class="author">TrollHunter</span><p>First!</p></div>
      <div class="comment"><span class="author">ReaderX</span><p>Great piece.</p></div>
    </section>
  </main>
  <footer class="site-footer"><p>© 2025 The Levant Observer. All rights reserved.</p></footer>
  <script src="/analytics.js"></script>
</body>
</html>
"#
    )
}

/// A page with an inline script of `script_bytes` bytes around a short article.
pub fn page_with_huge_script(script_bytes: usize) -> String {
    let mut page = String::with_capacity(script_bytes + 4096);
    page.push_str("<!DOCTYPE html><html><head><title>Heavy page</title><script>var blob = \"");
    let chunk = "abcdefghij<div>0123456789</p>if(a<b){x()}";
    while page.len() < script_bytes {
        page.push_str(chunk);
    }
    page.push_str("\";</script></head><body><article><h1>Heavy page</h1>");
    for p in article_paragraphs(1) {
        page.push_str("<p>");
        page.push_str(&p);
        page.push_str("</p>");
    }
    page.push_str("</article></body></html>");
    page
}

/// The title of [`bbc_style_page`].
pub const BBC_STYLE_TITLE: &str = "Syria conflict: Talks resume in Geneva";

/// A page shaped like a BBC News article: the site name is also the author (in the page's
/// JSON-LD), the date has a time and an offset, and the article holds a bulleted list and
/// a numbered one (starting at 3).
pub fn bbc_style_page() -> String {
    let paragraphs: String = article_paragraphs(1)
        .iter()
        .map(|p| format!("<p>{p}</p>\n"))
        .collect();
    format!(
        r#"<!DOCTYPE html>
<html lang="en-GB">
<head>
  <meta charset="utf-8">
  <title>{BBC_STYLE_TITLE} - BBC News</title>
  <meta property="og:site_name" content="BBC News">
  <meta property="og:title" content="{BBC_STYLE_TITLE}">
  <meta property="article:published_time" content="2015-07-24T05:36:09+01:00">
  <script type="application/ld+json">{{"@context": "http://schema.org", "@type": "ReportageNewsArticle", "headline": "{BBC_STYLE_TITLE}", "datePublished": "2015-07-24T05:36:09+01:00", "author": {{"@type": "NewsMediaOrganization", "name": "BBC News"}}, "publisher": {{"@type": "NewsMediaOrganization", "name": "BBC News"}}}}</script>
</head>
<body>
  <nav><ul><li><a href="/news">Home</a></li><li><a href="/news/world">World</a></li></ul></nav>
  <article>
    <h1>{BBC_STYLE_TITLE}</h1>
{paragraphs}
    <p>The delegations agreed on three points:</p>
    <ul>
      <li>a ceasefire around Aleppo,</li>
      <li><p>access for aid convoys to the besieged towns,</p></li>
      <li>a prisoner exchange <b>within a month</b>.</li>
    </ul>
    <p>The next steps, in order, continue the list of the last round:</p>
    <ol start="3">
      <li>a meeting of the military committees;</li>
      <li>a report to the Security Council.</li>
    </ol>
    <p>Talks are expected to continue next week in Geneva, officials said.</p>
  </article>
  <footer><p>Copyright 2015 BBC. All rights reserved.</p></footer>
</body>
</html>
"#
    )
}
