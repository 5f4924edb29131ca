//! A workbook in the window (issue 23): its sheets are documents of their own, a sheet is
//! shown as a grid with column letters, row numbers and its header row, and selecting
//! cells selects their text, which the text view shows as any document's.
#![cfg(feature = "gui")]

use crate::common;
use crate::support;

use common::ui::{fixture, open_document, opened};
use egui::{Modifiers, Role};
use egui_kittest::kittest::Queryable;
use support::tables::xlsx;

#[test]
fn a_workbook_opens_as_two_sheet_documents_each_a_grid_with_headers() {
    let fx = fixture();
    let folder = fx.dir.path().join("tables");
    std::fs::create_dir_all(&folder).expect("mkdir");
    let budget: &[&[&str]] = &[&["Item", "Amount"], &["Fuel", "1200.5"], &["Food", "300"]];
    let people: &[&[&str]] = &[&["Name", "City"], &["Jane Analyst", "Leeds"]];
    std::fs::write(
        folder.join("figures.xlsx"),
        xlsx(&[("Budget", budget), ("People", people)]),
    )
    .expect("write");
    let mut h = opened(&fx, folder);
    let documents: Vec<String> = h
        .state()
        .session()
        .expect("open")
        .corpus
        .documents
        .iter()
        .map(|d| d.path.clone())
        .collect();
    assert_eq!(documents, ["figures.xlsx#Budget", "figures.xlsx#People"]);

    // Both sheets are listed, by their names (the first is shown in the reader as well).
    assert!(h.query_all_by_label("People").count() >= 1);
    assert!(h.query_all_by_label("Budget").count() >= 1);
    let shown = h.state().current_document().map(|d| d.title.clone());
    if shown.as_deref() != Some("Budget") {
        open_document(&mut h, "Budget", "Budget");
    }
    h.get_by_role_and_label(Role::Table, "Table Budget");
    for column in ["A", "B"] {
        h.get_by_role_and_label(Role::ColumnHeader, column);
    }
    for row in ["1", "2", "3"] {
        h.get_by_role_and_label(Role::RowHeader, row);
    }
    // The sheet's own header row is its first row.
    let item = h.get_by_role_and_label(Role::Cell, "Item").rect();
    let fuel = h.get_by_role_and_label(Role::Cell, "Fuel").rect();
    assert!(item.bottom() <= fuel.top() + 1.0, "{item:?} above {fuel:?}");

    // A click selects a cell's text; a shift-click the text from there to another cell.
    h.get_by_role_and_label(Role::Cell, "Fuel").click();
    h.run();
    assert_eq!(selected_text(&h), "Fuel");
    h.get_by_role_and_label(Role::Cell, "300")
        .click_modifiers(Modifiers::SHIFT);
    h.run();
    assert_eq!(selected_text(&h), "Fuel\t1200.5\nFood\t300");

    // The same document as text, the selection kept.
    h.get_by_label("Text").click();
    h.run();
    h.get_by_label("Document text");
    assert!(h.query_by_role(Role::Table).is_none(), "the grid is gone");
    assert_eq!(selected_text(&h), "Fuel\t1200.5\nFood\t300");
}

/// A CSV with a thousand empty rows between two of its rows: the run is left out of the
/// grid, and the row after it keeps the sheet's number, 1003, as a spreadsheet shows it.
#[test]
fn rows_after_a_long_run_of_empty_rows_keep_the_sheets_numbers() {
    let fx = fixture();
    let folder = fx.dir.path().join("tables");
    std::fs::create_dir_all(&folder).expect("mkdir");
    let mut csv = String::from("Item,Amount\nFuel,1200\n");
    csv.push_str(&",\n".repeat(1000));
    csv.push_str("Food,300\n");
    std::fs::write(folder.join("gaps.csv"), csv).expect("write");
    let mut h = opened(&fx, folder);
    let title = h.state().session().expect("open").corpus.documents[0]
        .title
        .clone();
    if h.state().current_document().map(|d| d.title.clone()) != Some(title.clone()) {
        open_document(&mut h, &title, &title);
    }
    h.get_by_role_and_label(Role::Table, &format!("Table {title}"));
    for row in ["1", "2", "1003"] {
        h.get_by_role_and_label(Role::RowHeader, row);
    }
    assert!(
        h.query_by_role_and_label(Role::RowHeader, "3").is_none(),
        "no empty row is numbered 3"
    );
    // The row after the run is still the text's: a click selects its cell.
    h.get_by_role_and_label(Role::Cell, "Food").click();
    h.run();
    assert_eq!(selected_text(&h), "Food");
}

fn selected_text(h: &egui_kittest::Harness<'static, dossier::app::DossierApp>) -> String {
    let range = h.state().selection().expect("a selection");
    let doc = h.state().current_document().expect("a document");
    doc.text.slice(range).expect("in the text").to_owned()
}
