//! What a load has done so far, as the window's status bar and loading card say it:
//! files read, and for a mailbox its messages and attachments read, with the time left at
//! the pace so far.

use super::PartsProgress;
use crate::text::counted;

/// A snapshot of a load's progress.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct LoadStatus {
    /// Files the load will read (0 while the folder is still being walked).
    pub files: usize,
    /// Files, or documents, read or skipped so far.
    pub done: usize,
    /// The mailbox being read, when one is.
    pub parts: Option<PartsProgress>,
    /// Seconds since the load started.
    pub elapsed: f64,
}

impl LoadStatus {
    /// The share done, in [0, 1]: the larger of the share of files and the share of the
    /// mailbox being read (a mailbox is most of the time of the folder that holds it).
    pub fn fraction(&self) -> f32 {
        let files = if self.files == 0 {
            0.0
        } else {
            (self.done as f64 / self.files as f64).min(1.0)
        };
        let mailbox = self.parts.filter(|p| p.bytes_total > 0).map_or(0.0, |p| {
            (p.bytes_read as f64 / p.bytes_total as f64).min(1.0)
        });
        files.max(mailbox) as f32
    }

    /// Seconds left at the pace so far, once there is a pace to go by (a second in, a
    /// hundredth done).
    pub fn seconds_left(&self) -> Option<f64> {
        let f = f64::from(self.fraction());
        (self.elapsed >= 1.0 && (0.01..1.0).contains(&f)).then(|| self.elapsed * (1.0 - f) / f)
    }

    /// "2 / 10 files · about 40 s left": short enough for a progress bar.
    pub fn describe(&self) -> String {
        if self.files == 0 {
            return "Finding files…".to_owned();
        }
        let mut line = format!(
            "{} / {}",
            self.done.min(self.files),
            counted(self.files, "file", "files")
        );
        if let Some(left) = self.seconds_left() {
            line.push_str(" · about ");
            line.push_str(&time_left(left));
            line.push_str(" left");
        }
        line
    }

    /// "12000 messages, 340 attachments read", while a mailbox is read.
    pub fn parts_read(&self) -> Option<String> {
        self.parts.map(|parts| {
            format!(
                "{}, {} read",
                counted(parts.messages, "message", "messages"),
                counted(parts.attachments, "attachment", "attachments")
            )
        })
    }
}

/// "40 s", "3 min", "2 h 5 min".
fn time_left(seconds: f64) -> String {
    let s = seconds.ceil() as u64;
    match s {
        0..=89 => format!("{s} s"),
        90..=5399 => format!("{} min", (s + 30) / 60),
        _ => format!("{} h {} min", s / 3600, (s % 3600) / 60),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mailbox_being_read_says_its_messages_attachments_and_time_left() {
        let status = LoadStatus {
            files: 2,
            done: 1,
            parts: Some(PartsProgress {
                messages: 25_000,
                attachments: 310,
                bytes_read: 250,
                bytes_total: 1000,
            }),
            elapsed: 30.0,
        };
        assert_eq!(status.fraction(), 0.5);
        assert_eq!(status.describe(), "1 / 2 files · about 30 s left");
        assert_eq!(
            status.parts_read().as_deref(),
            Some("25000 messages, 310 attachments read")
        );
        let mailbox_ahead = LoadStatus {
            parts: Some(PartsProgress {
                bytes_read: 900,
                ..status.parts.expect("parts")
            }),
            ..status
        };
        assert_eq!(mailbox_ahead.fraction(), 0.9);
    }

    #[test]
    fn no_time_left_is_guessed_before_there_is_a_pace() {
        let starting = LoadStatus {
            files: 100,
            done: 0,
            parts: None,
            elapsed: 5.0,
        };
        assert_eq!(starting.seconds_left(), None);
        assert_eq!(starting.describe(), "0 / 100 files");
        assert_eq!(starting.parts_read(), None);
        assert_eq!(LoadStatus::default().describe(), "Finding files…");
        assert_eq!(time_left(200.0), "3 min");
        assert_eq!(time_left(7260.0), "2 h 1 min");
    }
}
