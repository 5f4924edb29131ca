//! An email in the window: the reader's links to the previous and next message of a
//! conversation, followed by a click as a person would.
#![cfg(feature = "gui")]

use crate::common;

use common::ui::*;
use egui_kittest::kittest::{NodeT as _, Queryable};

/// A mailbox of `messages`: (id, the id it replies to or "", date, subject).
fn mailbox(messages: &[(&str, &str, &str, &str)]) -> String {
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

/// Three messages of one conversation, each replying to the one before.
fn conversation() -> String {
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
    mailbox(&messages)
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
    mailbox(&messages)
}

#[test]
fn grouped_by_conversation_a_mailbox_lists_a_thread_under_its_subject_in_date_order() {
    let fx = fixture();
    let folder = fx.dir.path().join("mail");
    std::fs::create_dir_all(&folder).expect("mkdir");
    std::fs::write(folder.join("inbox.mbox"), mailbox_with_a_conversation()).expect("write");
    let mut h = opened(&fx, folder);
    // The message of its own open, so that grouping opens no conversation to show it.
    if h.query_by_label("Budget").is_none() {
        h.get_by_label("inbox.mbox, 4 parts").click();
        h.run();
    }
    h.get_by_role_and_label(egui::accesskit::Role::ListBoxOption, "Budget")
        .click();
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::ComboBox, "Group")
        .click();
    h.run();
    h.get_by_label("by conversation").click();
    h.run();
    // The conversation under its subject, the message of its own beside it, closed.
    assert!(
        h.query_by(|n| n.role() == egui::accesskit::Role::ListBoxOption
            && n.label().as_deref() == Some("Budget"))
            .is_some()
    );
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

/// The list's row of the message open in the reader, if it is shown: its label and
/// whether it is marked as the open one.
fn open_row(h: &egui_kittest::Harness<'static, dossier::app::DossierApp>) -> Option<bool> {
    let title = h.state().current_document()?.title.clone();
    h.query_by(|n| {
        n.role() == egui::accesskit::Role::ListBoxOption
            && n.label().as_deref() == Some(title.as_str())
    })
    .map(|row| row.accesskit_node().toggled() == Some(egui::accesskit::Toggled::True))
}

#[test]
fn the_open_message_stays_shown_in_the_list_when_the_grouping_changes() {
    let fx = fixture();
    let folder = fx.dir.path().join("mail");
    std::fs::create_dir_all(&folder).expect("mkdir");
    std::fs::write(folder.join("inbox.mbox"), mailbox_with_a_conversation()).expect("write");
    let mut h = opened(&fx, folder);
    if h.query_by_label("Re: Lease").is_none() {
        h.get_by_label("inbox.mbox, 4 parts").click();
        h.run();
    }
    h.get_by_label("Re: Lease").click();
    h.run();
    assert_eq!(
        open_row(&h),
        Some(true),
        "the message clicked is marked open"
    );
    let group = |h: &mut egui_kittest::Harness<'static, dossier::app::DossierApp>, by: &str| {
        h.get_by_role_and_label(egui::accesskit::Role::ComboBox, "Group")
            .click();
        h.run();
        h.get_by_label(by).click();
        h.run();
    };
    // Grouped, the reply sits in its conversation, which was never opened: it is opened.
    group(&mut h, "by conversation");
    assert_eq!(
        open_row(&h),
        Some(true),
        "the open message's conversation is opened to show it"
    );
    // The conversation closed by hand, the next message of the thread opened from the
    // reader: the conversation is opened again to show it.
    h.get_by_label("Lease, 3 messages").click();
    h.run();
    assert_eq!(open_row(&h), None, "the conversation is closed");
    h.get_by_label("Fwd: Re: Lease →").click();
    h.run();
    let current = h.state().current_document().expect("a document");
    assert_eq!(current.path, "inbox.mbox#fwd@example.org");
    assert_eq!(open_row(&h), Some(true), "the next message's row is shown");
}
