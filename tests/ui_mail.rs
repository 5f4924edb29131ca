//! An email in the window: the reader's links to the previous and next message of a
//! conversation, followed by a click as a person would.
#![cfg(feature = "gui")]

mod common;

use common::ui::*;
use egui_kittest::kittest::{NodeT as _, Queryable};

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

/// A mailbox whose messages are in neither date nor name order in the file: a
/// conversation of three ("Lease", its reply, a forward of the reply) and one message of
/// its own.
fn mailbox_with_a_conversation() -> String {
    let messages = [
        (
            "fwd",
            "reply",
            "Wed, 6 Mar 2024 11:00:00 +0000",
            "Fwd: Re: Lease",
        ),
        ("other", "", "Thu, 7 Mar 2024 08:00:00 +0000", "Budget"),
        (
            "reply",
            "lease",
            "Tue, 5 Mar 2024 09:30:00 +0000",
            "Re: Lease",
        ),
        ("lease", "", "Mon, 4 Mar 2024 10:00:00 +0000", "Lease"),
    ];
    let mut mbox = String::new();
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
fn grouped_by_conversation_a_mailbox_lists_a_thread_under_its_subject_in_date_order() {
    let fx = fixture();
    let folder = fx.dir.path().join("mail");
    std::fs::create_dir_all(&folder).expect("mkdir");
    std::fs::write(folder.join("inbox.mbox"), mailbox_with_a_conversation()).expect("write");
    let mut h = opened(&fx, folder);
    h.get_by_role_and_label(egui::accesskit::Role::ComboBox, "Group")
        .click();
    h.run();
    h.get_by_label("by conversation").click();
    h.run();
    // The window opens on the mailbox's first message, so the mailbox may be open.
    if h.query_by_label("Budget").is_none() {
        h.get_by_label("inbox.mbox, 4 parts").click();
        h.run();
    }
    // The conversation under its subject, the message of its own beside it, closed.
    assert!(h.query_by_label("Budget").is_some());
    assert!(h.query_by_label("Re: Lease").is_none());
    h.get_by_label("Lease, 3 messages").click();
    h.run();
    let listed: Vec<String> = h
        .query_all_by_role(egui::accesskit::Role::ListBoxOption)
        .filter_map(|n| n.accesskit_node().label())
        .collect();
    // "Budget", then the conversation "Lease" with its messages oldest first, though by
    // name the forward would come first.
    assert_eq!(listed, ["Budget", "Lease", "Re: Lease", "Fwd: Re: Lease"]);
    h.get_by_label("Re: Lease").click();
    h.run();
    let current = h.state().current_document().expect("a document");
    assert_eq!(current.path, "inbox.mbox#reply@example.org");
}
