//! Import from where the news is: saved web pages of several shapes, IPTC
//! ninjs, NITF and NewsML-G2, standard input, dates as wire copy writes
//! them; and the hostile versions of each refused in one line, with
//! nothing written. Through the real binary, as an editor runs it.

mod safety;

use safety::*;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Stdio;

use factdesk_core::model::Story;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

fn load(desk: &Path, id: &str) -> Story {
    let text = fs::read_to_string(story_dir(desk, id).join("story.ron")).unwrap();
    ron::from_str(&text).unwrap()
}

fn article(desk: &Path, id: &str) -> String {
    fs::read_to_string(story_dir(desk, id).join("article.txt")).unwrap()
}

/// Import `files`; the ids printed, asserting it all worked.
fn import_ok(desk: &Path, files: &[&Path]) -> Vec<String> {
    let mut args = vec!["import".to_string()];
    args.extend(files.iter().map(|f| f.to_str().unwrap().to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = factdesk(desk, &args);
    assert_eq!(run.code, 0, "{}", run.err());
    assert!(run.err.is_empty(), "{}", run.err());
    run.out().lines().map(str::to_string).collect()
}

fn import_stdin(desk: &Path, args: &[&str], input: &[u8]) -> Run {
    let mut child = bin()
        .arg("--desk")
        .arg(desk)
        .arg("import")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    // A refusal may close the pipe before all of it is written.
    let _ = stdin.write_all(input);
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        out: out.stdout,
        err: out.stderr,
    }
}

/// The paragraphs of `article.txt`, which are separated by blank lines.
fn paragraphs(text: &str) -> Vec<&str> {
    text.split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect()
}

fn stories(desk: &Path) -> Vec<String> {
    let mut ids: Vec<String> = fs::read_dir(desk.join("stories"))
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    ids.sort();
    ids
}

#[test]
fn a_news_site_page_with_og_tags_and_json_ld() {
    let (_tmp, desk) = new_desk();
    let page = fixture("courier-og-jsonld.html");
    let ids = import_ok(&desk, &[&page]);
    assert_eq!(ids, ["2025-03-14-flood-toll-rises-to-40-as"]);
    let story = load(&desk, &ids[0]);
    assert_eq!(
        story.headline,
        "Flood toll rises to 40 as river crests in Valmont"
    );
    assert_eq!(story.date.unwrap().to_string(), "2025-03-14");
    assert_eq!(story.outlet.as_deref(), Some("The Valley Courier"));
    assert_eq!(story.byline.as_deref(), Some("Maria Lindqvist"));
    assert_eq!(
        story.url.as_deref(),
        Some("https://www.valleycourier.example/news/2025/03/14/flood-toll-rises-valmont"),
        "the canonical link, not og:url with its tracking"
    );
    let text = article(&desk, &ids[0]);
    let paras = paragraphs(&text);
    assert_eq!(paras.len(), 7, "{paras:#?}");
    assert_eq!(paras[0], story.headline);
    assert!(paras[1].starts_with("The death toll from the floods in Valmont has risen to 40"));
    assert!(paras[6].ends_with("would look into the timing of the warnings."));
    for boilerplate in [
        "Advertisement",
        "Share on",
        "Subscribe",
        "Most read",
        "Comments",
        "riverwatcher",
        "Valley Briefing",
        "Cookie",
        "gtag",
        "Read more",
        "Skip to content",
        "Photograph",
        "©",
    ] {
        assert!(!text.contains(boilerplate), "{boilerplate:?} in\n{text}");
    }
    // Claims are suggested from the body, not the headline.
    assert!(story.claims.len() >= 5, "{}", story.claims.len());
    assert!(
        story
            .claims
            .iter()
            .all(|c| c.anchor.start > story.headline.len())
    );
    assert!(
        story
            .claims
            .iter()
            .any(|c| c.speaker.as_deref() == Some("Henrik Dahl")
                || c.text.contains("3,500 residents"))
    );
    // The page itself is kept, byte for byte.
    assert_eq!(
        fs::read(story_dir(&desk, &ids[0]).join("original.html")).unwrap(),
        fs::read(&page).unwrap()
    );
    // The story is a story like any other.
    let check = factdesk(&desk, &["check"]);
    assert_eq!(check.code, 0, "{}", check.err());
    let show = factdesk(&desk, &["show", &ids[0]]);
    assert_eq!(show.code, 0, "{}", show.err());
}

#[test]
fn a_plain_page_with_only_h1_and_time() {
    let (_tmp, desk) = new_desk();
    let ids = import_ok(&desk, &[&fixture("gazette-h1-time.html")]);
    assert_eq!(
        ids,
        ["2024-11-07-council-approves-ferry-subsidy-after-five"]
    );
    let story = load(&desk, &ids[0]);
    assert_eq!(
        story.headline, "Council approves ferry subsidy after five-hour debate",
        "the <h1>, not the <title> with the paper's name"
    );
    assert_eq!(story.date.unwrap().to_string(), "2024-11-07");
    assert_eq!(story.byline.as_deref(), Some("Tom Aldous"));
    assert_eq!(story.dateline.as_deref(), Some("PORT ELLEN"));
    assert_eq!(story.outlet, None, "the page does not say");
    let text = article(&desk, &ids[0]);
    let paras = paragraphs(&text);
    assert_eq!(paras.len(), 6, "{paras:#?}");
    assert!(paras[1].starts_with("PORT ELLEN – The island council voted 11 to 4"));
    assert!(paras[1].contains("£2.4 million"), "entities decoded");
    for boilerplate in [
        "Tide times",
        "Front page",
        "Advertise",
        "Contact the newsroom",
        "By Tom",
    ] {
        assert!(!text.contains(boilerplate), "{boilerplate:?} in\n{text}");
    }
}

#[test]
fn a_page_heavy_with_boilerplate() {
    let (_tmp, desk) = new_desk();
    let ids = import_ok(&desk, &[&fixture("metro-heavy-boilerplate.html")]);
    let story = load(&desk, &ids[0]);
    assert_eq!(
        story.headline,
        "Transit authority delays subway extension to 2031"
    );
    assert_eq!(
        story.date.unwrap().to_string(),
        "2023-09-21",
        "local day, not UTC"
    );
    assert_eq!(story.outlet.as_deref(), Some("Metro Daily Herald"));
    assert_eq!(story.byline.as_deref(), Some("Priya Raman"));
    assert_eq!(
        story.url.as_deref(),
        Some("https://metrodailyherald.example/2023/09/21/green-line-extension-delayed/")
    );
    let text = article(&desk, &ids[0]);
    let paras = paragraphs(&text);
    assert_eq!(paras.len(), 7, "{paras:#?}");
    assert!(paras[1].starts_with("The Green Line subway extension will open in 2031"));
    assert!(paras[6].starts_with("Whitcomb said the authority would seek"));
    for boilerplate in [
        "cookies",
        "Accept all",
        "Trending",
        "ADVERTISEMENT",
        "Advertisement",
        "Morning Briefing",
        "Related Articles",
        "free articles",
        "Tags:",
        "thoughts on",
        "trainfan88",
        "Leave a Reply",
        "Most Popular",
        "Sponsored",
        "Copyright",
        "Facebook",
        "E-Edition",
        "googletag",
    ] {
        assert!(!text.contains(boilerplate), "{boilerplate:?} in\n{text}");
    }
}

#[test]
fn a_page_in_a_declared_charset_is_decoded() {
    let (_tmp, desk) = new_desk();
    let page = fixture("lorraine-latin1.html");
    assert!(std::str::from_utf8(&fs::read(&page).unwrap()).is_err());
    let ids = import_ok(&desk, &[&page]);
    let story = load(&desk, &ids[0]);
    assert_eq!(
        story.headline,
        "La Moselle en crue : 300 habitants évacués à Thionville"
    );
    assert_eq!(story.byline.as_deref(), Some("Claire Müller"));
    assert_eq!(story.date.unwrap().to_string(), "2024-05-18");
    let text = article(&desk, &ids[0]);
    assert!(
        text.contains("« Nous n’avions pas vu un tel niveau depuis 1983 »"),
        "{text}"
    );
    assert!(!text.contains("Accueil"));
}

#[test]
fn content_decides_the_format_not_the_name() {
    let (tmp, desk) = new_desk();
    let as_txt = tmp.path().join("saved-page.txt");
    fs::copy(fixture("gazette-h1-time.html"), &as_txt).unwrap();
    let feed = tmp.path().join("feed");
    fs::copy(fixture("nitf-story.xml"), &feed).unwrap();
    let json_text = tmp.path().join("notes.txt");
    fs::write(
        &json_text,
        "{ braces first } officials said 12 people were hurt.",
    )
    .unwrap();
    let ids = import_ok(&desk, &[&as_txt, &feed, &json_text]);
    assert_eq!(
        load(&desk, &ids[0]).headline,
        "Council approves ferry subsidy after five-hour debate"
    );
    assert_eq!(
        load(&desk, &ids[1]).headline,
        "Chile’s copper output falls 6% as mines age"
    );
    assert_eq!(
        article(&desk, &ids[2]),
        "{ braces first } officials said 12 people were hurt.",
        "not ninjs: text, as ever"
    );
}

#[test]
fn a_ninjs_item() {
    let (_tmp, desk) = new_desk();
    let file = fixture("ninjs-1-item.json");
    let ids = import_ok(&desk, &[&file]);
    assert_eq!(ids, ["2024-10-02-dockworkers-end-three-day-strike-at"]);
    let story = load(&desk, &ids[0]);
    assert_eq!(
        story.headline,
        "Dockworkers end three-day strike at Halifax port"
    );
    assert_eq!(
        story.date.unwrap().to_string(),
        "2024-10-02",
        "versioncreated, as written"
    );
    assert_eq!(story.dateline.as_deref(), Some("HALIFAX, Nova Scotia"));
    assert_eq!(story.outlet.as_deref(), Some("Nordic Wire Service"));
    assert_eq!(story.byline.as_deref(), Some("Erik Halvorsen"));
    assert_eq!(
        story.url.as_deref(),
        Some("https://www.nordwire.example/news/2024/10/02/port-strike")
    );
    let text = article(&desk, &ids[0]);
    let paras = paragraphs(&text);
    assert_eq!(paras.len(), 5);
    assert!(paras[1].starts_with("HALIFAX, Nova Scotia (NWS) — Dockworkers"));
    assert_eq!(
        paras[4],
        "“Nobody wins a strike, but this agreement protects jobs,” said union president Marie Cormier."
    );
    // Claims start after the dateline, as for wire text.
    let first = &story.claims[0];
    assert!(
        first.text.starts_with("Dockworkers at the port of Halifax"),
        "{}",
        first.text
    );
    assert_eq!(
        fs::read(story_dir(&desk, &ids[0]).join("original.json")).unwrap(),
        fs::read(&file).unwrap()
    );
    // `show` says who wrote it and where it was published.
    let run = factdesk(&desk, &["show", &ids[0]]);
    assert_eq!(run.code, 0, "{}", run.err());
    let out = run.out();
    let head: Vec<&str> = out.lines().take(4).collect();
    assert_eq!(
        head,
        [
            ids[0].as_str(),
            "Dockworkers end three-day strike at Halifax port",
            "2024-10-02 · HALIFAX, Nova Scotia · Nordic Wire Service · by Erik Halvorsen",
            "https://www.nordwire.example/news/2024/10/02/port-strike",
        ]
    );
}

#[test]
fn a_ninjs_array_gives_one_story_per_text_item() {
    let (_tmp, desk) = new_desk();
    let ids = import_ok(&desk, &[&fixture("ninjs-2-array.json")]);
    assert_eq!(
        ids,
        [
            "2024-06-11-glacier-loses-a-tenth-of-its",
            "2024-06-11-rail-tunnel-reopens-after-rockfall"
        ],
        "the picture item is passed over"
    );
    let glacier = load(&desk, &ids[0]);
    assert_eq!(
        glacier.headline,
        "Glacier loses a tenth of its volume in two years, survey finds"
    );
    assert_eq!(glacier.outlet.as_deref(), Some("Alpenpresse"));
    assert_eq!(glacier.byline.as_deref(), Some("Lena Moser"));
    assert_eq!(glacier.dateline.as_deref(), Some("ZERMATT"));
    assert_eq!(glacier.url, None, "a urn: is not a web address");
    assert_eq!(
        paragraphs(&article(&desk, &ids[0]))[3],
        "\"We have never measured a loss this fast,\" said Matthias Huss, who led the study."
    );
    let tunnel = article(&desk, &ids[1]);
    assert_eq!(
        paragraphs(&tunnel).len(),
        3,
        "plain text body split at blank lines"
    );
    // Each story keeps its own item, not the whole feed.
    let original = fs::read_to_string(story_dir(&desk, &ids[1]).join("original.json")).unwrap();
    let item: serde_json::Value = serde_json::from_str(&original).unwrap();
    assert_eq!(
        item["uri"],
        "urn:newsml:alpenpresse.example:20240611:ap-0611-022"
    );
}

#[test]
fn an_nitf_file() {
    let (_tmp, desk) = new_desk();
    let ids = import_ok(&desk, &[&fixture("nitf-story.xml")]);
    assert_eq!(ids, ["2025-02-03-chiles-copper-output-falls-6-as"]);
    let story = load(&desk, &ids[0]);
    assert_eq!(
        story.headline,
        "Chile’s copper output falls 6% as mines age"
    );
    assert_eq!(story.date.unwrap().to_string(), "2025-02-03");
    assert_eq!(story.dateline.as_deref(), Some("SANTIAGO"));
    assert_eq!(story.outlet.as_deref(), Some("South Atlantic Wire"));
    assert_eq!(story.byline.as_deref(), Some("Ricardo Fuentes"));
    let text = article(&desk, &ids[0]);
    let paras = paragraphs(&text);
    assert_eq!(paras.len(), 5, "{paras:#?}");
    assert!(
        paras[3].contains("Codelco chairman Máximo Pacheco told reporters"),
        "{}",
        paras[3]
    );
    for left_out in ["Chuquicamata open pit", "Reporting by", "Codelco blames"] {
        assert!(!text.contains(left_out), "{left_out:?} in\n{text}");
    }
    assert!(story_dir(&desk, &ids[0]).join("original.xml").is_file());
}

#[test]
fn a_newsml_g2_item() {
    let (_tmp, desk) = new_desk();
    let ids = import_ok(&desk, &[&fixture("newsml-g2-item.xml")]);
    assert_eq!(ids, ["2024-08-19-magnitude-6-1-quake-shakes-wellington"]);
    let story = load(&desk, &ids[0]);
    assert_eq!(
        story.headline, "Magnitude 6.1 quake shakes Wellington, no deaths reported",
        "the item's headline over the inline NITF's"
    );
    assert_eq!(
        story.date.unwrap().to_string(),
        "2024-08-19",
        "the day in Wellington"
    );
    assert_eq!(story.dateline.as_deref(), Some("WELLINGTON"));
    assert_eq!(story.outlet.as_deref(), Some("Pacific Wire"));
    assert_eq!(story.byline.as_deref(), Some("Hemi Ngata"));
    let text = article(&desk, &ids[0]);
    let paras = paragraphs(&text);
    assert_eq!(paras.len(), 5, "{paras:#?}");
    assert!(paras[1].starts_with("WELLINGTON, Aug. 19 (Pacific Wire) - A magnitude 6.1"));
    assert!(paras[4].ends_with("\"monitoring the situation closely\"."));
    assert!(
        !text.contains("Updates with damage"),
        "the editor's note is not the story"
    );
}

#[test]
fn several_items_in_one_xml_file() {
    let (tmp, desk) = new_desk();
    let item = fs::read_to_string(fixture("newsml-g2-item.xml")).unwrap();
    let item = item.split_once("?>").unwrap().1;
    let second = item.replace("NZ-QUAKE", "NZ-QUAKE-2").replace(
        "<headline>Magnitude 6.1 quake shakes Wellington, no deaths reported</headline>",
        "<headline>Aftershocks rattle Wellington</headline>",
    );
    let message = format!(
        "<?xml version=\"1.0\"?>\n<newsMessage xmlns=\"http://iptc.org/std/nar/2006-10-01/\">\
         <header><sent>2024-08-19T22:10:00+12:00</sent></header><itemSet>\
         <packageItem guid=\"pkg\"><groupSet root=\"g\"><group id=\"g\"><itemRef residref=\"a\"/></group></groupSet></packageItem>\
         {item}{second}</itemSet></newsMessage>"
    );
    let file = tmp.path().join("message.xml");
    fs::write(&file, message).unwrap();
    let nitf = fs::read_to_string(fixture("nitf-story.xml")).unwrap();
    let nitf = nitf.split_once("<nitf ").unwrap().1;
    let collection = format!(
        "<nitf-collection><nitf {nitf}<nitf {}</nitf-collection>",
        nitf.replace(
            "Chile&#x2019;s copper output falls 6% as mines age",
            "Peru copper output rises"
        )
    );
    let coll = tmp.path().join("collection.xml");
    fs::write(&coll, collection).unwrap();
    let ids = import_ok(&desk, &[&file, &coll]);
    assert_eq!(
        ids,
        [
            "2024-08-19-magnitude-6-1-quake-shakes-wellington",
            "2024-08-19-aftershocks-rattle-wellington",
            "2025-02-03-chiles-copper-output-falls-6-as",
            "2025-02-03-peru-copper-output-rises",
        ]
    );
    let own = fs::read_to_string(story_dir(&desk, &ids[1]).join("original.xml")).unwrap();
    assert!(
        own.starts_with("<newsItem") && own.contains("Aftershocks"),
        "{own}"
    );
    assert!(!own.contains("no deaths reported"));
}

#[test]
fn standard_input_and_dates_for_undated_articles() {
    let (_tmp, desk) = new_desk();
    let page = fs::read(fixture("courier-og-jsonld.html")).unwrap();
    let run = import_stdin(&desk, &["-"], &page);
    assert_eq!(run.code, 0, "{}", run.err());
    assert_eq!(run.out().trim(), "2025-03-14-flood-toll-rises-to-40-as");

    let undated = b"Officials said on Monday that 40 people were hurt.";
    let run = import_stdin(&desk, &["-", "--date", "March 14, 2025"], undated);
    assert_eq!(run.code, 0, "{}", run.err());
    assert_eq!(
        run.out().trim(),
        "2025-03-14-officials-said-on-monday-that-40"
    );
    let run = import_stdin(
        &desk,
        &["--date", "14 Mar 2025", "-"],
        b"Officials said 3 were hurt.",
    );
    assert_eq!(run.out().trim(), "2025-03-14-officials-said-3-were-hurt");

    // An article's own date wins over --date.
    let run = import_stdin(&desk, &["-", "--date", "2020-01-01"], &page);
    assert_eq!(run.out().trim(), "2025-03-14-flood-toll-rises-to-40-as-2");

    // A weekday is the last such day.
    let run = import_stdin(&desk, &["-", "--date", "Friday"], b"The council said no.");
    assert_eq!(run.code, 0, "{}", run.err());
    let id = run.out().trim().to_string();
    let day = chrono::NaiveDate::parse_from_str(id.get(..10).unwrap(), "%Y-%m-%d").unwrap();
    let today = chrono::Local::now().date_naive();
    assert_eq!(chrono::Datelike::weekday(&day), chrono::Weekday::Fri);
    assert!(day <= today && (today - day).num_days() < 7, "{day}");

    let before = snapshot(&desk);
    for bad in ["3/4/2025", "soon", "May"] {
        let run = import_stdin(&desk, &["-", "--date", bad], b"The council said no.");
        assert_eq!(run.code, 1);
        let lines = run.err_lines();
        assert_eq!(lines.len(), 1, "{lines:?}");
        assert!(lines[0].starts_with("factdesk: --date: "), "{lines:?}");
    }
    let run = import_stdin(&desk, &["-", "-"], b"The council said no.");
    assert_eq!(run.code, 1);
    assert!(
        run.err().contains("standard input can be read once"),
        "{}",
        run.err()
    );
    assert_same_files(&before, &snapshot(&desk), "refused imports");
}

#[test]
fn a_wire_header_with_a_written_date() {
    let (_tmp, desk) = new_desk();
    let ids = [
        "date March 14, 2025 MOSCOW (AP) – Officials said 3 were hurt.",
        "BEIRUT, March 14, 2025 (Reuters) - Officials said 4 were hurt.",
    ]
    .map(|text| import(&desk, text.as_bytes()));
    assert_eq!(ids[0], "2025-03-14-officials-said-3-were-hurt");
    assert_eq!(ids[1], "2025-03-14-officials-said-4-were-hurt");
    let beirut = load(&desk, &ids[1]);
    assert_eq!(beirut.dateline.as_deref(), Some("BEIRUT"));
    assert_eq!(beirut.outlet.as_deref(), Some("Reuters"));
}

/// Each hostile input is refused in one line naming it, the others of the
/// call are imported, and nothing of the refused ones is written.
#[test]
fn hostile_pages_and_feeds_are_refused_with_nothing_written() {
    let (tmp, desk) = new_desk();
    let page = |body: &str| {
        format!("<!DOCTYPE html><html><head><title>x</title></head><body>{body}</body></html>")
    };
    let nested = page(&format!(
        "{}<p>Officials said 40 people died.</p>{}",
        "<div>".repeat(10_000),
        "</div>".repeat(10_000)
    ));
    let mut huge = page("").into_bytes();
    huge.truncate(huge.len() - "</body></html>".len());
    let para = b"<p>The ministry said the strike came as leaders gathered to discuss it.</p>\n";
    while huge.len() < 50 * 1024 * 1024 {
        huge.extend_from_slice(para);
    }
    let laughs = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n \
                  <!ENTITY lol9 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n]>\n\
                  <nitf><body><body.content><p>&lol9;</p></body.content></body></nitf>";
    let external = "<?xml version=\"1.0\"?><!DOCTYPE nitf [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\
                    <nitf><body><body.content><p>&xxe;</p></body.content></body></nitf>";
    let klingon = "<html><head><meta charset=\"klingon-8\"><title>x</title></head><body><p>Qapla'</p></body></html>";
    let mut shift_jis = b"<html><head><meta charset=\"Shift_JIS\"></head><body><p>".to_vec();
    shift_jis.extend_from_slice(b"\x82\xa0 ok \x81");
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "nested.html",
            nested.into_bytes(),
            "elements nested more than 512 deep",
        ),
        ("huge.html", huge, "larger than 16 MB"),
        ("laughs.xml", laughs.into(), "its DOCTYPE declares entities"),
        (
            "external.xml",
            external.into(),
            "its DOCTYPE declares entities",
        ),
        (
            "klingon.html",
            klingon.into(),
            "declares the charset \"klingon-8\"",
        ),
        ("sjis.html", shift_jis, "not valid Shift_JIS text"),
        (
            "broken.xml",
            b"<?xml version=\"1.0\"?>\n<nitf><body>\n</nitf>".to_vec(),
            "not well-formed XML (line 3",
        ),
        (
            "broken.json",
            b"{\"uri\": \"x\", \"headline\": ".to_vec(),
            "not valid JSON (line 1",
        ),
        (
            "empty-page.html",
            page("<nav><a href=/>Home</a></nav>").into_bytes(),
            "no article text",
        ),
        (
            "package.xml",
            b"<packageItem><groupSet/></packageItem>".to_vec(),
            "a NewsML-G2 package",
        ),
    ];
    let good = fixture("gazette-h1-time.html");
    let mut args = vec!["import".to_string()];
    for (name, bytes, _) in &cases {
        let file = tmp.path().join(name);
        fs::write(&file, bytes).unwrap();
        args.push(file.to_str().unwrap().to_string());
    }
    args.push(good.to_str().unwrap().to_string());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let started = std::time::Instant::now();
    let run = factdesk(&desk, &args);
    let took = started.elapsed();
    assert_eq!(run.code, 1);
    assert_eq!(
        run.out().trim(),
        "2024-11-07-council-approves-ferry-subsidy-after-five"
    );
    let lines = run.err_lines();
    assert_eq!(lines.len(), cases.len(), "{lines:#?}");
    for ((name, _, msg), line) in cases.iter().zip(&lines) {
        let file = tmp.path().join(name);
        assert!(
            line.starts_with(&format!("factdesk: {}: ", file.display())),
            "{name}: {line}"
        );
        assert!(line.contains(msg), "{name}: {line}");
    }
    assert_no_controls("stderr", &run.err);
    assert_eq!(
        stories(&desk),
        ["2024-11-07-council-approves-ferry-subsidy-after-five"]
    );
    // Refusing is quick: nothing hostile is parsed past its limit.
    assert!(took.as_secs() < 60, "took {took:?}");
}

#[test]
fn an_item_that_cannot_be_read_leaves_the_others() {
    let (tmp, desk) = new_desk();
    let file = tmp.path().join("feed.json");
    fs::write(
        &file,
        r#"[{"uri":"urn:x:1","headline":"Bridge reopens","body_text":"The bridge reopened, officials said."},
            {"uri":"urn:x:2","headline":"No body here"}]"#,
    )
    .unwrap();
    let run = factdesk(&desk, &["import", file.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert_eq!(run.out().trim(), "bridge-reopens");
    assert_eq!(
        run.err_lines(),
        [format!(
            "factdesk: {}: item 2 of 2 (urn:x:2): no body text",
            file.display()
        )]
    );
}

#[test]
fn stories_written_before_bylines_load_and_save_unchanged() {
    let (_tmp, desk) = new_desk();
    let id = import(&desk, SEED.as_bytes());
    let path = story_dir(&desk, &id).join("story.ron");
    let before = fs::read_to_string(&path).unwrap();
    assert!(!before.contains("byline"), "no byline, no line for it");
    let run = factdesk(&desk, &["tag", &id, "1", "confirmed"]);
    assert_eq!(run.code, 0, "{}", run.err());
    let after = fs::read_to_string(&path).unwrap();
    assert!(!after.contains("byline"));
    // And a byline survives a save, in its place after the outlet.
    let ids = import_ok(&desk, &[&fixture("ninjs-1-item.json")]);
    let run = factdesk(&desk, &["tag", &ids[0], "1", "disputed"]);
    assert_eq!(run.code, 0, "{}", run.err());
    let text = fs::read_to_string(story_dir(&desk, &ids[0]).join("story.ron")).unwrap();
    let outlet = text.find("  outlet: ").unwrap();
    let byline = text.find("  byline: Some(\"Erik Halvorsen\"),").unwrap();
    let url = text.find("  url: ").unwrap();
    assert!(outlet < byline && byline < url, "{text}");
}

/// Escapes in a page's metadata never reach the terminal, nor the story.
#[test]
fn control_characters_in_a_page_reach_neither_the_story_nor_the_terminal() {
    let (tmp, desk) = new_desk();
    let page = "<!DOCTYPE html><html><head>\
        <title>Dam\u{1b}]0;pwned\u{7} holds</title>\
        <meta property=\"og:site_name\" content=\"Evil\u{1b}[2J Gazette\">\
        <meta name=\"author\" content=\"Ana\u{9b}31m Ruiz\">\
        <meta property=\"article:published_time\" content=\"2025-03-14T08:00:00Z\">\
        </head><body><article><h1>Dam\u{1b}]0;pwned\u{7} holds</h1>\
        <p>The dam held\u{1b}[5m on Friday, officials said, and 40 people were evacuated.</p>\
        </article></body></html>";
    let file = tmp.path().join("evil.html");
    fs::write(&file, page).unwrap();
    let ids = import_ok(&desk, &[&file]);
    let story = load(&desk, &ids[0]);
    for field in [
        Some(story.headline.as_str()),
        story.outlet.as_deref(),
        story.byline.as_deref(),
    ]
    .into_iter()
    .flatten()
    {
        assert!(!field.chars().any(char::is_control), "{field:?}");
    }
    let text = article(&desk, &ids[0]);
    assert!(
        !text.chars().any(|c| c.is_control() && c != '\n'),
        "{text:?}"
    );
    assert!(text.contains("on Friday, officials said"), "{text:?}");
    for args in [vec!["show", ids[0].as_str()], vec!["list"]] {
        let run = factdesk(&desk, &args);
        assert_eq!(run.code, 0, "{}", run.err());
        assert_no_controls("stdout", &run.out);
    }
}

/// Standard input is bounded like a file, named in the message, and a
/// refusal writes nothing.
#[test]
fn standard_input_is_bounded_and_named() {
    let (_tmp, desk) = new_desk();
    let before = snapshot(&desk);
    let big = vec![b'a'; 17 * 1024 * 1024];
    let run = import_stdin(&desk, &["-"], &big);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.err_lines(),
        [
            "factdesk: standard input: larger than 16 MB, the most factdesk reads of one article, page or feed"
        ]
    );
    let run = import_stdin(&desk, &["-"], b"\x00\x01\x02\x03\x04binary\x00\x00\x00");
    assert_eq!(run.code, 1);
    let lines = run.err_lines();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].starts_with("factdesk: standard input: "),
        "{lines:?}"
    );
    assert_same_files(&before, &snapshot(&desk), "refused standard input");
}
