//! The corpus views and the window's chrome driven as a person would (egui_kittest): the
//! search toggles, the network's zoom, labels and node search, the View menu and the tab
//! bar of the central area.
#![cfg(feature = "gui")]

use crate::common;

use common::ui::*;
use dossier::app::{CentralView, layout};
use egui::{Key, Modifiers};
use egui_kittest::kittest::{NodeT as _, Queryable};

#[test]
fn switching_the_search_to_a_regular_expression_searches_again() {
    let fx = fixture();
    let mut h = opened(&fx, fx.sample.clone());
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::F);
    h.run();
    // Typed as words, the expression finds nothing.
    field(&h, "Search all documents").type_text(r"As+ad\b");
    wait_until(&mut h, "the literal search", |a| a.search_hits() == Some(0));
    assert!(h.query_by_label("No matches").is_some());
    // One click on ".*", no Enter: it runs as a regular expression.
    h.get_by_label(".*").click();
    wait_until(&mut h, "the regular expression's matches", |a| {
        a.search_hits().is_some_and(|n| n > 0)
    });
    assert!(h.query_by_label("No matches").is_none());
    // And back: the literal query runs again too.
    h.get_by_label(".*").click();
    wait_until(&mut h, "the literal search again", |a| {
        a.search_hits() == Some(0)
    });
}

/// The tab of `view` in the central tab bar: the node named with its full or short name
/// that lies in the bar (below the menu bar, above the view).
fn tab_rect(
    h: &egui_kittest::Harness<'static, dossier::app::DossierApp>,
    view: CentralView,
) -> egui::Rect {
    let (full, brief) = view.tab_labels();
    h.query_all_by(|n| n.label().is_some_and(|l| l == full || l == brief))
        .map(|n| n.rect())
        .filter(|r| r.top() < 80.0)
        .min_by(|a, b| a.top().total_cmp(&b.top()))
        .unwrap_or_else(|| panic!("no tab for {view:?}"))
}

#[test]
fn every_view_is_in_the_view_menu_and_its_tab_is_never_clipped() {
    let fx = fixture();
    let mut h = opened(&fx, fx.sample.clone());
    // The View menu lists every view the tabs show, each with its shortcut.
    h.get_by_label("View").click();
    h.run();
    for view in CentralView::ALL {
        let label = view.command().label();
        assert!(
            h.query_by_label_contains(label).is_some(),
            "{label} is not in the View menu"
        );
    }
    h.key_press(Key::Escape);
    h.run();

    // Widen the left panel with the search tab, then drag its edge as far as it goes.
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::F);
    h.run();
    field(&h, "Search all documents").type_text("the");
    wait_until(&mut h, "the search", |a| a.search_hits().is_some());
    let (left, _, _) = h.state().panel_widths();
    let edge = egui::pos2(left + 1.0, 400.0);
    h.hover_at(edge);
    h.step();
    h.drag_at(edge);
    h.step();
    for x in [600.0, 800.0, 1000.0] {
        h.hover_at(egui::pos2(x, 400.0));
        h.step();
    }
    h.drop_at(egui::pos2(1000.0, 400.0));
    h.run();
    let (left, centre, _) = h.state().panel_widths();
    assert!(
        left > layout::LEFT_DEFAULT,
        "the left panel was widened ({left})"
    );
    assert_eq!(h.state().central_view(), CentralView::Reader);
    // Every tab lies whole inside the centre, in a 1280-point window.
    let bar = egui::Rangef::new(left, left + centre);
    for view in CentralView::ALL {
        let rect = tab_rect(&h, view);
        assert!(
            bar.contains(rect.left()) && bar.contains(rect.right()),
            "{view:?}'s tab {rect:?} is clipped by the centre {bar:?}"
        );
    }
}

/// The names the network canvas draws, as it tells a screen reader.
fn network_names(h: &egui_kittest::Harness<'static, dossier::app::DossierApp>) -> Vec<String> {
    let value = h
        .get_by_label("Network drawing")
        .value()
        .unwrap_or_default();
    let names = value.strip_prefix("Names shown: ").unwrap_or_default();
    names
        .split(", ")
        .filter(|n| !n.is_empty())
        .map(str::to_owned)
        .collect()
}

fn open_network(fx: &Fixture) -> egui_kittest::Harness<'static, dossier::app::DossierApp> {
    let mut h = recognised(fx, fx.sample.clone());
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num6);
    h.step();
    assert_eq!(h.state().central_view(), CentralView::Network);
    step_until_drawn(&mut h, "Entity: Damascus (Place), ");
    h
}

/// The entity nodes drawn: (name, mentions, centre on screen).
fn network_nodes(
    h: &egui_kittest::Harness<'static, dossier::app::DossierApp>,
) -> Vec<(String, usize, egui::Pos2)> {
    h.query_all_by(|n| n.label().is_some_and(|l| l.starts_with("Entity: ")))
        .filter_map(|n| {
            let label = n.accesskit_node().label()?;
            let (name, rest) = label.strip_prefix("Entity: ")?.rsplit_once(" (")?;
            let mentions = rest.split("), ").nth(1)?.split(' ').next()?.parse().ok()?;
            Some((name.to_owned(), mentions, n.rect().center()))
        })
        .collect()
}

#[test]
fn the_wheel_zooms_the_network_and_names_what_fits() {
    let fx = fixture();
    let mut h = open_network(&fx);
    let before = network_names(&h);
    assert!(!before.is_empty(), "the best-known entities are named");
    // The wheel over a node in the crowded centre of the canvas zooms in there.
    let canvas = h.get_by_label("Network drawing").rect();
    let nodes = network_nodes(&h);
    let (name, _, at) = nodes
        .iter()
        .min_by(|a, b| {
            let d = |n: &(String, usize, egui::Pos2)| n.2.distance(canvas.center());
            d(a).total_cmp(&d(b))
        })
        .cloned()
        .expect("nodes");
    let spread = |nodes: &[(String, usize, egui::Pos2)]| {
        nodes.iter().map(|n| n.2.distance(at)).sum::<f32>() / nodes.len() as f32
    };
    let spread_before = spread(&nodes);
    h.hover_at(at);
    h.step();
    for _ in 0..6 {
        h.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: egui::vec2(0.0, 120.0),
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Wheel,
            modifiers: Modifiers::NONE,
        });
        h.step();
    }
    for _ in 0..40 {
        h.step();
    }
    let after_nodes = network_nodes(&h);
    let hovered = after_nodes.iter().find(|n| n.0 == name).expect("the node");
    assert!(
        hovered.2.distance(at) < 2.0,
        "the node under the pointer stays there"
    );
    let kept: Vec<_> = after_nodes
        .iter()
        .filter(|n| nodes.iter().any(|m| m.0 == n.0))
        .cloned()
        .collect();
    assert!(
        spread(&kept) > 1.5 * spread_before.min(spread(&nodes)),
        "zoomed in: the nodes drew apart"
    );
    // Zoomed in, names that did not fit are drawn, less known entities' too: names are
    // not kept for the thirty most mentioned.
    let after = network_names(&h);
    let mut mentions: Vec<usize> = nodes.iter().map(|n| n.1).collect();
    mentions.sort_unstable_by(|a, b| b.cmp(a));
    let thirtieth = mentions.get(29).copied().unwrap_or(0);
    let newly: Vec<&(String, usize, egui::Pos2)> = after_nodes
        .iter()
        .filter(|n| after.contains(&n.0) && !before.contains(&n.0))
        .collect();
    assert!(
        newly.iter().any(|n| n.1 < thirtieth),
        "before {before:?}, newly named {newly:?}"
    );
}

#[test]
fn the_network_search_box_finds_selects_and_centres_a_node() {
    let fx = fixture();
    let mut h = open_network(&fx);
    let canvas = h.get_by_label("Network drawing").rect();
    let find = field(&h, "Find an entity by name");
    find.focus();
    find.type_text("damasc");
    for _ in 0..5 {
        h.step();
    }
    let node = h.get_by(|n| {
        n.label()
            .is_some_and(|l| l.starts_with("Entity: Damascus (Place), "))
    });
    let offset = node.rect().center() - canvas.center();
    assert!(
        offset.length() < 2.0,
        "and in the middle of the view ({offset:?})"
    );
    // Its details are beside the network, as after a click.
    assert!(
        h.query_by_label_contains("Show in the entity index")
            .is_some()
    );
}

#[test]
fn one_skipped_file_is_counted_in_the_singular() {
    let fx = fixture();
    std::fs::write(
        fx.sample.join("news/broken.txt"),
        b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0",
    )
    .expect("write");
    let mut h = opened(&fx, fx.sample.clone());
    assert!(h.query_by_label("1 files skipped").is_none());
    h.get_by_label("1 file skipped").click();
    h.run();
    assert!(h.query_by_label("1 file was not loaded").is_some());
    assert!(h.query_by_label("1 files were not loaded").is_none());
}

#[test]
fn a_single_search_match_is_one_match_to_annotate() {
    let fx = fixture();
    let mut h = opened(&fx, fx.sample.clone());
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::F);
    h.run();
    field(&h, "Search all documents").type_text("airstrike near Tabqa");
    wait_until(&mut h, "search results", |a| a.search_hits() == Some(1));
    assert!(h.query_by_label("Annotate 1 matches…").is_none());
    h.get_by_label("Annotate 1 match…").click();
    h.run();
    assert!(h.query_by_label("Annotate 1 match").is_some());
}

fn day(y: i16, m: i8, d: i8) -> jiff::civil::Date {
    jiff::civil::date(y, m, d)
}

/// The days the time axis shows, as it names them for a screen reader: "Time axis from
/// 2 May 2014 to 30 January 2025".
fn axis_range(
    h: &egui_kittest::Harness<'static, dossier::app::DossierApp>,
) -> (jiff::civil::Date, jiff::civil::Date) {
    let label = h
        .query_all_by(|n| n.label().is_some_and(|l| l.starts_with("Time axis from ")))
        .next()
        .and_then(|n| n.accesskit_node().label())
        .expect("the time axis");
    let parse = |text: &str| {
        jiff::civil::Date::strptime("%d %B %Y", text).unwrap_or_else(|e| panic!("{text}: {e}"))
    };
    let (from, to) = label
        .trim_start_matches("Time axis from ")
        .split_once(" to ")
        .expect("from … to …");
    (parse(from), parse(to))
}

/// The time axis after a slashed date's order is chosen: a view the user zoomed in on
/// December 2024 widens to show the date that moved to June 2014 (and still December
/// 2024), with no Fit; the other order, chosen on the statement's card, lands inside that
/// view, which then stays as it is.
#[test]
fn the_time_axis_brings_a_reordered_date_into_a_zoomed_view_and_keeps_one_that_shows_it() {
    let fx = fixture();
    let folder = fx.dir.path().join("slashed");
    std::fs::create_dir_all(&folder).expect("folder");
    std::fs::write(
        folder.join("cable.txt"),
        "The convoy left Homs on 10/06/2014 under fire.\n",
    )
    .expect("write");
    std::fs::write(
        folder.join("memo.txt"),
        "Opposition forces entered Damascus on 8 December 2024.\n",
    )
    .expect("write");
    let mut h = recognised(&fx, folder);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num4);
    h.step();
    step_until_drawn(&mut h, "Time axis from ");
    let (from, to) = axis_range(&h);
    assert!(
        from > day(2024, 10, 1) && to < day(2025, 2, 1),
        "{from}..{to}"
    );
    // Zoomed in on December 2024 by the user.
    for _ in 0..2 {
        h.get_by_label("+").click();
        h.step();
    }
    h.run();
    let (zoomed_from, zoomed_to) = axis_range(&h);
    assert!(
        zoomed_from > from && zoomed_to < to,
        "{zoomed_from}..{zoomed_to}"
    );
    // Day first, from the Undated tab.
    h.get_by_label("Undated (1)").click();
    h.step();
    step_until_drawn(&mut h, "Day first (10 June 2014)");
    h.get_by_label("Day first (10 June 2014)").click();
    h.step();
    h.step();
    wait_until(&mut h, "entity recognition", |a| !a.recognising_entities());
    step_until_drawn(&mut h, "Undated (0)");
    h.query_all_by_label("Timeline")
        .max_by(|a, b| a.rect().top().total_cmp(&b.rect().top()))
        .expect("the time axis tab")
        .click();
    h.step();
    // Both in sight without Fit: what moved, and what the user had zoomed on.
    step_until_drawn(&mut h, "Statement: 10/06/2014 (2014-06-10)");
    step_until_drawn(&mut h, "Statement: 8 December 2024 (2024-12-08)");
    let (from, to) = axis_range(&h);
    assert!(
        from <= day(2014, 6, 10) && to >= day(2024, 12, 9),
        "{from}..{to}"
    );

    // Month first, from the statement's card: 6 October 2014 is inside the view, which
    // the user's widened view keeps exactly.
    h.get_by_label("Statement: 10/06/2014 (2014-06-10)")
        .click_accesskit();
    h.step();
    step_until_drawn(&mut h, "Month first (6 October 2014)");
    // The card's panel takes its height over the next frames.
    for _ in 0..3 {
        h.step();
    }
    h.query_all_by_label("Month first (6 October 2014)")
        .next()
        .expect("the card's choice")
        .click();
    h.step();
    h.step();
    let order = h.state().session().and_then(|s| {
        s.workspace
            .project
            .entity_rules
            .slash_order(Some("cable.txt"))
    });
    assert_eq!(order, Some(dossier::entities::SlashOrder::MonthFirst));
    wait_until(&mut h, "entity recognition", |a| !a.recognising_entities());
    step_until_drawn(&mut h, "Statement: 10/06/2014 (2014-10-06)");
    assert_eq!(
        axis_range(&h),
        (from, to),
        "a view that shows what moved stays"
    );
}

#[test]
fn a_slashed_date_read_day_first_from_the_undated_tab_moves_onto_the_timeline() {
    let fx = fixture();
    let folder = fx.dir.path().join("slashed");
    std::fs::create_dir_all(&folder).expect("folder");
    std::fs::write(
        folder.join("cable.txt"),
        "The convoy left Homs on 10/06/2014 under fire.\n",
    )
    .expect("write");
    std::fs::write(
        folder.join("memo.txt"),
        "Opposition forces entered Damascus on 8 December 2024.\n",
    )
    .expect("write");
    let mut h = recognised(&fx, folder);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num4);
    h.step();
    step_until_drawn(&mut h, "Undated (1)");
    h.get_by_label("Undated (1)").click();
    h.step();
    h.step();
    // The row says what the date may be, and offers the two readings.
    step_until_drawn(
        &mut h,
        "“10/06/2014” · 10 June or 6 October 2014 (day and month order unknown)",
    );
    let rules = |h: &egui_kittest::Harness<'static, dossier::app::DossierApp>| {
        h.state()
            .session()
            .map(|s| s.workspace.project.entity_rules.clone())
            .unwrap_or_default()
    };
    assert!(h.query_by_label("Month first (6 October 2014)").is_some());
    h.get_by_label("Day first (10 June 2014)").click();
    h.step();
    h.step();
    assert_eq!(
        rules(&h).slash_order(Some("cable.txt")),
        Some(dossier::entities::SlashOrder::DayFirst)
    );
    // Recognised again: nothing left undated, the statement on the axis.
    wait_until(&mut h, "entity recognition", |a| !a.recognising_entities());
    step_until_drawn(&mut h, "Undated (0)");
    // The view's own "Timeline" tab, below the central tab bar's.
    h.query_all_by_label("Timeline")
        .max_by(|a, b| a.rect().top().total_cmp(&b.rect().top()))
        .expect("the time axis tab")
        .click();
    h.step();
    // The axis was fitted to December 2024 alone and never zoomed: it follows, no Fit.
    step_until_drawn(&mut h, "Statement: 10/06/2014 (2014-06-10)");
    step_until_drawn(&mut h, "Statement: 8 December 2024 (2024-12-08)");
    let (from, to) = axis_range(&h);
    assert!(
        from <= day(2014, 6, 10) && to >= day(2024, 12, 9),
        "{from}..{to}"
    );
    // Undone: back in the Undated tab.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.step();
    h.step();
    assert!(rules(&h).slash_orders.is_empty());
    wait_until(&mut h, "entity recognition", |a| !a.recognising_entities());
    step_until_drawn(&mut h, "Undated (1)");
    h.get_by_label("Undated (1)").click();
    h.step();
    // Month first in every document: the menu's item, below the row's own buttons.
    step_until_drawn(&mut h, "In every document…");
    h.get_by_label("In every document…").click();
    h.step();
    h.step();
    h.query_all_by_label("Month first (6 October 2014)")
        .max_by(|a, b| a.rect().top().total_cmp(&b.rect().top()))
        .expect("the menu's item")
        .click();
    h.step();
    h.step();
    let rules = rules(&h);
    assert_eq!(
        rules.slash_order(None),
        Some(dossier::entities::SlashOrder::MonthFirst)
    );
    assert_eq!(rules.slash_order(Some("cable.txt")), None);
    wait_until(&mut h, "entity recognition", |a| !a.recognising_entities());
    step_until_drawn(&mut h, "Undated (0)");
}
