//! Redlines on real legal text: two policies of basecamp/policies (CC BY 4.0; the commits are
//! in tests/fixtures/redline/LICENSE.md), each at two consecutive commits, built as two
//! versions of a document. The marks are those `git diff --word-diff` shows for the same two
//! files, a reworded paragraph is compared with itself (not with its old neighbour), a
//! version that changed only where links lead is a change, a version that changed nothing
//! says so, and several upcoming versions each name the one before.

mod common;
use common::*;

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/redline");

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("{FIXTURE}/{name}")).unwrap_or_else(|e| panic!("{name}: {e}"))
}

const SITE: &str = "title = \"Policies\"\ndefault_locale = \"en\"\n\n[brands.basecamp]\nbase_url = \"https://policies.example\"\n";

/// The policies as versions of two documents, and the pages their links lead to.
fn policies() -> Fixture {
    let files: Vec<(String, String)> =
        ["abuse@2021-06-08.md", "abuse@2023-12-07.md", "sla@2021-04-02.md", "sla@2023-03-14.md"]
            .iter()
            .map(|name| (format!("content/en/policies/{name}"), fixture(name)))
            .collect();
    let mut all: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    all.push(("site.toml", SITE));
    all.push((
        "content/en/policies/how-we-handle/index.md",
        "---\ntitle: How we handle reports\n---\n\nStub.\n",
    ));
    all.push(("content/en/copyright/index.md", "---\ntitle: Copyright\n---\n\nStub.\n"));
    let site = Fixture::new(&all);
    site.run(&["build", "--as-of", "2024-01-01"]).ok();
    site
}

/// The marks of `html` in order, `-` for deleted text and `+` for inserted, without the words
/// screen readers hear; marks of one kind split only by tags (a link inside an inserted
/// phrase) are one mark, as git shows them.
fn marks(html: &str) -> Vec<(char, String)> {
    let mut out: Vec<(char, String)> = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find("<ins>").into_iter().chain(rest.find("<del>")).min() {
        let sign = if rest[at..].starts_with("<ins>") { '+' } else { '-' };
        let between = &rest[..at];
        let body = &rest[at + 5..];
        let end = body.find(if sign == '+' { "</ins>" } else { "</del>" }).expect("a closed mark");
        let text = body[..end].split("</span>").last().unwrap_or_default().to_string();
        match out.last_mut() {
            Some((s, t)) if *s == sign && only_tags(between) => t.push_str(&text),
            _ => out.push((sign, text)),
        }
        rest = &body[end + 6..];
    }
    out
}

/// Whether `html` is tags and nothing else.
fn only_tags(html: &str) -> bool {
    html.split('<').skip(1).all(|t| t.ends_with('>')) && (html.is_empty() || html.starts_with('<'))
}

/// The paragraph of `page` that starts with `start`.
fn paragraph<'a>(page: &'a str, start: &str) -> &'a str {
    let at = page.find(start).unwrap_or_else(|| panic!("no paragraph {start:?} in {page}"));
    let from = page[..at].rfind("<p").unwrap_or(at);
    &page[from..at + page[at..].find("</p>").unwrap_or(page.len() - at)]
}

/// A changes page's redline body: from its `redline-body` to the end of the article.
fn redline_body(page: &str) -> &str {
    let from = page.find("redline-body").expect("a redline");
    &page[from..from + page[from..].find("</article>").expect("an article")]
}

fn owned(list: &[(char, &str)]) -> Vec<(char, String)> {
    list.iter().map(|(c, s)| (*c, s.to_string())).collect()
}

#[test]
fn a_reworded_paragraph_is_marked_as_git_word_diff_marks_it() {
    let site = policies();
    let page = site.read("basecamp/en/policies/abuse/changes/2023-12-07/index.html");
    // The paragraph "Please share as much…" was reworded into "Violations can be reported…".
    // `git diff --no-index --word-diff=plain` of the two paragraphs alone (each a file) says:
    //   [-Please share as much as you are comfortable with-]{+Violations can be reported by
    //   emailing [report@37signals.com](mailto:report@37signals.com) and should include
    //   detailed information+} about the account, the content or behavior you are reporting,
    //   and how you found [-it. Sending us a URL-]{+it, including URLs+} or [-screenshots is
    //   super helpful.-]{+screenshots.+} If you need a secure file transfer, … For copyright
    //   cases, [-we've outlined extra-]{+please see+} instructions on [how to notify us …].
    // The redline marks the same words, with two differences of form: git cuts words at white
    // space only, the redline also at punctuation, so "it" stays unmarked beside the changed
    // ". Sending us a URL"; and the redline's semantic cleanup (diff-match-patch's) joins
    // " or screenshots", shorter than the changes on either side of it, into one change, so it
    // reads as one phrase replaced. The link shows as its text.
    let reworded = paragraph(&page, "Violations can be reported");
    assert!(!reworded.contains("block-added"), "paired with its old self: {reworded}");
    assert_eq!(
        marks(reworded),
        owned(&[
            ('-', "Please share as much as you are comfortable with"),
            ('+', "Violations can be reported by emailing report@37signals.com and should include detailed information"),
            ('-', ". Sending us a URL or screenshots is super helpful"),
            ('+', ", including URLs or screenshots"),
            ('-', "we've outlined extra"),
            ('+', "please see"),
        ])
    );
    // Its neighbours at the old position, with nothing like it, are removed whole.
    for gone in ["For cases of suspected malware", "For all other cases", "Someone on our team will respond"]
    {
        assert!(paragraph(&page, gone).starts_with("<p class=\"block-removed\">"), "{gone}: {page}");
    }
}

#[test]
fn a_version_that_changed_only_where_links_lead_shows_each_old_and_new() {
    let site = policies();
    let page = site.read("basecamp/en/policies/sla/changes/2023-03-14/index.html");
    // `git diff --word-diff=plain sla@2021-04-02.md sla@2023-03-14.md`: the two link
    // reference definitions, nothing else:
    //   [uptime]: [-https://basecamp.com/3/uptime-]{+https://www.37status.com/uptime+}
    //   [status]: [-https://basecamp.com/status-]{+https://www.37status.com+}
    // The page shows it at each of the three links that use them.
    let body = &page[page.find("redline-body").expect("a redline")..];
    let (uptime, status) = (
        [('-', "https://basecamp.com/3/uptime"), ('+', "https://www.37status.com/uptime")],
        [('-', "https://basecamp.com/status"), ('+', "https://www.37status.com")],
    );
    assert_eq!(marks(body), owned(&[uptime, uptime, status].concat()));
    assert_eq!(body.matches("<span class=\"link-change\">(link destination: ").count(), 3, "{body}");
    assert!(!page.contains("Nothing changed"), "{page}");
}

#[test]
fn a_version_that_changed_nothing_says_so_in_words() {
    let site = policies();
    site.write("content/en/policies/sla@2024-06-01.md", &fixture("sla@2023-03-14.md"));
    site.run(&["build", "--as-of", "2024-01-01"]).ok();
    let page = site.read("basecamp/en/policies/sla/changes/2024-06-01/index.html");
    assert!(
        page.contains(
            "<p>Nothing changed: the text of this version is the same as that of the version before.</p>"
        ),
        "{page}"
    );
    assert!(!page.contains("No numbered clause"), "{page}");
}

#[test]
fn each_upcoming_version_names_the_version_it_replaces() {
    let doc = |date: &str| {
        (
            format!("content/en/legal/terms@{date}.md"),
            format!("+++\ntitle = \"Terms\"\nsummary = \"{date}\"\n+++\n\nVersion of {date}.\n"),
        )
    };
    let files: Vec<(String, String)> =
        ["2025-12-09", "2025-12-10", "2026-03-20", "2026-03-23"].iter().map(|d| doc(d)).collect();
    let mut all: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    all.push(("site.toml", SITE));
    let site = Fixture::new(&all);
    site.run(&["build", "--as-of", "2025-12-09"]).ok();
    let notice = |date: &str| {
        let page = site.read(&format!("basecamp/en/legal/terms/versions/{date}/index.html"));
        let at = page.find("notice-upcoming").unwrap_or_else(|| panic!("no notice: {page}"));
        page[at..at + page[at..].find(" <a ").unwrap_or(0)].to_string()
    };
    assert!(notice("2025-12-10").ends_with(
        "This version takes effect on December 10, 2025. Until then the version of December 9, 2025 applies."
    ));
    assert!(notice("2026-03-20").ends_with("This version takes effect on March 20, 2026. It replaces the version of December 10, 2025, which is not yet in force either."));
    assert!(notice("2026-03-23").ends_with("This version takes effect on March 23, 2026. It replaces the version of March 20, 2026, which is not yet in force either."));
}

/// UWG § 8 (3), 2012 → 2022 (bundestag/gesetze, an official work), cut down: Nr. 1 and Nr. 4
/// were rewritten. The removed items stay in the later version's list, where they took
/// numbers from the items after them (Nr. 2 read "3."); each item now carries its number.
#[test]
fn a_removed_list_item_takes_no_number_from_the_items_after_it() {
    let site = Fixture::new(&[
        ("site.toml", SITE),
        ("content/en/uwg@2012-08-02.md", "---\ntitle: UWG\n---\n\n1. jedem Mitbewerber;\n2. rechtsfähigen Verbänden zur Förderung gewerblicher Interessen;\n3. qualifizierten Einrichtungen;\n4. den Industrie- und Handelskammern oder den Handwerkskammern.\n"),
        ("content/en/uwg@2022-03-03.md", "---\ntitle: UWG\n---\n\n1. jedem Mitbewerber, der Waren oder Dienstleistungen in nicht unerheblichem Maße vertreibt;\n2. rechtsfähigen Verbänden zur Förderung gewerblicher Interessen;\n3. qualifizierten Einrichtungen;\n4. den Industrie- und Handelskammern, den nach der Handwerksordnung errichteten Organisationen.\n"),
    ]);
    site.run(&["build", "--as-of", "2024-01-01"]).ok();
    let page = site.read("basecamp/en/uwg/changes/2022-03-03/index.html");
    let values: Vec<&str> =
        page.match_indices("<li value=\"").map(|(at, _)| &page[at + 11..at + 12]).collect();
    // Old Nr. 1 struck and new Nr. 1 inserted, both "1."; Nr. 4 changed word by word.
    assert_eq!(values, ["1", "1", "2", "3", "4"], "{page}");
    assert!(page.contains("<li value=\"1\" class=\"block-removed\">"), "{page}");
}

/// BGB § 305 Abs. 2, the same in both versions: a list of two items, which must not be cut
/// like § 308's.
const SECTION_305: &str = "Wenn der Verwender\n\n1. ausdrücklich auf sie hinweist und\n\n2. die Möglichkeit verschafft, von ihrem Inhalt Kenntnis zu nehmen,\n\nund wenn die andere Vertragspartei einverstanden ist.\n\n";

/// BGB § 308, 2012 → 2022 (bundestag/gesetze), cut down: Nr. 1a is inserted as a paragraph
/// (Markdown reads `1a.` as text), which splits the list. Nr. 2 and Nr. 3 did not change and
/// must not show as removed and added again, nor take numbers from a struck copy of Nr. 1;
/// Nr. 1's changed words are marked; and § 305's list before it is left as it is.
#[test]
fn an_item_inserted_between_list_items_leaves_the_items_after_it_alone() {
    let site = Fixture::new(&[
        ("site.toml", SITE),
        ("content/en/bgb@2012-08-02.md", &format!("---\ntitle: BGB\n---\n\n{SECTION_305}Unwirksam ist\n\n1. (Annahmefrist) eine Bestimmung, nach Ablauf der Widerrufs- oder Rückgabefrist;\n2. (Nachfrist) eine Bestimmung über eine unangemessen lange Nachfrist;\n3. (Rücktrittsvorbehalt) die Vereinbarung eines Rechts des Verwenders.\n")),
        ("content/en/bgb@2022-03-03.md", &format!("---\ntitle: BGB\n---\n\n{SECTION_305}Unwirksam ist\n\n1. (Annahmefrist) eine Bestimmung, nach Ablauf der Widerrufsfrist;\n\n1a. (Zahlungsfrist) eine Bestimmung über eine unangemessen lange Zahlungsfrist;\n\n2. (Nachfrist) eine Bestimmung über eine unangemessen lange Nachfrist;\n3. (Rücktrittsvorbehalt) die Vereinbarung eines Rechts des Verwenders.\n")),
    ]);
    site.run(&["build", "--as-of", "2024-01-01"]).ok();
    let page = site.read("basecamp/en/bgb/changes/2022-03-03/index.html");
    let body = &page[page.find("redline-body").unwrap()..];
    let after = &body[body.find("Zahlungsfrist").unwrap()..];
    assert!(!after.contains("<del>") && !after.contains("block-removed"), "{body}");
    assert!(after.contains("<ol start=\"2\">"), "{body}");
    assert_eq!(body.matches("(Nachfrist)").count(), 1, "{body}");
    let expected = [('-', "Widerrufs- oder Rückgabefrist"), ('+', "Widerrufsfrist")];
    let zahlungsfrist = "1a. (Zahlungsfrist) eine Bestimmung über eine unangemessen lange Zahlungsfrist;";
    assert_eq!(marks(body), owned(&[expected[0], expected[1], ('+', zahlungsfrist)]), "{body}");
}

/// One blank line between two items makes Markdown's whole list loose (each item's text in a
/// `<p>`), and taking it out makes it tight again. Neither is a change of the text: only the
/// words that changed are marked, not every item deleted and inserted again.
#[test]
fn a_list_that_turns_loose_or_tight_shows_only_the_words_that_changed() {
    let tight = "---\ntitle: T\n---\n\n1. (Annahmefrist) nach Ablauf der Widerrufs- oder Rückgabefrist;\n2. (Nachfrist) eine lange Nachfrist;\n3. (Rücktrittsvorbehalt) ein Recht des Verwenders.\n";
    let loose = "---\ntitle: T\n---\n\n1. (Annahmefrist) nach Ablauf der Widerrufsfrist;\n2. (Nachfrist) eine lange Nachfrist;\n\n3. (Rücktrittsvorbehalt) ein Recht des Verwenders.\n";
    let site = Fixture::new(&[
        ("site.toml", SITE),
        ("content/en/t@2012-08-02.md", tight),
        ("content/en/t@2022-03-03.md", loose),
        ("content/en/t@2023-03-03.md", &tight.replace("Nachfrist;", "Nachfrist, schriftlich;")),
    ]);
    site.run(&["build", "--as-of", "2024-01-01"]).ok();
    let body = |date: &str| {
        redline_body(&site.read(&format!("basecamp/en/t/changes/{date}/index.html"))).to_string()
    };
    let (turned_loose, turned_tight) = (body("2022-03-03"), body("2023-03-03"));
    let expected = owned(&[('-', "Widerrufs- oder Rückgabefrist"), ('+', "Widerrufsfrist")]);
    assert_eq!(marks(&turned_loose), expected, "{turned_loose}");
    assert_eq!(turned_loose.matches("<li>\n<p>").count(), 3, "the later, loose shape: {turned_loose}");
    let expected =
        owned(&[('-', "Widerrufsfrist"), ('+', "Widerrufs- oder Rückgabefrist"), ('+', ", schriftlich")]);
    assert_eq!(marks(&turned_tight), expected, "{turned_tight}");
    assert!(!turned_tight.contains("block-removed") && !turned_tight.contains("<p>"), "{turned_tight}");
}

/// TMG 2012 → 2022 (bundestag/gesetze), cut down: § 11 was repealed and § 16
/// Bußgeldvorschriften became § 11. The lists at the top name the removed § 11 and the
/// renumbered section with both its numbers, each linking to its version.
#[test]
fn a_renumbered_section_is_named_with_its_old_number_too() {
    let site = Fixture::new(&[
        ("site.toml", SITE),
        ("content/en/tmg@2012-08-02.md", "---\ntitle: TMG\n---\n\n## § 10 Speicherung\n\nDiensteanbieter sind nicht verantwortlich.\n\n## § 11 Anbieter-Nutzer-Verhältnis\n\nDie Vorschriften dieses Abschnitts gelten nicht für die Erhebung von Daten.\n\n## § 16 Bußgeldvorschriften\n\nOrdnungswidrig handelt, wer absichtlich eine Kommunikation verschleiert.\n"),
        ("content/en/tmg@2022-03-03.md", "---\ntitle: TMG\n---\n\n## § 10 Speicherung\n\nDiensteanbieter sind nicht verantwortlich.\n\n## § 11 Bußgeldvorschriften\n\nOrdnungswidrig handelt, wer vorsätzlich eine Kommunikation verschleiert.\n"),
    ]);
    site.run(&["build", "--as-of", "2024-01-01"]).ok();
    let page = site.read("basecamp/en/tmg/changes/2022-03-03/index.html");
    let lists = &page[page.find("redline-clauses").unwrap()..page.find("redline-body").unwrap()];
    let (old, new) = (
        "../../../../en/tmg/versions/2012-08-02/index.html",
        "../../../../en/tmg/versions/2022-03-03/index.html",
    );
    assert!(lists.contains(&format!("<li><a href=\"{old}#clause-11\">§ 11</a></li>")), "{lists}");
    let renumbered =
        format!("<li><a href=\"{old}#clause-16\">§ 16</a> → <a href=\"{new}#clause-11\">§ 11</a></li>");
    assert!(lists.contains(&renumbered), "{lists}");
}

/// The same text in blocks built another way (github/site-policy, CC0-1.0): the Registered
/// Developer Agreement's sections indented into their list items (429dbcb, "fix commonmark
/// issues": before, each body paragraph followed a list of one item), and the Corporate
/// Terms' `*` items made `-` like the last (f3ab319: two lists, then one). Not a word
/// changed, and before, every sentence showed struck and inserted again.
#[test]
fn the_same_text_in_blocks_built_another_way_is_not_marked() {
    let flat = "---\ntitle: A\n---\n\n1. **Terms of Use Will Apply**\n\n  You need an account in order to participate in the Program.\n\n1. **Fees and Payment**\n\n  There may be fees associated with participating in the Program.\n\n* Customer must not create an account for use of any person under the age of 13.\n\n* A User's login may not be shared by multiple people.\n\n- Customer must not use the Products in violation of export control laws.\n";
    let nested = flat.replace("\n  You", "\n   You").replace("\n  There", "\n   There").replace("* ", "- ");
    let site = Fixture::new(&[
        ("site.toml", SITE),
        ("content/en/a@2021-01-01.md", flat),
        ("content/en/a@2021-02-01.md", &nested),
    ]);
    site.run(&["build", "--as-of", "2024-01-01"]).ok();
    let page = site.read("basecamp/en/a/changes/2021-02-01/index.html");
    let body = redline_body(&page);
    assert_eq!(marks(body), [], "{body}");
    assert!(!body.contains("block-removed") && !body.contains("block-added"), "{body}");
    assert_eq!(body.matches("You need an account").count(), 1, "{body}");
    // The blocks did change (the sections now number 1, 2): not "Nothing changed".
    assert!(!page.contains("Nothing changed"), "{page}");
}

/// An item that loses its sub-list keeps its own words: only what changed is marked, and the
/// sub-items are struck in a list of their own, taking no number from the item's list.
#[test]
fn an_item_that_loses_its_sub_list_keeps_its_own_words() {
    let dpa = |two: &str| {
        format!("---\ntitle: DPA\n---\n\n1. The Processor shall process Personal Data only on documented instructions.\n2. The Processor shall ensure that its personnel{two}\n3. The Processor shall take all measures required pursuant to Article 32.\n")
    };
    let before = dpa(":\n   - have committed themselves to confidentiality;\n   - receive appropriate training on data protection.");
    let site = Fixture::new(&[
        ("site.toml", SITE),
        ("content/en/dpa@2021-01-01.md", &before),
        ("content/en/dpa@2021-02-01.md", &dpa(" comply with this Addendum.")),
    ]);
    site.run(&["build", "--as-of", "2024-01-01"]).ok();
    let page = site.read("basecamp/en/dpa/changes/2021-02-01/index.html");
    let body = redline_body(&page);
    let expected = [
        ('-', ":\n"),
        ('+', " comply with this Addendum."),
        ('-', "have committed themselves to confidentiality;"),
        ('-', "receive appropriate training on data protection."),
    ];
    assert_eq!(marks(body), owned(&expected), "{body}");
    assert!(body.contains("<ul class=\"block-removed\">"), "{body}");
    assert!(!body.contains("value="), "no item was removed from the numbered list: {body}");
}

/// GitHub's Registered Developer Agreement (github/site-policy, CC0-1.0) before 8e08df4 wrote
/// each section's title and text in one paragraph, split by `<br><br>`; after it, the title is
/// a list item and the text a paragraph of its own. Not a word changed in either.
#[test]
fn a_title_and_text_split_by_a_line_break_pair_with_two_paragraphs() {
    let joined = "---\ntitle: A\n---\n\n1. **Fees and Payment**\n<br><br>There may be fees associated with participating in the Program.\n\n2. **Term and Termination**\n<br><br>Either party may terminate this Agreement upon thirty days notice.\n";
    let apart = "---\ntitle: A\n---\n\n1. **Fees and Payment**\n\n  There may be fees associated with participating in the Program.\n\n2. **Term and Termination**\n\n  Either party may terminate this Agreement upon thirty days notice.\n";
    let site = Fixture::new(&[
        ("site.toml", SITE),
        ("content/en/a@2019-01-01.md", joined),
        ("content/en/a@2019-07-02.md", apart),
    ]);
    site.run(&["build", "--as-of", "2024-01-01"]).ok();
    let page = site.read("basecamp/en/a/changes/2019-07-02/index.html");
    let body = redline_body(&page);
    assert_eq!(marks(body), [], "{body}");
    assert!(!body.contains("block-removed") && !body.contains("block-added"), "{body}");
}

/// French terms (Open Terms Archive's france-versions, ODC-BY 1.0, Zalando's conditions of
/// sale 7aa3983 → aff6aac, cut down): a bold title `**15\. REGLEMENT AMIABLE DES LITIGES**`
/// got a `---` underline, and § 15 gained a sentence. Before, the title was struck and
/// added again, § 15 listed as added and § 14.5.4 (unchanged) as changed.
#[test]
fn a_paragraph_made_a_heading_with_the_same_words_is_the_same_clause() {
    let cgv = |title: &str, more: &str| {
        format!("---\ntitle: CGV\n---\n\n## 14. DROIT APPLICABLE\n\n14.5.4 Le droit français s'applique.\n\n{title}\n\nVous pouvez recourir à un médiateur.{more}\n")
    };
    let site = Fixture::new(&[
        ("site.toml", SITE),
        ("content/en/cgv@2025-07-20.md", &cgv("**15\\. REGLEMENT AMIABLE DES LITIGES**", "")),
        (
            "content/en/cgv@2026-01-01.md",
            &cgv("**15\\. REGLEMENT AMIABLE DES LITIGES**\n---", " Représentant légal : Anna Dimitrova."),
        ),
    ]);
    site.run(&["build", "--as-of", "2026-06-01"]).ok();
    let page = site.read("basecamp/en/cgv/changes/2026-01-01/index.html");
    let body = redline_body(&page);
    assert_eq!(marks(body), owned(&[('+', " Représentant légal : Anna Dimitrova.")]), "{body}");
    assert!(!body.contains("block-removed") && !body.contains("block-added"), "{body}");
    let lists = &page[page.find("redline-clauses").unwrap()..page.find("redline-body").unwrap()];
    assert!(!lists.contains("14.5.4") && !lists.contains("Clauses added"), "{lists}");
    assert!(lists.contains("#clause-15\">§ 15</a>"), "§ 15 changed: {lists}");
}

/// SNCF Connect's conditions of sale (Open Terms Archive's france-versions, ODC-BY 1.0,
/// 3ca5cbb → c1a10d6, cut down): item 1 and item 3 went on in a paragraph after the list,
/// later joined into the items. A struck paragraph that was in no list takes no number: it
/// showed as a struck "4." the old list never had.
#[test]
fn a_struck_paragraph_among_list_items_takes_no_number() {
    let old = "---\ntitle: CGV\n---\n\n1. Votre trajet doit inclure une ou plusieurs correspondances assemblées par\n\nle ou les transporteurs et proposées ainsi par SNCF Connect et,\n\n2. Votre trajet avec correspondance(s) est réglé par paiement unique et,\n\n3. Chacune des correspondances respecte les temps minimum et maximum définis par le ou\n\nles transporteurs concernés et,\n\n4. Un retard survient sur au moins un des trajets figurant sur votre billet.\n";
    let new = "---\ntitle: CGV\n---\n\n1. Votre trajet doit inclure une ou plusieurs correspondances assemblées par le ou les transporteurs et proposées ainsi par SNCF Connect et,\n2. Votre trajet avec correspondance(s) est réglé par paiement unique et,\n3. Chacune des correspondances respecte les temps minimum et maximum définis par le ou les transporteurs concernés et,\n4. Un retard survient sur au moins un des trajets figurant sur votre billet.\n";
    let site = Fixture::new(&[
        ("site.toml", SITE),
        ("content/en/cgv@2026-01-23.md", old),
        ("content/en/cgv@2026-02-26.md", new),
    ]);
    site.run(&["build", "--as-of", "2026-06-01"]).ok();
    let page = site.read("basecamp/en/cgv/changes/2026-02-26/index.html");
    let body = redline_body(&page);
    assert!(!body.contains("<li class=\"block-removed\"") && !body.contains("value="), "{body}");
    assert!(body.contains("<p class=\"block-removed\"><del>"), "the paragraph is struck: {body}");
    assert_eq!(body.matches("<li").count(), 4, "{body}");
}
