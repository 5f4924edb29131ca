//! The window's panels. Each takes what it shows (borrowed) and a queue of actions; none
//! changes application state directly.

pub mod annotations;
pub mod codebook;
pub mod dialogs;
pub mod doc_list;
pub mod entities;
pub mod menu_bar;
pub mod palette;
pub mod status_bar;
pub mod welcome;
pub mod widgets;
