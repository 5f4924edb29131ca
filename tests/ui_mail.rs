//! An email in the window: the reader's links to the previous and next message of a
//! conversation, followed by a click as a person would.
#![cfg(feature = "gui")]

mod common;

use common::ui::*;
use egui_kittest::kittest::Queryable;

/// Three messages of one conversation, each replying to the one before.
fn conversation() -> String {
    let mut mbox = String::new();
    let messages = [
        (
            "first",
            "",
            "Mon, 4 Mar 2024 10:00:00 +0000",
            "Audit and lease",
        ),
        (
            "reply",
            "first",
            "Tue, 5 Mar 2024 09:30:00 +0000",
            "Re: Audit and lease",
        ),
        (
            "third",
            "reply",
            "Wed, 6 Mar 2024 11:00:00 +0000",
            "Re: Re: Audit and lease",
        ),
    ];
    for (id, replies_to, date, subject) in messages {
        mbox.push_str(&format!(
            "From jane@example.org Mon Mar  4 10:00:00 2024\nFrom: Jane Analyst <jane@example.org>\nDate: {date}\nSubject: {subject}\nMessage-ID: <{id}@example.org>\n"
        ));
        if !replies_to.is_empty() {
            mbox.push_str(&format!("In-Reply-To: <{replies_to}@example.org>\n"));
        }
        mbox.push_str(&format!("\nThe text of {id}.\n\n"));
    }
    mbox
}

#[test]
fn the_reader_links_to_the_previous_and_next_message_of_a_conversation() {
    let fx = fixture();
    let folder = fx.dir.path().join("mail");
    std::fs::create_dir_all(&folder).expect("mkdir");
    std::fs::write(folder.join("inbox.mbox"), conversation()).expect("write");
    let mut h = opened(&fx, folder);
    open_document(&mut h, "Re: Audit", "Re: Audit and lease");
    h.get_by_label("Re: Re: Audit and lease →").click();
    h.run();
    let current = h.state().current_document().expect("a document");
    assert_eq!(current.path, "inbox.mbox#third@example.org");
    // The last message has no next one; its previous is the reply again.
    assert!(h.query_by_label_contains(" →").is_none());
    h.get_by_label("← Re: Audit and lease").click();
    h.run();
    let current = h.state().current_document().expect("a document");
    assert_eq!(current.path, "inbox.mbox#reply@example.org");
}
